// Is a post used for instruction or a school activity? Declared in purpose, or plain from instructions addressed to students.
import { type Analysis, memoSlot } from '../analysis.js';
import { districtRefs } from './district.js';
import { span, type Span } from './text.js';

// This module's memoised analyzers: a slot each in every check.
const INSTRUCTION_CUE = memoSlot('instruction-cue');
const INSTRUCTIONAL_USE = memoSlot('instructional-use');

export interface InstructionalUse {
  /** purpose says 'instruction' or 'school-activity'. */
  declared: boolean;
  /** Students take part (post.participants): the contract lists them only for instruction and school activities. */
  participants: boolean;
  /** The words that make the post instructional (an assignment, practice logistics addressed to students ...). */
  cue?: Span;
}

/**
 * The first instruction cue in the text. Precision first, in two tiers (lexicons of the pack):
 * - `instruction-cues` are school by themselves ("Period 3: submit ...", "your homework is", "team challenge:");
 * - `instruction-directives` are everyday too ("post a pic of your ...", "practice is moved", "bus leaves at")
 *   and count only when the post also speaks of school (`instruction-context`, or the district by name)
 *   outside the directive's own words: "bring your spikes to practice tomorrow" is team logistics,
 *   "post a pic of your dog in a costume" is not.
 */
export function instructionCue(a: Analysis): Span | undefined {
  return a.get(INSTRUCTION_CUE, () => {
    // Most posts hold none of these words: one shared pass over the words skips the expressions.
    const cues = a.lexicon('instruction-cues', 'iu');
    const m = cues?.exec(a.text) ?? null;
    if (m !== null) return span(a.text, m.index, m.index + m[0].length);
    const re = a.lexicon('instruction-directives');
    if (re === null) return undefined;
    re.lastIndex = 0;
    for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) {
      if (schoolContextOutside(a, m.index, m.index + m[0].length)) return span(a.text, m.index, m.index + m[0].length);
    }
    return undefined;
  });
}

/** Does the post speak of school (students, class, practice, the district ...) outside [start, end)? */
function schoolContextOutside(a: Analysis, start: number, end: number): boolean {
  const outside = (s: number, e: number) => e <= start || s >= end;
  const re = a.lexicon('instruction-context');
  if (re !== null) {
    re.lastIndex = 0;
    for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) if (outside(m.index, m.index + m[0].length)) return true;
  }
  return districtRefs(a).some((r) => outside(r.start, r.end));
}

/** Declared, with participating students, or plain from the text; undefined when the post is none of these. */
export function instructionalUse(a: Analysis): InstructionalUse | undefined {
  return a.get(INSTRUCTIONAL_USE, () => {
    const declared = a.post.purpose === 'instruction' || a.post.purpose === 'school-activity';
    const participants = (a.post.participants?.length ?? 0) > 0;
    const cue = instructionCue(a);
    if (!declared && !participants && cue === undefined) return undefined;
    const out: InstructionalUse = { declared, participants };
    if (cue !== undefined) out.cue = cue;
    return out;
  });
}
