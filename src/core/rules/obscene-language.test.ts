import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { context, findingsOf, post } from '../../../test/support/kit.js';
import { loadCorpus } from '../../../scripts/backstop-data.js';
import { DISGUISE, mayBeDisguised } from '../analyzers/profanity.js';

const RULE = 'obscene-language';
const quotes = (text: string) => findingsOf({ context: context(), post: post(text) }, RULE).map((f) => (f.evidence as { quote: string }).quote);

describe(RULE, () => {
  it('catches plain, masked, leetspeak and spaced profanity with exact spans', () => {
    expect(quotes('Fire alarm test in the middle of my lecture. What a sh*tty way to start a Tuesday')).toEqual(['sh*tty']);
    expect(quotes('this is bullsh1t')).toEqual(['sh1t']);
    expect(quotes('what the f u c k was that call')).toEqual(['f u c k']);
    expect(quotes('ref was a total a$$hole tonight')).toHaveLength(1);
    expect(quotes('Absolute f**king joke of a schedule')).toEqual(['f**king']);
    expect(quotes('wtf is this new bell schedule')).toEqual(['wtf']);
    expect(quotes('Piss off, Monday')).toEqual(['Piss']);
    expect(quotes('That ump is a b!tch')).toEqual(['b!tch']);
    expect(quotes('What a jackass move in the parking lot')).toEqual(['jackass']);
    expect(quotes('Time to get absolutely sh*tfaced tonight')).toEqual(['sh*tfaced']);
    expect(quotes('got shitfaced at the lake')).toHaveLength(1);
  });
  it('every span quotes the original text', () => {
    const text = '🎉 Done grading!! What the fuuuck, 120 essays 😩';
    const fs = findingsOf({ context: context(), post: post(text) }, RULE);
    expect(fs).toHaveLength(1);
    const e = fs[0]!.evidence as { start: number; end: number; quote: string };
    expect(text.slice(e.start, e.end)).toBe(e.quote);
    expect(fs[0]?.severity).toBe('block');
  });
  it('catches a dot masking a letter, and leaves the labels of an e-mail address or a web address alone', () => {
    expect(quotes('what the f.ck was that call')).toEqual(['f.ck']);
    expect(quotes('Another fire drill in 5th hour, sh.t happens')).toEqual(['sh.t']);
    expect(quotes('Questions? Email me at dwhitfield@alexandria.k12.mn.us or see www.aps.org/ptsa')).toEqual([]);
    // obscenity reads @ as an a: "dana@al..." must not become "anal"; a profane address is still caught by its words.
    expect(quotes('Email me at dana@alexandria.k12.mn.us about the field trip')).toEqual([]);
    expect(quotes('Questions to dana@aps.org, tina@alexandria.k12.mn.us')).toEqual([]);
    expect(quotes('write to fuckthisjob@gmail.com lol')).toEqual(['fuck']);
  });
  it('keeps out the words school text is full of', () => {
    for (const t of [
      'Unit assessment tomorrow, class! Study the classic texts.',
      'Road trip to Essex and Sussex for the history club',
      'Shrimp cocktail at the staff luncheon, shiitake risotto too',
      "Back-to-school sale at Dick's Sporting Goods",
      'Reading Moby Dick with my juniors, then Dickens',
      'Our valedictorian graduated summa cum laude',
      'The band sounded great, brass and bass both',
      'Hell of a game tonight, Cardinals! Damn proud of them',
      'Scunthorpe United fan here',
      'Analysis of the data from our grape experiment',
      'Dick Van Dyke visited our drama class',
      'Cockpit tour at the aviation museum with the STEM club',
      'Watching the peacock at the zoo field trip',
      'K-12 science, grades 9-12, room B12',
      'Parents: sign up at www.aps.org/conferences by Friday',
      'Score was 3-1, mvp: #12 on the roster!',
    ]) {
      expect([t, quotes(t)]).toEqual([t, []]);
    }
  });
  it('catches letters cut out with a hyphen, dash or apostrophe, and spelled-out euphemisms of the word itself', () => {
    for (const [t, q] of [
      ['refs tonight were absolute f-ing clowns', 'f-ing'],
      ['What a sh-t show of a schedule', 'sh-t'],
      ['That ump was an a-hole all night', 'a-hole'],
      ['motherf—ing printer jammed again', 'motherf—ing'],
      ["f'ing Mondays", "f'ing"],
      ['f---ing refs again', 'f---ing'],
      ['that call was total sh--t', 'sh--t'],
      ['the effin bus was late again', 'effin'],
      ['that meeting was effed up', 'effed'],
    ] as const) {
      expect([t, quotes(t)]).toEqual([t, [q]]);
    }
    for (const t of [
      'Spirit week: wear your class t-shirt on Friday',
      'X-ray tech visited the health science class; e-mail me with questions',
      'Straight A’s and B’s this quarter, so proud of my own kid',
      'Saw a Nissan GT-R in the staff lot, co-op students loved it',
      "Don't forget: y'all bring your well-being journals",
      'We talked about why the f-word is not ok in class',
      'Photo club: f-stop and shutter speed today',
      'Great game--proud of these kids',
      'Sh-sh-shivering at the bus stop this morning',
    ]) {
      expect([t, quotes(t)]).toEqual([t, []]);
    }
  });
  it('catches Spanish profanity in Spanish-English posts, not Spanish words that hold a stem', () => {
    for (const t of [
      'Se me cayó el café. ¡Puta madre!',
      'Qué mierda de tráfico hoy',
      'Joder, otra vez sin contraseña',
      'Ese árbitro es un pendejo',
      'Sábado y todavía tengo esta chingadera de papeles por calificar',
      'Otra vez el pinche tráfico en la 29',
      'No mames, otra junta a las 4',
    ]) {
      expect([t, quotes(t).length]).toEqual([t, 1]);
    }
    for (const t of ['Mi computadora nueva llegó', 'La disputa con la tienda se acabó', 'Reputación y computación en clase hoy', 'Pinchos y chinchulines en la fiesta del club de español']) {
      expect([t, quotes(t)]).toEqual([t, []]);
    }
  });

  it("decides a disguised word's first pass exactly as the full expression does (every corpus text, and generated ones)", () => {
    const { cases } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    const texts = cases.map((c) => c.request.post.text ?? '');
    let disguised = 0;
    for (const t of texts) {
      expect(mayBeDisguised(t), t).toBe(DISGUISE.test(t));
      if (DISGUISE.test(t)) disguised++;
    }
    expect(disguised).toBeGreaterThan(50);
    // Short strings over the characters the expression cares about, boundaries included.
    const char = fc.constantFrom(...'aZs.!0 1$@*#%|+-_\'Sſ\n'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (cs) => {
        const t = cs.join('');
        expect(mayBeDisguised(t)).toBe(DISGUISE.test(t));
      }),
      { numRuns: 20_000, seed: 471 },
    );
  });

  it('reads a word with a combining mark outside the BMP and goes on (the accent pass once looped there for ever)', () => {
    expect(quotes('what the fück \u{1D165} week')).toEqual(['fück']);
    expect(quotes('a\u{1D165}b and then a\u{1D165}\u{1D165} fück')).toEqual(['fück']);
    expect(quotes('\u{1D165}'.repeat(50))).toEqual([]);
  });
});
