import { describe, expect, it } from 'vitest';
import { Analysis } from '../analysis.js';
import { compileContext } from '../context.js';
import { context, NOW, pack, post } from '../../../test/support/kit.js';
import { personMentions, properNames, studentMentions } from './people.js';

function analyse(text: string, ctx = context()): Analysis {
  return new Analysis(post(text), compileContext(ctx), pack, NOW);
}

describe('people analyzer', () => {
  it('finds roster names and aliases with spans that quote them', () => {
    const a = analyse('Great job Maya Lopez and Sam Ortiz! Maya L. was amazing.');
    const ms = personMentions(a);
    expect(ms.map((m) => [m.quote, m.personId, m.kind, m.via])).toEqual([
      ['Maya Lopez', 'S200', 'student', 'roster-name'],
      ['Sam Ortiz', 'E101', 'employee', 'roster-name'],
      ['Maya L', 'S200', 'student', 'roster-alias'],
    ]);
    for (const m of ms) expect(a.text.slice(m.start, m.end)).toBe(m.quote);
  });

  it('finds student numbers and first names', () => {
    const ms = personMentions(analyse('Student 204519 again. Jake failed his retake.'));
    expect(ms.map((m) => [m.quote, m.personId, m.via])).toEqual([
      ['204519', 'S201', 'student-number'],
      ['Jake', 'S201', 'first-name'],
    ]);
  });

  it('treats "Jake in my 3rd hour" and "a kid in my 3rd hour" as references to a student', () => {
    const s1 = studentMentions(analyse('Jake in my 3rd hour failed his retake again'));
    expect(s1.map((m) => [m.quote, m.via])).toEqual([['Jake', 'student-reference']]);
    const s2 = studentMentions(analyse('A kid in my 3rd hour got suspended today', { people: [] }));
    expect(s2.map((m) => [m.quote, m.group])).toEqual([['A kid in my 3rd hour', undefined]]);
    const s3 = studentMentions(analyse('My student Tyler got a 42 on the test', {}));
    expect(s3.map((m) => m.quote)).toEqual(['My student Tyler']);
    const s4 = studentMentions(analyse('Some of my 5th period could not find the slope', {}));
    expect(s4.map((m) => [m.quote, m.group])).toEqual([['my 5th period', true]]);
  });

  it('does not take common capitalised words for names', () => {
    const ctx = context({ people: [{ id: 'S9', kind: 'student', name: 'Will Grace' }, { id: 'S10', kind: 'student', name: 'Hope Smith' }] });
    expect(personMentions(analyse('Will you come? Hope so. Grace under pressure.', ctx))).toEqual([]);
  });

  it('finds proper names outside the roster with compromise', () => {
    const a = analyse('Kyle Berglund, park your pickup in front of my bus one more time.');
    expect(properNames(a).map((m) => m.quote)).toEqual(['Kyle Berglund']);
  });

  it('builds a 40,000-student index once per context', () => {
    const people = Array.from({ length: 40000 }, (_, i) => ({ id: `S${i}`, kind: 'student' as const, name: `First${i} Last${i}`, studentNumber: String(100000 + i) }));
    const ctx = { people };
    const t0 = performance.now();
    const a = analyse('So proud of First123 Last123 and student 100456 today', ctx);
    expect(personMentions(a).map((m) => m.personId)).toEqual(['S123', 'S456']);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
