// Backstop signals (issue 2, docs/decisions/0005-backstop-models.md): small learned sentence models (sentence-model.ts)
// that a rule asks only when its lexicon detectors find nothing, for wording the lexicons were not written for. Each
// signal is a property of a sentence; the rule still applies its own context logic (account, disclaimer,
// authorization, approved tools). Pure: the weights come through the policy pack (policy/471/models/backstop-<signal>.json);
// a signal whose model the pack does not carry adds nothing.
import { memoSlot, type Analysis, type MemoSlot } from '../analysis.js';
import { postModel } from './post-model.js';
import { flatGate, flatModel, gateOf, modelFlagInIds, modelWords, splitSentences, type Gate, type Sentence } from './sentence-model.js';
import type { Span } from './text.js';
import { table, vocabularySource, type Vocabulary } from './vocabulary.js';

export type BackstopSignal = 'threat' | 'conduct' | 'confidential' | 'announcement' | 'opinion' | 'instruction';

/** Each signal's gate: a sentence holding none of these words is never scored (most bench posts hold none). */
export const BACKSTOP_GATES: Readonly<Record<BackstopSignal, Gate>> = {
  // A threat or harassment of a person or group: a person or group named, or a harm word ('kill', 'beat', 'shoot', 'dead'
  // are left to the threat lexicons: 'this grading will kill me', 'beat the Tigers', 'shoot for the stars' are everyday posts).
  threat: gateOf({
    person: ['he', 'him', "he's", 'she', "she's", 'her', 'they', "they're", 'whoever', 'somebody', 'someone', 'people', 'guy', 'guys', 'lady', 'ref', 'refs', 'neighbor', 'neighbors', 'everybody', 'nobody', "you'll", 'ese', 'esa', 'ella', 'él'],
    group: ['muslims', 'muslim', 'immigrants', 'somali', 'somalis', 'mexicans', 'refugees', 'illegals', 'gay', 'gays', 'trans', 'jews', 'blacks', 'foreigners', 'english'],
    harm: ['hurt', 'punch', 'slap', 'stab', 'die', 'deserve', 'deserves', 'regret', 'sorry', 'pay', 'loser', 'ugly', 'fat', 'pathetic', 'trash', 'ruining', 'mentally', 'creep', 'liar', 'thief', 'careful', 'watch'],
  }),
  // Illegal or inappropriate conduct by the author: drink, drugs, theft or fraud, sex.
  conduct: gateOf({
    drink: ['drunk', 'wasted', 'hungover', 'hangover', 'shots', 'tequila', 'vodka', 'whiskey', 'beer', 'beers', 'wine', 'booze', 'blackout', 'blacked', 'tipsy', 'buzzed', 'bottle', 'drinks', 'drinking', 'anoche', 'survive', 'remember'],
    drugs: ['weed', 'high', 'edible', 'edibles', 'stoned', 'joint', 'blunt', 'pot', 'gummy', 'gummies', 'pills', 'coke', 'shrooms', 'vape', 'baked'],
    theft: ['steal', 'stole', 'stolen', 'free', 'pay', 'insurance', 'tip', 'hack', 'self-checkout', 'checkout', 'scan', 'receipt', 'refund', 'cash', 'taxes', 'pirated', 'cracked', 'link', 'pdf', 'copy', 'nobody', 'checks'],
    sexual: ['headboard', 'bed', 'naked', 'hookup', 'sex', 'sexy', 'hotel', 'date', 'wink', 'spicy', 'hubby', 'deep'],
  }),
  // Something about an identifiable student's or colleague's private record (the rule asks only when a person is identifiable;
  // 'reading' is not a gate word: 'the new reading program' is in many ordinary posts).
  confidential: gateOf({
    person: ['his', 'her', 'he', 'she', "he's", "she's", 'him'],
    record: ['iep', '504', 'suspension', 'suspended', 'expelled', 'investigation', 'leave', 'surgery', 'diagnosis', 'diagnosed', 'medical', 'hospital', 'pregnant', 'rehab', 'grades', 'failing', 'adhd', 'autism', 'autistic', 'custody', 'divorce', 'arrested', 'cps', 'fired', 'terminated', 'disciplinary', 'prayers', 'pending', 'services', 'tested', 'pneumonia', 'cancer', 'goals', 'behavior', 'meds', 'therapy', 'counseling', 'evaluation', 'administrative', 'ell', 'sped'],
  }),
  // District business or a decision announced as if official (closures, schedules, policy).
  announcement: gateOf({
    news: ['heads', 'official', 'officially', 'behalf', 'confirmed', 'effective', 'announce', 'announcing', 'announcement', 'word', 'spread', 'reminder', 'attention', 'families', 'familias', 'parents'],
    change: ['starting', 'moved', 'moves', 'moving', 'switching', 'buses', 'bus', 'schedule', 'dismissal', 'cancelled', 'canceled', 'closed', 'closing', 'closes', 'delay', 'delayed', 'early', 'release', 'policy', 'voted', 'cancel', 'postponed', 'rescheduled', 'forecast', 'starts', 'changing', 'ending', 'cut', 'cuts', 'apologize'],
  }),
  // An opinion about the district, the board, its schools or administration: a view word, or a decision's topic ('district',
  // 'APS', 'board', a school's name are left to the model's features, not the gate: they are in a fifth of ordinary posts).
  opinion: gateOf({
    view: ['should', "shouldn't", 'honestly', 'worst', 'needs', 'terrible', 'wrong', 'mistake', 'waste', 'disaster', 'think', 'ridiculous', 'better', 'worse', 'love', 'hate', 'mejor', 'peor', 'opinión', 'actually', 'deserve', 'deserves', 'shame', 'decided', 'decision', 'handled', 'choice', 'unfair'],
    topic: ['administration', 'superintendent', 'curriculum', 'programa', 'policy', 'ban', 'cut', 'cuts', 'budget', 'levy', 'distrito'],
  }),
  // Students directed to use a tool, app or account for class or a team.
  instruction: gateOf({
    directive: ['reply', 'comment', 'comments', 'post', 'upload', 'submit', 'log', 'film', 'record', 'video', 'tag', 'dm', 'message', 'download', 'join', 'follow', 'below', 'súbanlo', 'suban', 'comenten', 'tarea', 'homework', 'assignment', 'due', 'bring', 'practice'],
    tool: ['app', 'account', 'link', 'group', 'chat', 'snap', 'snapchat', 'tiktok', 'instagram', 'insta', 'discord', 'whatsapp', 'youtube', 'flipgrid', 'padlet', 'kahoot', 'quizlet', 'hashtag'],
  }),
};

const SIGNALS = Object.keys(BACKSTOP_GATES) as BackstopSignal[];
/** Model names in the pack (and memo keys), built once. */
const NAMES = Object.fromEntries(SIGNALS.map((s) => [s, 'backstop-' + s])) as Record<BackstopSignal, string>;
/** Each signal's bit, and every gate word → the bits of the signals it gates: one pass over a post's words serves all six. */
const BIT = Object.fromEntries(SIGNALS.map((s, i) => [s, 1 << i])) as Record<BackstopSignal, number>;
const GATE_BITS = new Map<string, number>();
for (const s of SIGNALS) for (const w of BACKSTOP_GATES[s].words.keys()) GATE_BITS.set(w, (GATE_BITS.get(w) ?? 0) | BIT[s]);
vocabularySource(() => GATE_BITS.keys());
// Every word the pack's backstop models weigh joins the vocabulary too: a check scores a sentence by its words' numbers.
vocabularySource((p) => SIGNALS.flatMap((s) => {
  const m = p.model(NAMES[s]);
  return m === undefined ? [] : [...modelWords(m)];
}));
/** Table keys of each signal's flat model and flat gate (vocabulary.ts). */
const FLAT_KEY = Object.fromEntries(SIGNALS.map((s) => [s, 'backstop-flat:' + s])) as Record<BackstopSignal, string>;
const GATE_KEY = Object.fromEntries(SIGNALS.map((s) => [s, 'backstop-gate:' + s])) as Record<BackstopSignal, string>;
/** The gate bits by vocabulary number (a word outside the vocabulary gates nothing: every gate word is in it). */
const gateBitsOf = (v: Vocabulary): Uint8Array => table(v, 'backstop-gate-bits', () => Uint8Array.from(v.words, (w) => GATE_BITS.get(w) ?? 0));

/** The post's sentences and, for each, the signals whose gate words it holds (bits); computed once per check. */
interface Split {
  any: number;
  sents: Sentence[];
  bits: number[];
}
const NONE: Split = { any: 0, sents: [], bits: [] };
const SPLIT = memoSlot('backstop-split');
/** Each signal's memo slot for its flagged sentence. */
const SLOT = Object.fromEntries(SIGNALS.map((s) => [s, memoSlot('backstop-' + s)])) as Record<BackstopSignal, MemoSlot>;

function split(a: Analysis): Split {
  return a.get(SPLIT, () => {
    let any = 0;
    const toks = a.tokens;
    const ids = a.wordIds;
    const gb = gateBitsOf(a.vocabulary);
    const bitsAt = (i: number): number => {
      const id = ids[i]!;
      return id < 0 ? 0 : gb[id]!;
    };
    for (let i = 0; i < ids.length; i++) any |= bitsAt(i);
    if (any === 0) return NONE;
    const sents = splitSentences(a.text, toks);
    const bits = sents.map((s) => {
      let b = 0;
      for (let i = s.from; i < s.to; i++) b |= bitsAt(i);
      return b;
    });
    return { any, sents, bits };
  });
}

/**
 * What the pack's learned models for `signal` flag in the post's text, once per check: the sentence its backstop model
 * flags, else the sentence to quote when its post model (post-model.ts, the whole post's words) flags the post.
 * Undefined when neither does or the pack carries neither.
 */
export function backstop(a: Analysis, signal: BackstopSignal): Span | undefined {
  return sentenceBackstop(a, signal) ?? postModel(a, signal);
}

/** The sentence the pack's backstop (sentence) model for `signal` flags, once per check (undefined without that model). */
export function sentenceBackstop(a: Analysis, signal: BackstopSignal): Span | undefined {
  const m = a.pack.model(NAMES[signal]);
  if (m === undefined) return undefined;
  const bit = BIT[signal];
  const sp = split(a);
  if ((sp.any & bit) === 0) return undefined;
  return a.get(SLOT[signal], () => {
    const v = a.vocabulary;
    const model = table(v, FLAT_KEY[signal], (w) => flatModel(m, w.ids, w.words));
    const gate = table(v, GATE_KEY[signal], (w) => flatGate(BACKSTOP_GATES[signal], w.ids, w.words.length));
    return modelFlagInIds(model, gate, a.wordIds, a.text, a.tokens, sp.sents, (i) => (sp.bits[i]! & bit) !== 0);
  });
}

/** The finding's wording for a sentence only a backstop model recognised (not a lexicon hit). */
export function byModel(s: Span, what: string): string {
  return `"${s.quote}" ${what} (recognised by a learned model, not a word-list match).`;
}
