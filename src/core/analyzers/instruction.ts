// Is a post used for instruction or a school activity? Declared in purpose, or plain from instructions addressed to students.
import type { Analysis } from '../analysis.js';
import { lexiconRegex, span, type Span } from './text.js';

export interface InstructionalUse {
  /** purpose says 'instruction' or 'school-activity'. */
  declared: boolean;
  /** The words that make the post instructional (an assignment, practice logistics addressed to students ...). */
  cue?: Span;
}

/** The first instruction cue in a text, from the pack's instruction-cues lexicon (precision first). */
export function instructionCue(a: Analysis): Span | undefined {
  return a.get('instruction-cue', () => {
    // Most posts hold none of the cues' words: one shared pass over the words skips the expression.
    if (!a.mayMatch('instruction-cues')) return undefined;
    const re = a.pack.compiled('instruction-cues', (p) => lexiconRegex(p.lexicon('instruction-cues'), 'iu'));
    const m = re?.exec(a.text) ?? null;
    return m === null ? undefined : span(a.text, m.index, m.index + m[0].length);
  });
}

/** Declared or plain instructional use; undefined when the post is neither. */
export function instructionalUse(a: Analysis): InstructionalUse | undefined {
  return a.get('instructional-use', () => {
    const declared = a.post.purpose === 'instruction' || a.post.purpose === 'school-activity';
    const cue = instructionCue(a);
    if (!declared && cue === undefined) return undefined;
    const out: InstructionalUse = { declared };
    if (cue !== undefined) out.cue = cue;
    return out;
  });
}
