// Post models (issue 2, docs/decisions/0006-post-models.md): one logistic regression per text rule over the words and
// word pairs of the WHOLE post, no gate word needed. A rule asks its post model last, when its lexicons, detectors and
// sentence backstop (backstop.ts) found nothing; the rule still applies its own context logic (account, disclaimer,
// authorization, approved tools, an identifiable person). All the pack's post models are scored in one walk over the
// post's words, once per check. Pure: the weights come through the pack (policy/471/models/post-<signal>.json); a signal
// whose model the pack does not carry adds nothing.
import { memoSlot, type Analysis } from '../analysis.js';
import type { PolicyPack } from '../policy/pack.js';
import { compileSet, flatSet, logitsOfIds, setWords, spanOf, splitSentences, type CompiledSet, type FlatSet, type SentenceModel } from './sentence-model.js';
import type { Span } from './text.js';
import { table, vocabularySource } from './vocabulary.js';

/** What each post model recognises; the rule it backs is POST_RULE's. */
export type PostSignal = 'threat' | 'conduct' | 'mockery' | 'confidential' | 'announcement' | 'opinion' | 'instruction';

export const POST_RULE: Readonly<Record<PostSignal, string>> = {
  threat: 'harassment-or-threat',
  conduct: 'illegal-or-inappropriate-conduct',
  mockery: 'unprofessional-conduct',
  confidential: 'confidential-information',
  announcement: 'unauthorized-spokesperson',
  opinion: 'missing-disclaimer',
  instruction: 'unapproved-instructional-use',
};
export const POST_SIGNALS = Object.keys(POST_RULE) as PostSignal[];

/** The pack's name of a signal's model. */
export const postModelName = (s: PostSignal): string => 'post-' + s;

/** The pack's post models compiled into one set (slot per signal the pack carries), once per pack; null when it has none. */
interface PackSet {
  set: CompiledSet;
  slot: Partial<Record<PostSignal, number>>;
}

function packSet(pack: PolicyPack): PackSet | null {
  return pack.compiled('post-models', () => {
    const slot: Partial<Record<PostSignal, number>> = {};
    const models: SentenceModel[] = [];
    for (const s of POST_SIGNALS) {
      const m = pack.model(postModelName(s));
      if (m === undefined) continue;
      slot[s] = models.length;
      models.push(m);
    }
    return models.length === 0 ? null : { set: compileSet(models), slot };
  });
}

// Every word the post models weigh joins the vocabulary, so a check's walk reads each word's weights by its number.
vocabularySource((p) => {
  const ps = packSet(p);
  return ps === null ? [] : setWords(ps.set);
});

/** The set laid out flat over the pack's vocabulary (once per vocabulary). */
function flat(a: Analysis, set: CompiledSet): FlatSet {
  const v = a.vocabulary;
  return table(v, 'post-model-flat', () => flatSet(set, v.ids, v.words));
}

const FLAGS = memoSlot('post-model-flags');
/** Each signal's bit in a check's flag mask. */
const BIT = Object.fromEntries(POST_SIGNALS.map((s, i) => [s, 1 << i])) as Record<PostSignal, number>;

/** The signals whose post models flag the post (bits): every model's logit in one walk over the post's words. */
function flagsOf(a: Analysis): number {
  const ps = packSet(a.pack);
  if (ps === null) return 0;
  const z = logitsOfIds(ps.set, flat(a, ps.set), a.wordIds, a.text, a.tokens, 0, a.tokens.length);
  let mask = 0;
  for (const s of POST_SIGNALS) {
    const i = ps.slot[s];
    if (i !== undefined && z[i]! >= ps.set.cuts[i]!) mask |= BIT[s];
  }
  return mask;
}

/**
 * The sentence to quote when the pack's post model for `signal` flags the post (its logit at or above the model's cut):
 * the sentence the same model scores highest. Undefined when the model does not flag the post or the pack has none.
 * The rules ask after their other detectors, so most checks ask all seven: the walk runs once, each ask reads a bit.
 */
export function postModel(a: Analysis, signal: PostSignal): Span | undefined {
  if ((a.get(FLAGS, flagsOf) & BIT[signal]) === 0) return undefined;
  const ps = packSet(a.pack)!;
  return a.get('post-model-sentence:' + signal, () => strongestSentence(a, ps.set, ps.slot[signal]!));
}

/** The sentence whose own logit under model `i` of the set is highest (the whole text when it is one sentence). */
function strongestSentence(a: Analysis, set: CompiledSet, i: number): Span {
  const toks = a.tokens;
  let best: Span | undefined;
  let top = -Infinity;
  for (const s of splitSentences(a.text, toks)) {
    const span = spanOf(a.text, s);
    if (span.quote === '') continue;
    const z = logitsOfIds(set, flat(a, set), a.wordIds, span.quote, toks, s.from, s.to)[i]!;
    if (z > top) {
      top = z;
      best = span;
    }
  }
  return best ?? { start: 0, end: a.text.length, quote: a.text };
}
