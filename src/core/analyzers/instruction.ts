// Is a post used for instruction or a school activity? Declared in purpose, or plain from instructions addressed to students.
import type { Analysis } from '../analysis.js';
import { escapeRegExp, span, type Span } from './text.js';

export interface InstructionalUse {
  declared: boolean;
  /** The words that make the post instructional when purpose does not say so. */
  cue?: Span;
}

export function instructionalUse(a: Analysis): InstructionalUse | undefined {
  return a.get('instructional-use', () => {
    const declared = a.post.purpose === 'instruction' || a.post.purpose === 'school-activity';
    const re = a.pack.compiled('instruction-cues', (p) => {
      const words = p.lexicon('instruction-cues');
      if (words.length === 0) return null;
      // Cues may end in punctuation ("students:"), so the right boundary is only required after a letter.
      const alt = [...words].sort((x, y) => y.length - x.length).map((w) => escapeRegExp(w).replace(/\s+/g, '\\s+') + (/[\p{L}\p{N}]$/u.test(w) ? '(?![\\p{L}\\p{N}])' : ''));
      return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt.join('|')})`, 'iu');
    });
    const m = a.mayMatch('instruction-cues') ? (re?.exec(a.text) ?? null) : null;
    if (!declared && m === null) return undefined;
    const out: InstructionalUse = { declared };
    if (m !== null) out.cue = span(a.text, m.index, m.index + m[0].length);
    return out;
  });
}
