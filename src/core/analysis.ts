// One check's shared state: the post, its compiled context and pack, and memoised analyzer results.
import type { Person, Post } from '../contracts/check.js';
import type { CompiledContext } from './context.js';
import type { PolicyPack } from './policy/pack.js';
import { CHARS, charsOf, gateIndex, lexiconSubsetRegex, postGates, tokenize, type PostGates, type Token } from './analyzers/text.js';
import { vocabulary, wordIds, type Vocabulary } from './analyzers/vocabulary.js';
import { parseInstant } from './analyzers/time.js';

/**
 * A numbered place in every check for one analyzer's result (see Analysis.get). Analyzers asked on every check take
 * one at module load: a check keeps their results in an array instead of building, hashing and growing a map per post.
 */
export type MemoSlot = number & { readonly memoSlot: true };
/** What each slot is called (for reading a profile or a debugger). */
export const MEMO_SLOT_NAMES: string[] = [];
export function memoSlot(name: string): MemoSlot {
  MEMO_SLOT_NAMES.push(name);
  return (MEMO_SLOT_NAMES.length - 1) as MemoSlot;
}
/** A slot not yet filled (an analyzer may well return undefined). */
const UNSET: unique symbol = Symbol('unset');

export class Analysis {
  readonly post: Post;
  readonly text: string;
  readonly ctx: CompiledContext;
  readonly pack: PolicyPack;
  /** The moment of the check (for checkedAt and for "current" when the post has no postedAt). */
  readonly now: Date;
  private readonly slots: unknown[] = new Array<unknown>(MEMO_SLOT_NAMES.length).fill(UNSET);
  /** Results keyed by a name made per call (an argument in the key), made on first use. */
  private memo: Map<string, unknown> | undefined;
  private _lower: string | undefined;
  private _tokens: Token[] | undefined;
  private _wordIds: Int32Array | undefined;
  private _postedAt: Date | undefined;
  private _chars = -1;
  private _gates: PostGates | undefined;

  constructor(post: Post, ctx: CompiledContext, pack: PolicyPack, now: Date) {
    this.post = post;
    this.text = post.text;
    this.ctx = ctx;
    this.pack = pack;
    this.now = now;
  }

  get lower(): string {
    return (this._lower ??= this.text.toLowerCase());
  }
  get tokens(): Token[] {
    return (this._tokens ??= tokenize(this.text));
  }
  /** The kinds of character the post's text holds (CHARS bits, text.ts). */
  get chars(): number {
    return this._chars >= 0 ? this._chars : (this._chars = charsOf(this.text));
  }
  /** Does the text hold a character of this kind (a CHARS bit)? */
  holds(kind: number): boolean {
    return (this.chars & kind) !== 0;
  }
  /** The pack's vocabulary (vocabulary.ts). */
  get vocabulary(): Vocabulary {
    return vocabulary(this.pack);
  }
  /** Each token's number in the pack's vocabulary (-1 outside it), looked up once per check for every analyzer. */
  get wordIds(): Int32Array {
    return (this._wordIds ??= wordIds(this.tokens, this.vocabulary));
  }
  get author(): Person | undefined {
    return this.ctx.person(this.post.author);
  }
  /** The instant the post is (or would be) published. */
  get postedAt(): Date {
    return (this._postedAt ??= this.post.postedAt !== undefined ? parseInstant(this.post.postedAt) : this.now);
  }
  get isPersonalAccount(): boolean {
    return (this.post.account?.kind ?? 'personal') === 'personal';
  }

  /** May this lexicon match the post? (One pass over the words decides it for every lexicon.) */
  mayMatch(lexicon: string): boolean {
    return this.gates.has(lexicon);
  }
  /** For each lexicon that may match the post, the entries that may (one pass over the words). */
  get gates(): PostGates {
    return (this._gates ??= postGates(this.tokens, gateIndex(this.pack), this.lower, this.wordIds, this.vocabulary, this.chars));
  }
  /**
   * The lexicon's expression for this post: only the entries whose gate words the post holds, so a
   * long list costs what its few candidate entries cost. null when no entry can match. For the post's
   * text (or a part of it) only; another text (a bio, an image's words) takes gatedLexicon().
   */
  lexicon(name: string, flags = 'giu'): RegExp | null {
    const ids = this.gates.get(name);
    // A text whose letters and numbers are all ASCII (most posts, emoji or not) gets the expression with its letter classes
    // cut to ASCII: the same matches on it, compiled several times faster (asciiSource). For this text and its parts only, as the gates.
    return ids === undefined ? null : lexiconSubsetRegex(this.pack, name, ids, flags, (this.chars & CHARS.nonAsciiWord) === 0);
  }

  /** Memoise an analyzer's result for this check, so several rules share one pass: in its slot, or under a name. */
  get<T>(key: MemoSlot | string, build: (a: Analysis) => T): T {
    if (typeof key === 'number') {
      const slots = this.slots;
      if (key < slots.length && slots[key] !== UNSET) return slots[key] as T;
      const built = build(this);
      // A slot taken after this check began (a module loaded later) is added here.
      while (slots.length <= key) slots.push(UNSET);
      slots[key] = built;
      return built;
    }
    const memo = (this.memo ??= new Map<string, unknown>());
    let v = memo.get(key) as T | undefined;
    if (v === undefined && !memo.has(key)) {
      v = build(this);
      memo.set(key, v);
    }
    return v as T;
  }
}
