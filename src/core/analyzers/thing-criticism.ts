// Criticism of a thing, not of a person: "The board's new cell phone policy is a joke and everyone knows it", "this levy
// proposal is garbage". A sentence whose subject is a policy, a plan, a schedule or the like, judged, and that names and
// points at no one, can be an opinion (missing-disclaimer) but not harassment or a threat. Asked only for a sentence the
// threat model flagged (harassment-or-threat), so it costs nothing on other posts.
import type { Analysis } from '../analysis.js';
import { personMentions } from './people.js';
import type { Span } from './text.js';

/** A thing as the subject of a judgement: "the (board's) new phone policy is", "this levy proposal was". */
const THING_SUBJECT = /(?:^|[.!?]\s+|^\s*(?:honestly|ok|okay|so|lol|ngl|tbh|imo|imho|sorry|look|yeah|well)[,:]?\s+)(?:the|this|that|these|those|our|their|your|its|his|her|(?:the\s+)?(?:district|board|school|superintendent|state|admin(?:istration)?)['’]s)\s+(?:[\p{L}\d'’-]+\s+){0,4}?(?:policy|policies|plan|plans|schedule|schedules|proposal|levy|budget|decision|rule|rules|curriculum|calendar|app|apps|system|process|rollout|change|changes|initiative|program|mandate|requirement|requirements|contract|referendum|survey|software|platform|website|bell\s+schedule|start\s+times?|boundar(?:y|ies)|dress\s+code|pilot|meeting|training|pd|update)\s+(?:is|are|was|were|has\s+been|have\s+been|seems?|sounds?|looks?|feels?)(?![\p{L}])/iu;

/**
 * People the sentence points at besides the thing: personal pronouns (not "everyone", "anyone", "nobody"), people and
 * role nouns. "Everyone knows it" is no target; "and so is whoever wrote it" or "they should be fired" is.
 */
const PERSON_WORD = /(?<![\p{L}])(?:he|she|him|her|hers|they|them|you|u|ya|y['’]all|yall|whoever|who|guy|guys|lady|ladies|man|woman|people|person|idiots?|morons?|clowns?|fools?|teachers?|principal|superintendent|members?|kids?|students?|parents?|families|coach|ref|refs|admins?|administrators?|staff|someone|somebody)(?![\p{L}])/iu;

/** Is the sentence a judgement of a thing that names, and points at, no one? */
export function criticisesThingOnly(a: Analysis, s: Span): boolean {
  const subject = THING_SUBJECT.exec(s.quote);
  if (subject === null) return false;
  // The subject's own owner ("the superintendent's budget plan") is not a target; a word anywhere else is.
  const rest = s.quote.slice(0, subject.index) + ' ' + s.quote.slice(subject.index + subject[0].length);
  if (PERSON_WORD.test(rest)) return false;
  return !personMentions(a).some((m) => m.start < s.end && s.start < m.end);
}
