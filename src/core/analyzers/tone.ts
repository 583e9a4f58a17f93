// The "tone" signal (issue 2): a small logistic regression, trained from the labelled corpus by scripts/train-tone.ts,
// over cheap features of a sentence that names a school target group (sentence-model.ts: word unigrams and bigrams,
// emoji, sneer markers, the group, self-reference). Pure: the weights come through the policy pack
// (policy/471/models/tone.json).
import type { Analysis } from '../analysis.js';
import type { PolicyPack } from '../policy/pack.js';
import { anyGateWordIds, flatGate, flatModel, gatedFeatures, gateOf, modelFlag, modelFlagInIds, modelWords, scoreGated, splitSentences, type SentenceModel } from './sentence-model.js';
import type { Span, Token } from './text.js';
import { table, vocabularySource } from './vocabulary.js';

/** School target groups (English, Spanish, Somali), by the group they name, unless the author is inside it ("we teachers", "as a parent"). A sentence without one is never scored. */
export const TONE_GATE = gateOf(
  {
    class: ['class', 'classes', 'period', 'hour', 'block', 'homeroom', 'grade', 'graders', 'freshmen', 'sophomores', 'juniors', 'seniors', 'clase', 'salón'],
    kids: ['kid', 'kids', 'student', 'students', 'child', 'children', 'chicos', 'niños', 'estudiantes', 'alumnos', 'ardayda', 'players'],
    parents: ['parent', 'parents', 'families', 'family', 'mom', 'moms', 'dad', 'dads', 'mothers', 'fathers', 'papás', 'padres', 'mamás', 'waalidiinta'],
    colleagues: ['colleague', 'colleagues', 'coworker', 'coworkers', 'co-worker', 'co-workers', 'teachers', 'teacher', 'staff', 'maestros', 'compañeros', 'paras', 'subs', 'coaches', 'custodians'],
    admin: ['admin', 'administration', 'administrators', 'principal', 'principals', 'superintendent', 'counselors', 'secretaries'],
    district: ['district', 'board', 'distrito'],
  },
  (toks, i, from) => {
    const prev = i > from ? toks[i - 1]!.lower : '';
    return prev === 'we' || prev === 'us' || prev === 'fellow' || (prev === 'a' && i - 2 >= from && toks[i - 2]!.lower === 'as');
  },
);

export type ToneModel = SentenceModel;

/** Training side: the feature names of each gated sentence of a text ("u:word", "b:a b", "e:🙄", "m:…", "g:…", "bias"), repeats kept. */
export function sentenceFeatures(text: string): Array<{ sentence: Span; features: string[] }> {
  return gatedFeatures(TONE_GATE, text);
}

/** The text's highest sentence probability under the model and that sentence; undefined when no sentence names a group. */
export function scoreText(model: ToneModel, text: string, toks?: readonly Token[]): { p: number; sentence: Span } | undefined {
  return scoreGated(TONE_GATE, model, text, toks);
}

/**
 * The sentence the pack's tone model flags (probability at or above its threshold), or undefined; no model, no flag.
 * `toks` are the text's tokens (the analysis has them already).
 */
export function toneFlag(pack: PolicyPack, text: string, toks: readonly Token[]): Span | undefined {
  return modelFlag(pack, 'tone', TONE_GATE, text, toks);
}

// The tone model's words and its gate's words join the pack's vocabulary: a check scores by word numbers (toneFlagOf).
vocabularySource((p) => {
  const m = p.model('tone');
  return m === undefined ? [] : [...TONE_GATE.words.keys(), ...modelWords(m)];
});

/** toneFlag for a check: the same sentence, scored over the check's word numbers (Analysis.wordIds) and flat tables. */
export function toneFlagOf(a: Analysis): Span | undefined {
  const m = a.pack.model('tone');
  if (m === undefined) return undefined;
  const v = a.vocabulary;
  const gate = table(v, 'tone-gate', (w) => flatGate(TONE_GATE, w.ids, w.words.length));
  if (!anyGateWordIds(gate, a.wordIds)) return undefined;
  const model = table(v, 'tone-flat', (w) => flatModel(m, w.ids, w.words));
  return modelFlagInIds(model, gate, a.wordIds, a.text, a.tokens, splitSentences(a.text, a.tokens), () => true);
}
