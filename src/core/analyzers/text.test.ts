// The lexicon gate: a post whose words hit none of a lexicon's gate words skips that lexicon, so the gate must never hide a match.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusTexts, pack } from '../../../test/support/kit.js';
import { asciiSource, CHARS, charsOf, entryLiterals, gateIndex, gateSets, gateWords, lexiconHits, lexiconRegex, lexiconSubsetRegex, postGates, tokenize } from './text.js';

/** Would the gate let this text through to the lexicon? */
/** Does the gate pass let the entry through on the text, as a check runs it (with the lower-cased text and its CHARS bits)? */
function gated(lexicon: string, entry: number, text: string): boolean {
  return postGates(tokenize(text), gateIndex(pack), text.toLowerCase(), undefined, undefined, charsOf(text)).get(lexicon)?.includes(entry) === true;
}

describe('gateWords', () => {
  it('gates an optional last letter on the stem, and the index holds its inflections', () => {
    expect(gateWords('/bottles?\\s+of\\s+wine/')).toEqual(['bottle']);
    expect(gateWords('/edibles?(?!\\s+arrangements?)/')).toEqual(['edible']);
    // The index keys of an expression's gate word include the forms an optional ending gives.
    const keys = [...gateIndex(pack).words.keys()];
    for (const w of ['edibles', 'cancelled', 'canceled']) expect(keys, w).toContain(w);
  });

  it('never gates on a word cut by an optional letter inside it', () => {
    // "neighbo" (from "neighbou?r") and "cancel" + "ed" are not words a post holds as typed.
    const ws = gateWords("/(?:tap|tapping|steal|stealing)\\s+(?:into\\s+)?(?:my|the)\\s+neighbou?r'?s/");
    expect(ws).not.toContain('neighbo');
    expect(ws).toEqual(expect.arrayContaining(['tap', 'tapping']));
    expect(gateWords('/(?:lifting|weights)\\s+(?:is\\s+)?cancell?ed/')).toEqual(['lifting', 'weights']);
  });

  it('gates on a word after a class of marks written with escapes, or a group that may match nothing', () => {
    // The n of "\\n" is no letter, and "^" (nothing) after the start of an entry leaves the next word a whole word.
    expect(gateWords('/(?:^|[.!?\\n]\\s*)(?:students|scholars)\\s*:/')).toEqual(['students', 'scholars']);
    expect(gateWords('/[.!?\\n]\\s*(?:students|scholars)\\s*:/')).toEqual(['students', 'scholars']);
    // A group that may match nothing or a letter still glues: "xstudents" is no word "students".
    expect(gateWords('/(?:^|x)(?:students|scholars)\\s*:/')).toEqual([]);
  });

  it('never gates on letters glued to a class, a group or an escape that adds letters', () => {
    const words = (e: string) => gateSets(e).flat();
    // "llegu", "llam", "asa", "dismiss", "bullsh", "day" are pieces of the words a post holds.
    expect(words('/(?:llegu[ée]|llegamos)\\s+a\\s+casa/')).toEqual(['casa']);
    expect(words('/llam(?:ó|aron)\\s+a\\s+casa/')).toEqual(['casa']);
    expect(words('/(?:c|k)asa\\s+grande/')).toEqual(['grande']);
    expect(words('/dismiss\\w*\\s+early/')).toEqual(['early']);
    expect(words('/total\\s+bullsh\\S*/')).toEqual(['total']);
    expect(words('/on\\s+\\p{L}+day\\s+at/')).toEqual([]);
    expect(words('/dumb(?:est)?\\s+questions/')).toEqual(['questions']);
    expect(words('/(?:reporter|press)s?\\s+who\\s+asked/')).toEqual(['who', 'asked']);
    // An optional group of endings the stem's inflections cover keeps the stem; a space or a mark beside a group keeps the word.
    expect(gateSets('/scan(?:ned|ning|s)?\\s+cheap/')[0]).toEqual(expect.arrayContaining(['scan', 'scanned', 'scanning', 'scans']));
    expect(words('/(?:takes?|took)\\s+(?:all\\s+(?:the\\s+)?)?credit\\s+for/')).toContain('credit');
  });

  it('keeps letters of any script in one word', () => {
    expect(gateWords('en mi opinión')).toEqual(['opinión']);
    expect(gateWords('/no\\s+reciben\\s+suficiente\\s+apoyo/')).not.toContain('opini');
  });
});

describe('gateSets: a ")" inside a character class does not close a group', () => {
  it('reads "(?:great[,.)]\\s+|awesome\\s+)party" as one group of two branches, so either word lets it through', () => {
    expect(gateSets('/(?:great[,.)]\\s+|awesome\\s+)party/')).toEqual([['great', 'awesome'], ['party']]);
    expect(gateSets('/(?:score[,.)]\\s*|tally\\s+)(?:was|is)\\s+final/')).toEqual([['score', 'tally'], ['final']]);
  });
});

describe('entryLiterals (entries no word gates)', () => {
  it('finds the plain runs and the groups of plain alternatives every match holds', () => {
    expect(entryLiterals('/(?<![\\p{L}])opini[oó]n\\s*:/')).toEqual([['opini']]);
    expect(entryLiterals('/(?:wine|rosé|🍷)[^.!?\\n]{0,40}?(?:bottle|bottles)\\s+(?:#|number\\s+)(?:2|3)/')).toEqual([
      ['wine', 'rosé', '🍷'],
      ['bottle', 'bottles'],
    ]);
    expect(entryLiterals('/a(?:bc|de)+f?gh/')).toEqual([['bc', 'de'], ['gh']]);
    expect(entryLiterals('/x\\s+(?:foo|bar)?baz{2}q/')).toEqual([['baz']]);
    expect(entryLiterals('JV')).toEqual([['jv']]);
  });

  it('reads accented letters, the curly apostrophe and emoji as literals; a typed apostrophe as either', () => {
    expect(entryLiterals('đụ má')).toEqual([['đụ'], ['má']]);
    expect(entryLiterals("f'in")).toEqual([["f'in", 'f’in']]);
    expect(entryLiterals('f’n')).toEqual([['f’n']]);
    expect(entryLiterals('/🍆\\s*(?:💦|🍑)/')).toEqual([['🍆'], ['💦', '🍑']]);
    // An emoji made optional is no literal, nor a run holding it.
    expect(entryLiterals('/ab🍆?c/')).toEqual([['ab']]);
    // Letters that fold otherwise than they lower-case ("ſ" matches "s") end a run.
    expect(entryLiterals('/maſter/')).toEqual([['ma'], ['ter']]);
  });

  it('makes one set of the alternatives at the top when each has one', () => {
    expect(entryLiterals('/ab|cd/')).toEqual([['ab', 'cd']]);
    expect(entryLiterals('/🍆\\s*(?:💦|🍑)|(?:💦|🍑)\\s*🍆/')).toEqual([['🍆', '💦', '🍑']]);
    expect(entryLiterals('/ab|c/')).toEqual([]);
  });

  it('knows nothing of optional pieces or nested groups', () => {
    expect(entryLiterals('/(?:(?:a|b)c)d/')).toEqual([]);
    expect(entryLiterals('/(?:abc)?d/')).toEqual([]);
  });

  it('lets an entry through on the text, and on any text holding "ſ" or "ı" (they match s and i case-insensitively)', () => {
    const index = gateIndex(pack);
    const k = index.alwaysEntries.findIndex((g) => index.lexiconOf[g] === 'opinion-cues');
    if (k === -1) return; // the pack gates every opinion cue by a word
    const open = (t: string) => postGates(tokenize(t), index, t.toLowerCase()).has('opinion-cues');
    expect(open('Unpopular OPINION: grading is fun')).toBe(true);
    expect(open('Grading is fun')).toBe(false);
    expect(open('Grading is fun ſ')).toBe(true);
  });
});

describe('the gate on the real pack', () => {
  it('lets inflected and accented words through', () => {
    const lets = (lexicon: string, text: string): boolean => lexiconHits(tokenize(text), gateIndex(pack)).has(lexicon);
    expect(lets('conduct-crime', 'Been tapping into my neighbour’s wifi for years')).toBe(true);
    expect(lets('opinion-cues', 'En mi opinión la escuela necesita más maestros')).toBe(true);
    expect(lets('instruction-cues', 'Lifting is cancelled tomorrow, team')).toBe(true);
  });

  it('lets through entries whose words are inflected inside the expression', () => {
    const cut = (lexicon: string, text: string) => {
      const ids = postGates(tokenize(text), gateIndex(pack)).get(lexicon);
      return ids !== undefined && lexiconSubsetRegex(pack, lexicon, ids)!.test(text);
    };
    for (const [lexicon, text] of [
      ['spokesperson-announcements', 'All buildings dismissed two hours early today because of the storm'],
      ['opinion-cues', 'The new grading policy is total bullshit'],
    ] as const) {
      expect(lexiconRegex(pack.lexicon(lexicon))!.test(text), text).toBe(true);
      expect(cut(lexicon, text), text).toBe(true);
    }
  });

  it('never hides a match: every lexicon expression that matches a corpus post is let through', () => {
    const texts = corpusTexts();
    expect(texts.length).toBeGreaterThan(300);
    const hidden: string[] = [];
    let matched = 0;
    for (const name of pack.lexiconNames()) {
      for (const [i, entry] of pack.lexicon(name).entries()) {
        const re = lexiconRegex([entry], 'iu');
        if (re === null) continue;
        for (const text of texts) {
          if (!re.test(text)) continue;
          matched++;
          if (!gated(name, i, text)) hidden.push(`${name}: ${entry} in "${text.slice(0, 60)}"`);
        }
      }
    }
    expect(matched).toBeGreaterThan(200);
    expect(hidden).toEqual([]);
  });
});

describe('charsOf', () => {
  it('marks the kinds of character a text holds', () => {
    expect(charsOf('Great game tonight')).toBe(0);
    expect(charsOf('Room 204')).toBe(CHARS.digit);
    expect(charsOf("don't")).toBe(CHARS.dashOrApostrophe);
    expect(charsOf('café')).toBe(CHARS.nonAscii | CHARS.nonAsciiWord);
    expect(charsOf('it’s — fine')).toBe(CHARS.nonAscii | CHARS.high | CHARS.dashOrApostrophe);
    expect(charsOf('🎃')).toBe(CHARS.nonAscii | CHARS.high | CHARS.astral);
  });
});

describe('asciiSource (the expressions for texts whose letters and numbers are all ASCII)', () => {
  it('turns each letter or number property escape into the characters it matches in such a text, inside a class and out', () => {
    expect(asciiSource('(?<![\\p{L}\\p{N}])x', false)).toBe('(?<![\\x41-\\x5a\\x61-\\x7a\\x30-\\x39])x');
    // \P{L} matches every character outside ASCII (none of them is a letter in such a text).
    expect(asciiSource('\\p{Lu}\\P{L}', false)).toBe('[\\x41-\\x5a][\\x00-\\x40\\x5b-\\x60\\x7b-\\x7f\\x80-\\u{10ffff}]');
    // With /i a capital class matches the small letters too, as \p{Lu} does under /i.
    expect(asciiSource('\\p{Lu}', true)).toBe('[\\x41-\\x5a\\x61-\\x7a]');
    // Other properties stay: an emoji is not a letter, the text may hold one.
    expect(asciiSource('\\p{Extended_Pictographic}|\\p{M}', false)).toBe('\\p{Extended_Pictographic}|\\p{M}');
    expect(asciiSource('[\\\\p{L}]\\\\', false)).toBe('[\\\\p{L}]\\\\');
    expect(asciiSource('(?:plain|words)', true)).toBe('(?:plain|words)');
  });

  it('charsOf marks a letter or number outside ASCII, not an emoji, a curly quote or a dash', () => {
    for (const t of ['café', 'año', 'Straße', '٣ days', 'Ⅳ', 'x𝒜']) expect(charsOf(t) & CHARS.nonAsciiWord, t).not.toBe(0);
    for (const t of ['plain text', 'we won 🎉🏆', 'don’t — ever', '❄️ snow day', '👩‍🏫 teacher']) expect(charsOf(t) & CHARS.nonAsciiWord, t).toBe(0);
  });

  // Every match of the expression on the text, as [index, text].
  const matches = (re: RegExp | null, text: string): Array<[number, string]> => (re === null ? [] : [...text.matchAll(new RegExp(re.source, 'g' + re.flags.replace('g', '')))].map((m) => [m.index, m[0]]));
  const all = pack.lexiconNames();
  const asciiWords = (t: string): boolean => (charsOf(t) & CHARS.nonAsciiWord) === 0;

  it('finds the same matches as the Unicode expression on every corpus text whose letters are ASCII, for every lexicon', () => {
    const texts = corpusTexts().filter(asciiWords);
    expect(texts.length).toBeGreaterThan(1000);
    expect(texts.filter((t) => (charsOf(t) & CHARS.nonAscii) !== 0).length).toBeGreaterThan(300);
    // The whole corpus as one text (the two expressions agree on any such text, so on the texts joined too).
    const text = texts.join('\n');
    let found = 0;
    for (const name of all) {
      const uni = matches(lexiconRegex(pack.lexicon(name)), text);
      expect(matches(lexiconRegex(pack.lexicon(name), 'giu', true), text), name).toEqual(uni);
      found += uni.length;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('finds the same matches on generated texts of lexicon words, capitals, digits, marks and emoji', () => {
    const words = [...new Set(all.flatMap((n) => pack.lexicon(n).join(' ').split(/[^A-Za-z']+/)).filter((w) => w.length > 1))];
    const marks = [' ', '  ', '\n', '.', ',', '!', '?', "'", '’', '-', '—', '#', '@', '0', '7', '3rd', 'A', 'Z', '_', '🎉', '❄️', '🍷', '👩‍🏫', '\u00a0', '“'];
    const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom(...marks));
    const text = fc.array(piece, { minLength: 1, maxLength: 40 }).map((p) => p.map((w, i) => (i % 3 === 0 ? w.toUpperCase() : w)).join(''));
    const res = all.map((name) => ({ name, uni: lexiconRegex(pack.lexicon(name)), ascii: lexiconRegex(pack.lexicon(name), 'giu', true) }));
    fc.assert(
      fc.property(text, (t) => {
        expect(asciiWords(t)).toBe(true);
        for (const r of res) expect(matches(r.ascii, t), r.name).toEqual(matches(r.uni, t));
      }),
      { numRuns: 300, seed: 471 },
    );
  });
});
