import { describe, expect, it } from 'vitest';
import type { Consent, Context, Post } from '../../contracts/check.js';
import { context, NOW, pack, post } from '../../../test/support/kit.js';
import { Analysis } from '../analysis.js';
import { compileContext } from '../context.js';
import { coversAccount, currentAuthorizations, currentConsents, hasDisclosed, isWrittenParental, normaliseName, postDay, postSchoolYear } from './records.js';

const analysis = (ctx: Context, p: Post = post('x')) => new Analysis(p, compileContext(ctx), pack, NOW);
const consent = (over: Partial<Consent> = {}): Consent => ({ type: 'student-image', subject: 'S200', written: true, grantedBy: 'parent', ...over });

describe('records', () => {
  it("reads the post's day and school year in the district time zone", () => {
    const a = analysis(context(), post('x', { postedAt: '2026-07-01T03:00:00Z' })); // 22:00 on June 30 in Chicago
    expect(postDay(a)).toBe('2026-06-30');
    expect(postSchoolYear(a)).toBe('2025-2026');
  });

  it('finds current consents by type and subject', () => {
    const a = analysis(context({ consents: [consent(), consent({ type: 'coworker-image' }), consent({ subject: 'S201' }), consent({ validUntil: '2026-09-01' })] }));
    expect(currentConsents(a, 'S200', 'student-image')).toHaveLength(1);
    expect(currentConsents(a, 'S999', 'student-image')).toEqual([]);
  });

  it('knows written parental consent and scope', () => {
    expect(isWrittenParental(consent())).toBe(true);
    expect(isWrittenParental(consent({ grantedBy: undefined }))).toBe(true);
    expect(isWrittenParental(consent({ grantedBy: ' Guardian ' }))).toBe(true);
    expect(isWrittenParental(consent({ written: undefined }))).toBe(false);
    expect(isWrittenParental(consent({ grantedBy: 'principal' }))).toBe(false);
    expect(coversAccount(consent(), 'personal')).toBe(true);
    expect(coversAccount(consent({ scope: [] }), 'district')).toBe(true);
    expect(coversAccount(consent({ scope: ['district-accounts'] }), 'personal')).toBe(false);
  });

  it('finds authorizations by employee, type and network', () => {
    const a = analysis(context({ authorizations: [{ type: 'instructional-use', employee: 'E100', network: 'Instagram' }, { type: 'spokesperson', employee: 'E100' }] }));
    expect(currentAuthorizations(a, 'E100', 'instructional-use', 'instagram')).toHaveLength(1);
    expect(currentAuthorizations(a, 'E100', 'instructional-use', 'tiktok')).toEqual([]);
    expect(currentAuthorizations(a, 'E100', 'spokesperson')).toHaveLength(1);
    expect(currentAuthorizations(a, undefined, 'spokesperson')).toEqual([]);
  });

  it('matches disclosed groups by normalised name, year and network', () => {
    expect(normaliseName('  The JHS  XC-Runners’ Club!')).toBe('jhs xc runners club');
    const a = analysis(context({ disclosures: [{ employee: 'E100', schoolYear: '2026-2027', groups: [{ name: 'JHS XC Runners', network: 'snapchat' }, { name: 'Band Parents' }] }] }));
    expect(hasDisclosed(a, 'E100', '2026-2027', 'jhs xc runners', 'snapchat')).toBe(true);
    expect(hasDisclosed(a, 'E100', '2026-2027', 'jhs xc runners', undefined)).toBe(true);
    expect(hasDisclosed(a, 'E100', '2026-2027', 'JHS XC Runners', 'facebook')).toBe(false);
    expect(hasDisclosed(a, 'E100', '2026-2027', 'band parents', 'facebook')).toBe(true);
    expect(hasDisclosed(a, 'E100', '2027-2028', 'band parents', undefined)).toBe(false);
    expect(hasDisclosed(a, 'E101', '2026-2027', 'band parents', undefined)).toBe(false);
  });

  it('indexes a 40,000-student context once and answers per subject', () => {
    const people: NonNullable<Context['people']> = [];
    const consents: Consent[] = [];
    for (let i = 0; i < 40_000; i++) {
      people.push({ id: `S${i}`, kind: 'student', name: `Student ${i}` });
      if (i % 3 === 0) consents.push(consent({ subject: `S${i}` }));
    }
    const ctx = context({ people, consents });
    const first = analysis(ctx);
    expect(currentConsents(first, 'S39999', 'student-image')).toHaveLength(1);
    expect(currentConsents(first, 'S39998', 'student-image')).toEqual([]);
    // Built once per context: later checks on the same context reuse the index.
    const compiled = compileContext(ctx);
    const index = compiled.index('records', () => {
      throw new Error('rebuilt');
    });
    expect(index).toBeDefined();
    expect(currentConsents(analysis(ctx), 'S3', 'student-image')).toHaveLength(1);
  });
});
