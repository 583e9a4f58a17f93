// The pack's vocabulary (issue 2, speed): every word that some analyzer looks up by itself (lexicon gate words, the
// post models' and backstop gates' words, ...) gets a number. A check looks each of its words up once (Analysis.wordIds)
// and the analyzers read what they know of a word from arrays indexed by that number, instead of each looking the
// same word up in a map of its own: one hash lookup per word instead of half a dozen, and the per-word facts sit in
// compact arrays. Pure: built once per pack from the sources the analyzers register when their modules load.
import type { PolicyPack } from '../policy/pack.js';
import type { Token } from './text.js';

export interface Vocabulary {
  /** word (lower-cased, as Token.lower) → its number */
  readonly ids: ReadonlyMap<string, number>;
  /** number → word */
  readonly words: readonly string[];
  /** Tables derived from this vocabulary (see table()). */
  readonly tables: Map<string, unknown>;
}

/** The words each analyzer looks up by itself, per pack. */
const SOURCES: Array<(pack: PolicyPack) => Iterable<string>> = [];

/** An analyzer's words join every pack's vocabulary (called once, when the analyzer's module loads). */
export function vocabularySource(words: (pack: PolicyPack) => Iterable<string>): void {
  SOURCES.push(words);
}

/**
 * The pack's vocabulary, built once per pack. A source registered after it was built (a module loaded later) gives a
 * new vocabulary, and with it new tables, so no table ever misses a word its analyzer asked for.
 */
export function vocabulary(pack: PolicyPack): Vocabulary {
  return pack.compiled('vocabulary:' + SOURCES.length, (p) => {
    const ids = new Map<string, number>();
    const words: string[] = [];
    for (const source of SOURCES) {
      for (const w of source(p)) {
        if (!ids.has(w)) {
          ids.set(w, words.length);
          words.push(w);
        }
      }
    }
    return { ids, words, tables: new Map() };
  });
}

/** The number of each token's word, -1 for a word outside the vocabulary: one lookup per token. */
export function wordIds(tokens: readonly Token[], v: Vocabulary): Int32Array {
  const out = new Int32Array(tokens.length);
  const ids = v.ids;
  for (let i = 0; i < tokens.length; i++) out[i] = ids.get(tokens[i]!.lower) ?? -1;
  return out;
}

/** A table over the vocabulary's numbers (what an analyzer knows of each word), built once per vocabulary under `key`. */
export function table<T>(v: Vocabulary, key: string, build: (v: Vocabulary) => T): T {
  let t = v.tables.get(key) as T | undefined;
  if (t === undefined) v.tables.set(key, (t = build(v)));
  return t;
}
