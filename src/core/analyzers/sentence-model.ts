// Small learned sentence signals (issue 2): a logistic regression over cheap features of a sentence that holds one of a
// signal's gate words (word unigrams and bigrams, emoji, sneer markers, the gate words' tags, self-reference). Shared by
// the tone model (tone.ts) and the backstop models (backstop.ts); trained from the labelled corpus by
// scripts/sentence-model.ts. Pure: the weights come through the policy pack (policy/471/models/*.json).
// One walk over a sentence feeds both the training features (names) and the engine's scorer (weights summed in place,
// no feature strings built), so the two cannot drift apart.
import type { PolicyPack } from '../policy/pack.js';
import { tokenize, type Span, type Token } from './text.js';

/**
 * Which sentences a model reads: those holding one of `words` (lower-cased token → a tag, which is a feature "g:" + tag),
 * unless `skip` says that occurrence does not count (the author inside the group: "we teachers").
 */
export interface Gate {
  readonly words: ReadonlyMap<string, string>;
  readonly skip?: (toks: readonly Token[], i: number, from: number) => boolean;
}

/** A gate from tag → words. */
export function gateOf(byTag: Record<string, readonly string[]>, skip?: Gate['skip']): Gate {
  const words = new Map<string, string>();
  for (const [tag, ws] of Object.entries(byTag)) for (const w of ws) words.set(w, 'g:' + tag);
  return skip === undefined ? { words } : { words, skip };
}

export interface SentenceModel {
  /** Probability at or above which a gated sentence is flagged. */
  threshold: number;
  weights: Readonly<Record<string, number>>;
}

/** Words that set a marker bit (self-reference, "we", a sneer word, "some"); one lookup per token. */
const FIRST = 1;
const WE = 2;
const SNEER = 4;
const SOME = 8;
const CAPS = 16;
const MARK_WORDS = new Map<string, number>();
for (const w of ['i', "i'm", 'im', "i've", "i'll", "i'd", 'me', 'my', 'mine', 'myself', 'yo', 'mi', 'mis']) MARK_WORDS.set(w, FIRST);
for (const w of ['we', 'us', 'our', "we're", 'nosotros']) MARK_WORDS.set(w, WE);
for (const w of ['literally', 'apparently', 'clearly', 'obviously', 'somehow', 'bless', 'sure', 'totally', 'genius', 'geniuses']) MARK_WORDS.set(w, SNEER);
MARK_WORDS.set('some', SOME);
/** Emoji and pictographs (one code point each), a feature each. */
const EMOJI = /^\p{Extended_Pictographic}$/u;
const SCARE_QUOTE = /(?:^|[\s(])['"“‘][^'"”’\n]{1,40}['"”’](?=[\s.,!?;:)]|$)/u;
const REPEATED_MARK = /[!?]{2,}/;
const SOME_OF = /some of (?:y'?all|you|these|them)/i;
const UPPER = /\p{Lu}/u;

/** What a walk over a sentence reports: word unigrams and bigrams (with repeats), then markers (once each). */
interface Sink {
  uni(w: string): void;
  bi(a: string, b: string): void;
  mark(name: string): void;
  /** A code point at or above U+2000 (an emoji is a feature "e:" + itself). */
  high(cp: number): void;
}

/** The tags of a sentence's tokens [from, to) under a gate, or undefined when none counts. */
function tagsOf(gate: Gate, toks: readonly Token[], from: number, to: number): string[] | undefined {
  let out: string[] | undefined;
  for (let i = from; i < to; i++) {
    const g = gate.words.get(toks[i]!.lower);
    if (g === undefined) continue;
    if (gate.skip !== undefined && gate.skip(toks, i, from)) continue;
    if (out === undefined) out = [g];
    else if (!out.includes(g)) out.push(g);
  }
  return out;
}

function walk(q: string, toks: readonly Token[], from: number, to: number, tags: readonly string[], sink: Sink): void {
  let prev = '^';
  let flags = 0;
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    const w = t.lower;
    sink.uni(w);
    sink.bi(prev, w);
    prev = w;
    flags |= MARK_WORDS.get(w) ?? 0;
    if ((flags & CAPS) === 0 && isCaps(t)) flags |= CAPS;
  }
  sink.bi(prev, '$');
  markers(q, flags, tags, sink);
}

/** A shouted word: three or more characters, all upper case. */
function isCaps(t: Token): boolean {
  const s = t.text;
  if (s.length < 3) return false;
  // A lower-case ASCII letter first or second cannot be in a shouted word: most words stop here, before an upper-cased copy.
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  if ((c0 >= 97 && c0 <= 122) || (c1 >= 97 && c1 <= 122)) return false;
  return s !== t.lower && s === s.toUpperCase() && UPPER.test(s);
}

/** The sentence-level markers, once each (flags from the token walk: MARK_WORDS' bits and CAPS). */
function markers(q: string, flags: number, tags: readonly string[], sink: Sink): void {
  if ((flags & SNEER) !== 0) sink.mark('m:sneer-word');
  // The regular expressions run only where their first character can be (most sentences have no emoji, quote or '!!').
  let quote = false;
  let bang = false;
  for (let i = 0; i < q.length; i++) {
    const c = q.charCodeAt(i);
    if (c >= 0x2000) {
      if (c === 0x201c || c === 0x2018) quote = true;
      else {
        const cp = q.codePointAt(i)!;
        if (cp > 0xffff) i++;
        sink.high(cp);
      }
    } else if (c === 39 || c === 34) quote = true;
    else if (c === 33 || c === 63) bang = true;
  }
  if (quote && SCARE_QUOTE.test(q)) sink.mark('m:scare-quote');
  if (bang && q.includes('?')) sink.mark('m:question');
  if (bang && REPEATED_MARK.test(q)) sink.mark('m:!!');
  if ((flags & CAPS) !== 0) sink.mark('m:caps');
  if ((flags & SOME) !== 0 && SOME_OF.test(q)) sink.mark('m:some-of');
  if ((flags & FIRST) !== 0) sink.mark('m:first-person');
  if ((flags & WE) !== 0) sink.mark('m:we');
  for (const g of tags) sink.mark(g);
  sink.mark('bias');
}

/** One sentence of a text: its tokens [from, to) and the text between the previous sentence's end and its own (untrimmed). */
export interface Sentence {
  from: number;
  to: number;
  start: number;
  end: number;
}

/**
 * The text's sentences by its tokens: a sentence ends at a line break or a run of . ! ? between two words (no
 * abbreviation rule; cheaper than sentences(), and the same split for training and checking). Calls fn for each.
 */
function forEachSentence(text: string, toks: readonly Token[], fn: (from: number, to: number, start: number, end: number) => void): void {
  let start = 0;
  let from = 0;
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    const gapEnd = i + 1 < n ? toks[i + 1]!.start : text.length;
    let cut = -1;
    for (let j = toks[i]!.end; j < gapEnd; j++) {
      const c = text.charCodeAt(j);
      if (c === 10) {
        cut = j;
        break;
      }
      if (c === 46 || c === 33 || c === 63) {
        let e = j + 1;
        while (e < gapEnd && (text.charCodeAt(e) === 46 || text.charCodeAt(e) === 33 || text.charCodeAt(e) === 63)) e++;
        cut = e;
        break;
      }
    }
    if (cut === -1 && i + 1 < n) continue;
    const end = cut === -1 ? text.length : cut;
    fn(from, i + 1, start, end);
    start = end;
    from = i + 1;
  }
}

/** The text's sentences (forEachSentence's split), for callers that score several models over one post. */
export function splitSentences(text: string, toks: readonly Token[]): Sentence[] {
  const out: Sentence[] = [];
  forEachSentence(text, toks, (from, to, start, end) => out.push({ from, to, start, end }));
  return out;
}

/** A sentence's span, trimmed of surrounding white space. */
export function spanOf(text: string, s: Sentence): Span {
  let a = s.start;
  let b = s.end;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return { start: a, end: b, quote: text.slice(a, b) };
}

/** Calls fn for each sentence of the text the gate lets through, with its span (trimmed), its tokens [from, to) and its tags. */
export function eachGated(gate: Gate, text: string, toks: readonly Token[], fn: (s: Span, from: number, to: number, tags: string[]) => void): void {
  forEachSentence(text, toks, (from, to, start, end) => {
    const tags = tagsOf(gate, toks, from, to);
    if (tags !== undefined) fn(spanOf(text, { from, to, start, end }), from, to, tags);
  });
}

class FeatureNames implements Sink {
  readonly names: string[] = [];
  uni(w: string): void {
    this.names.push('u:' + w);
  }
  bi(a: string, b: string): void {
    this.names.push('b:' + a + ' ' + b);
  }
  mark(m: string): void {
    this.names.push(m);
  }
  high(cp: number): void {
    const ch = String.fromCodePoint(cp);
    if (EMOJI.test(ch)) this.names.push('e:' + ch);
  }
}

/** Training side: the feature names of each gated sentence of a text ("u:word", "b:a b", "e:🙄", "m:…", "g:…", "bias"), repeats kept. */
export function gatedFeatures(gate: Gate, text: string): Array<{ sentence: Span; features: string[] }> {
  const out: Array<{ sentence: Span; features: string[] }> = [];
  const toks = tokenize(text);
  eachGated(gate, text, toks, (s, from, to, tags) => {
    const f = new FeatureNames();
    walk(s.quote, toks, from, to, tags, f);
    out.push({ sentence: s, features: f.names });
  });
  return out;
}

/** A word's weights: its own, the bigrams it starts, its marker bits. */
interface Entry {
  u: number;
  next: Map<string, number> | undefined;
  mark: number;
}

/** A model's weights laid out for summing without building strings: two map lookups per word. */
export interface Compiled {
  threshold: number;
  /** The logit the threshold stands for: a sentence is flagged when its logit is at least this. */
  cut: number;
  words: Map<string, Entry>;
  other: Map<string, number>;
  sink: MarkSum;
}

export function compile(m: SentenceModel): Compiled {
  const words = new Map<string, Entry>();
  const entry = (w: string): Entry => {
    let e = words.get(w);
    if (e === undefined) words.set(w, (e = { u: 0, next: undefined, mark: MARK_WORDS.get(w) ?? 0 }));
    return e;
  };
  for (const w of MARK_WORDS.keys()) entry(w);
  const other = new Map<string, number>();
  for (const [k, v] of Object.entries(m.weights)) {
    if (k.startsWith('u:')) entry(k.slice(2)).u = v;
    else if (k.startsWith('b:')) {
      const sp = k.indexOf(' ', 2);
      const e = entry(k.slice(2, sp));
      (e.next ??= new Map()).set(k.slice(sp + 1), v);
    } else other.set(k, v);
  }
  const c = { threshold: m.threshold, cut: Math.log(m.threshold / (1 - m.threshold)), words, other } as Compiled;
  c.sink = new MarkSum(other);
  return c;
}

/** Runtime side of the markers: sums their weights (one instance per model, reset per sentence). */
class MarkSum implements Sink {
  z = 0;
  /** Emoji weights by code point (every key came from an emoji, so no pictograph test is needed here). */
  private readonly emoji = new Map<number, number>();
  constructor(private readonly other: Map<string, number>) {
    for (const [k, v] of other) if (k.startsWith('e:')) this.emoji.set(k.codePointAt(2)!, v);
  }
  uni(): void {}
  bi(): void {}
  mark(m: string): void {
    this.z += this.other.get(m) ?? 0;
  }
  high(cp: number): void {
    this.z += this.emoji.get(cp) ?? 0;
  }
}

/** The logit of one gated sentence under a compiled model: the same sum as the weights of gatedFeatures' names. */
export function logit(c: Compiled, q: string, toks: readonly Token[], from: number, to: number, tags: readonly string[]): number {
  let z = 0;
  let flags = 0;
  let prev = c.words.get('^');
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    const w = t.lower;
    if (prev?.next !== undefined) z += prev.next.get(w) ?? 0;
    const e = c.words.get(w);
    if (e !== undefined) {
      z += e.u;
      flags |= e.mark;
    }
    if ((flags & CAPS) === 0 && isCaps(t)) flags |= CAPS;
    prev = e;
  }
  if (prev?.next !== undefined) z += prev.next.get('$') ?? 0;
  const sink = c.sink;
  sink.z = 0;
  markers(q, flags, tags, sink);
  return z + sink.z;
}

const compiledModels = new WeakMap<SentenceModel, Compiled>();

/** The text's highest sentence probability under the model and that sentence; undefined when no sentence passes the gate. */
export function scoreGated(gate: Gate, model: SentenceModel, text: string, toks: readonly Token[] = tokenize(text)): { p: number; sentence: Span } | undefined {
  let c = compiledModels.get(model);
  if (c === undefined) compiledModels.set(model, (c = compile(model)));
  let top: { z: number; sentence: Span } | undefined;
  eachGated(gate, text, toks, (s, from, to, tags) => {
    const z = logit(c, s.quote, toks, from, to, tags);
    if (top === undefined || z > top.z) top = { z, sentence: s };
  });
  return top === undefined ? undefined : { p: 1 / (1 + Math.exp(-top.z)), sentence: top.sentence };
}

/** A quick look: does any token hold a gate word at all (most posts do not, and stop here)? */
function anyGateWord(gate: Gate, toks: readonly Token[]): boolean {
  for (const t of toks) if (gate.words.has(t.lower)) return true;
  return false;
}

/**
 * The sentence the pack's model `name` flags (probability at or above its threshold; the highest), or undefined; no
 * model in the pack, no flag. `toks` are the text's tokens (the analysis has them already).
 */
export function modelFlag(pack: PolicyPack, name: string, gate: Gate, text: string, toks: readonly Token[]): Span | undefined {
  if (pack.model(name) === undefined || !anyGateWord(gate, toks)) return undefined;
  return modelFlagIn(pack, name, gate, text, toks, splitSentences(text, toks), () => true);
}

/**
 * Like modelFlag, over sentences the caller already split (splitSentences), only those `only` keeps: several models
 * over one post share one split.
 */
export function modelFlagIn(pack: PolicyPack, name: string, gate: Gate, text: string, toks: readonly Token[], sents: readonly Sentence[], only: (i: number) => boolean): Span | undefined {
  const m = pack.model(name);
  if (m === undefined) return undefined;
  const c = pack.compiled(name + '-model', () => compile(m));
  let hit: Span | undefined;
  let top = -Infinity;
  for (let i = 0; i < sents.length; i++) {
    if (!only(i)) continue;
    const s = sents[i]!;
    const tags = tagsOf(gate, toks, s.from, s.to);
    if (tags === undefined) continue;
    const span = spanOf(text, s);
    const z = logit(c, span.quote, toks, s.from, s.to, tags);
    if (z >= c.cut && z > top) {
      top = z;
      hit = span;
    }
  }
  return hit;
}

/**
 * Training side of a post model (post-model.ts): the feature names of a whole text read as one unit, no gate (the same
 * walk as a sentence's: words, word pairs, emoji, markers, "bias"), repeats kept.
 */
export function textFeatures(text: string, toks: readonly Token[] = tokenize(text)): string[] {
  const f = new FeatureNames();
  walk(text, toks, 0, toks.length, [], f);
  return f.names;
}

/** A word's weights under each model of a set: one slot per model (undefined when no model weighs it). */
interface SetEntry {
  u: Float64Array | undefined;
  next: Map<string, Float64Array> | undefined;
  mark: number;
}

/** Several models laid out for one walk: every word looked up once, its weights added to every model's sum. */
export interface CompiledSet {
  readonly size: number;
  /** Each model's cut (the logit its threshold stands for). */
  readonly cuts: Float64Array;
  readonly words: Map<string, SetEntry>;
  readonly sink: MarkSumSet;
}

export function compileSet(models: readonly SentenceModel[]): CompiledSet {
  const n = models.length;
  const words = new Map<string, SetEntry>();
  const entry = (w: string): SetEntry => {
    let e = words.get(w);
    if (e === undefined) words.set(w, (e = { u: undefined, next: undefined, mark: MARK_WORDS.get(w) ?? 0 }));
    return e;
  };
  for (const w of MARK_WORDS.keys()) entry(w);
  const other = new Map<string, Float64Array>();
  const slot = (m: Map<string, Float64Array>, k: string) => {
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = new Float64Array(n)));
    return v;
  };
  models.forEach((m, i) => {
    for (const [k, v] of Object.entries(m.weights)) {
      if (k.startsWith('u:')) (entry(k.slice(2)).u ??= new Float64Array(n))[i] = v;
      else if (k.startsWith('b:')) {
        const sp = k.indexOf(' ', 2);
        slot((entry(k.slice(2, sp)).next ??= new Map()), k.slice(sp + 1))[i] = v;
      } else slot(other, k)[i] = v;
    }
  });
  const cuts = Float64Array.from(models, (m) => Math.log(m.threshold / (1 - m.threshold)));
  return { size: n, cuts, words, sink: new MarkSumSet(other) };
}

/** Runtime side of the markers for a set: adds each marker's weights to every model's sum. */
class MarkSumSet implements Sink {
  z: Float64Array = new Float64Array(0);
  private readonly emoji = new Map<number, Float64Array>();
  constructor(private readonly other: Map<string, Float64Array>) {
    for (const [k, v] of other) if (k.startsWith('e:')) this.emoji.set(k.codePointAt(2)!, v);
  }
  uni(): void {}
  bi(): void {}
  mark(m: string): void {
    const v = this.other.get(m);
    if (v !== undefined) for (let i = 0; i < v.length; i++) this.z[i] = this.z[i]! + v[i]!;
  }
  high(cp: number): void {
    const v = this.emoji.get(cp);
    if (v !== undefined) for (let i = 0; i < v.length; i++) this.z[i] = this.z[i]! + v[i]!;
  }
}

function addTo(z: Float64Array, v: Float64Array | undefined): void {
  if (v !== undefined) for (let i = 0; i < v.length; i++) z[i] = z[i]! + v[i]!;
}

/**
 * A set's weights laid out flat over a vocabulary (vocabulary.ts), for a walk that looks no word up: each word's
 * weights for every model in one row of one array (one memory read per word, not an entry, an array and its
 * elements), its marker bits in another, and its word pairs in one map keyed by the two words' numbers. A check pays
 * for memory reads, not arithmetic (docs/decisions/0007-cache-misses.md), so the layout is the speed.
 */
export interface FlatSet {
  /** Vocabulary size: word numbers are below it; START and END (the walk's "^" and "$") are n and n + 1. */
  readonly n: number;
  /** Row by word number: the word's weight under each model (size × n). */
  readonly uni: Float64Array;
  /** Marker bits by word number (MARK_WORDS). */
  readonly mark: Uint8Array;
  /** 1 where the word (or START) begins a weighted pair (n + 2 long). */
  readonly begins: Uint8Array;
  /** first × (n + 2) + second → the pair's row in pairs. */
  readonly pairRow: Map<number, number>;
  /** Row by pair: its weight under each model. */
  readonly pairs: Float64Array;
}

/** A set's flat layout over a vocabulary in which every word the set weighs (both words of each pair) has a number. */
export function flatSet(c: CompiledSet, ids: ReadonlyMap<string, number>, words: readonly string[]): FlatSet {
  const m = c.size;
  const n = words.length;
  const START = n;
  const END = n + 1;
  const uni = new Float64Array(m * n);
  const mark = new Uint8Array(n);
  const begins = new Uint8Array(n + 2);
  const pairRow = new Map<number, number>();
  const rows: Float64Array[] = [];
  const idOf = (w: string): number => {
    if (w === '^') return START;
    if (w === '$') return END;
    const id = ids.get(w);
    if (id === undefined) throw new Error(`flatSet: "${w}" is not in the vocabulary`);
    return id;
  };
  for (const [w, e] of c.words) {
    const id = idOf(w);
    if (id < n) {
      if (e.u !== undefined) uni.set(e.u, id * m);
      mark[id] = e.mark;
    }
    if (e.next === undefined) continue;
    begins[id] = 1;
    for (const [w2, v] of e.next) {
      pairRow.set(id * (n + 2) + idOf(w2), rows.length);
      rows.push(v);
    }
  }
  const pairs = new Float64Array(m * rows.length);
  rows.forEach((v, r) => pairs.set(v, r * m));
  return { n, uni, mark, begins, pairRow, pairs };
}

/** Every word a set weighs, both words of each pair included (for the vocabulary). */
export function* setWords(c: CompiledSet): Iterable<string> {
  for (const [w, e] of c.words) {
    if (w !== '^') yield w;
    if (e.next !== undefined) for (const w2 of e.next.keys()) if (w2 !== '$') yield w2;
  }
}

/** z[0..m) += rows[r * m ..]. */
function addRow(z: Float64Array, rows: Float64Array, r: number, m: number): void {
  const o = r * m;
  for (let i = 0; i < m; i++) z[i] = z[i]! + rows[o + i]!;
}

/**
 * logitsOf over a flat layout: `ids` are the tokens' vocabulary numbers (-1 outside it). The same sums in the same
 * order as logitsOf, so the same numbers to the last bit.
 */
export function logitsOfIds(c: CompiledSet, f: FlatSet, ids: Int32Array, q: string, toks: readonly Token[], from: number, to: number): Float64Array {
  const m = c.size;
  const z = new Float64Array(m);
  const stride = f.n + 2;
  let flags = 0;
  let prev = f.n; // START
  for (let i = from; i < to; i++) {
    const id = ids[i]!;
    if (prev >= 0 && f.begins[prev] === 1 && id >= 0) {
      const r = f.pairRow.get(prev * stride + id);
      if (r !== undefined) addRow(z, f.pairs, r, m);
    }
    if (id >= 0) {
      addRow(z, f.uni, id, m);
      flags |= f.mark[id]!;
    }
    if ((flags & CAPS) === 0 && isCaps(toks[i]!)) flags |= CAPS;
    prev = id;
  }
  if (prev >= 0 && f.begins[prev] === 1) {
    const r = f.pairRow.get(prev * stride + f.n + 1);
    if (r !== undefined) addRow(z, f.pairs, r, m);
  }
  c.sink.z = z;
  markers(q, flags, [], c.sink);
  return z;
}

/**
 * Each model's logit for tokens [from, to) of a text (q: that stretch's text, for the markers): the same sums as the
 * weights of textFeatures' names, in one walk for the whole set. Written into a new array, one slot per model.
 */
export function logitsOf(c: CompiledSet, q: string, toks: readonly Token[], from: number, to: number): Float64Array {
  const z = new Float64Array(c.size);
  let flags = 0;
  let prev = c.words.get('^');
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    const w = t.lower;
    if (prev?.next !== undefined) addTo(z, prev.next.get(w));
    const e = c.words.get(w);
    if (e !== undefined) {
      addTo(z, e.u);
      flags |= e.mark;
    }
    if ((flags & CAPS) === 0 && isCaps(t)) flags |= CAPS;
    prev = e;
  }
  if (prev?.next !== undefined) addTo(z, prev.next.get('$'));
  c.sink.z = z;
  markers(q, flags, [], c.sink);
  return z;
}

/**
 * One sentence model laid out flat over a vocabulary, as the post models are (flatSet of a set of one model): a check's
 * backstop and tone scoring reads each word's weight by its vocabulary number instead of two map lookups per word and model.
 */
export interface FlatModel {
  /** The model compiled (its cut, and its marker sums). */
  readonly c: Compiled;
  readonly f: FlatSet;
}

export function flatModel(m: SentenceModel, ids: ReadonlyMap<string, number>, words: readonly string[]): FlatModel {
  return { c: compile(m), f: flatSet(compileSet([m]), ids, words) };
}

/** Every word a sentence model weighs, and the marker words (for the vocabulary): setWords(compileSet([m])), read off the weights' names. */
export function* modelWords(m: SentenceModel): Iterable<string> {
  yield* MARK_WORDS.keys();
  for (const k of Object.keys(m.weights)) {
    if (k.startsWith('u:')) yield k.slice(2);
    else if (k.startsWith('b:')) {
      const sp = k.indexOf(' ', 2);
      const a = k.slice(2, sp);
      const b = k.slice(sp + 1);
      if (a !== '^') yield a;
      if (b !== '$') yield b;
    }
  }
}

/** A gate's tags over a vocabulary: by word number, its tag's number + 1 (0 for a word that gates nothing). */
export interface FlatGate {
  readonly gate: Gate;
  readonly tagOf: Uint8Array;
  readonly tags: readonly string[];
}

/** A gate laid out over a vocabulary holding every gate word. */
export function flatGate(gate: Gate, ids: ReadonlyMap<string, number>, n: number): FlatGate {
  const tags: string[] = [];
  const tagOf = new Uint8Array(n);
  for (const [w, tag] of gate.words) {
    const id = ids.get(w);
    if (id === undefined) throw new Error(`flatGate: "${w}" is not in the vocabulary`);
    let t = tags.indexOf(tag);
    if (t < 0) t = tags.push(tag) - 1;
    tagOf[id] = t + 1;
  }
  return { gate, tagOf, tags };
}

/** tagsOf by vocabulary numbers: the same tags in the same order. */
function tagsOfIds(g: FlatGate, ids: Int32Array, toks: readonly Token[], from: number, to: number): string[] | undefined {
  let out: string[] | undefined;
  const skip = g.gate.skip;
  for (let i = from; i < to; i++) {
    const id = ids[i]!;
    const t = id < 0 ? 0 : g.tagOf[id]!;
    if (t === 0) continue;
    if (skip !== undefined && skip(toks, i, from)) continue;
    const tag = g.tags[t - 1]!;
    if (out === undefined) out = [tag];
    else if (!out.includes(tag)) out.push(tag);
  }
  return out;
}

/**
 * logit over a flat layout: the same sums in the same order, so the same number to the last bit. The walk mirrors
 * logitsOfIds on purpose: one model's sum in a scalar with the markers summed apart (as logit does), where logitsOfIds adds
 * a set's rows into one array; sharing the walk would put a callback per word in the hot loop.
 */
export function logitIds(m: FlatModel, ids: Int32Array, q: string, toks: readonly Token[], from: number, to: number, tags: readonly string[]): number {
  const f = m.f;
  const stride = f.n + 2;
  let z = 0;
  let flags = 0;
  let prev = f.n; // START
  for (let i = from; i < to; i++) {
    const id = ids[i]!;
    if (prev >= 0 && f.begins[prev] === 1 && id >= 0) {
      const r = f.pairRow.get(prev * stride + id);
      if (r !== undefined) z += f.pairs[r]!;
    }
    if (id >= 0) {
      z += f.uni[id]!;
      flags |= f.mark[id]!;
    }
    if ((flags & CAPS) === 0 && isCaps(toks[i]!)) flags |= CAPS;
    prev = id;
  }
  if (prev >= 0 && f.begins[prev] === 1) {
    const r = f.pairRow.get(prev * stride + f.n + 1);
    if (r !== undefined) z += f.pairs[r]!;
  }
  const sink = m.c.sink;
  sink.z = 0;
  markers(q, flags, tags, sink);
  return z + sink.z;
}

/** Does any token hold a gate word (by vocabulary number)? */
export function anyGateWordIds(g: FlatGate, ids: Int32Array): boolean {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id >= 0 && g.tagOf[id] !== 0) return true;
  }
  return false;
}

/** modelFlagIn over flat layouts (`ids`: the tokens' vocabulary numbers): the same sentence, found with the same logits. */
export function modelFlagInIds(m: FlatModel, g: FlatGate, ids: Int32Array, text: string, toks: readonly Token[], sents: readonly Sentence[], only: (i: number) => boolean): Span | undefined {
  let hit: Span | undefined;
  let top = -Infinity;
  for (let i = 0; i < sents.length; i++) {
    if (!only(i)) continue;
    const s = sents[i]!;
    const tags = tagsOfIds(g, ids, toks, s.from, s.to);
    if (tags === undefined) continue;
    const span = spanOf(text, s);
    const z = logitIds(m, ids, span.quote, toks, s.from, s.to, tags);
    if (z >= m.c.cut && z > top) {
      top = z;
      hit = span;
    }
  }
  return hit;
}
