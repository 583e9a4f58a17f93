// Mocking an identifiable colleague: a complaint about what a colleague does ("shows up 10 minutes late to every
// meeting", "zero plans", "takes credit for", "naps in every PD") said of a teaching partner, a co-teacher, the
// principal or a named employee, with a sneer (an eye-roll emoji, "must be nice", the "when your ..." meme). Praise
// and the author's own habits ("me, 10 minutes late to my own meeting") are not. Runs only when a word of
// colleague-complaints is in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import { textWithoutDisclaimers } from './district.js';
import { personMentions } from './people.js';
import { negatedInClause } from './substances.js';
import { findAll, sentences, type Span } from './text.js';

// This module's memoised analyzers: a slot each in every check.
const COLLEAGUE_SARCASM = memoSlot('colleague-sarcasm');
const IRONIC_PRAISE = memoSlot('ironic-praise');

const COLLEAGUE = /(?<![\p{L}])(?:(?:my|our|your|the|a|this|that|one|his|her)\s+(?:new\s+|fave\s+|favorite\s+|beloved\s+|dear\s+|lovely\s+|esteemed\s+|wonderful\s+|amazing\s+|fearless\s+)?(?:teaching\s+partner|co-?teacher|coworker|co-worker|colleague|teammate|team\s+mate|grade[- ]level\s+partner|partner\s+teacher|department\s+(?:head|chair)|dept\s+head|team\s+lead|para|paraprofessional|sub|substitute|principal|assistant\s+principal|vice\s+principal|ap|admin|administrator|boss|supervisor|neighbor\s+teacher|teacher\s+next\s+door|lunch\s+supervisor|office\s+manager|secretary|custodian|counselor|instructional\s+coach|mentor\s+teacher|student\s+teacher|superintendent)|a\s+certain\s+(?:someone|colleague|coworker|co-worker|teacher|person|admin)|(?:certain|some|a\s+few)\s+(?:["“][\p{L}-]+["”]\s+)?(?:colleagues|coworkers|co-workers|teachers|staff\s+members|admins|administrators|people\s+(?:at|on)\s+(?:work|staff|this\s+staff))|(?:the|those|these|all\s+the|some\s+of\s+(?:my|our|the))\s+(?:["“'‘](?:teachers|colleagues|coworkers|co-workers|admins|administrators|professionals|adults|leaders)["”'’]|(?:gen\s+ed\s+|sped\s+|classroom\s+|homeroom\s+|veteran\s+|other\s+)?(?:teachers|colleagues|coworkers|co-workers|staff\s+members|admins|administrators|paras|subs)(?![\p{L}]))|(?:gen\s+ed\s+|sped\s+|classroom\s+|homeroom\s+|veteran\s+|other\s+)?(?:teachers|colleagues|coworkers|co-workers|staff\s+members|admins|administrators|paras|subs)\s+(?:who|that)(?=\s)|someone\s+(?:on\s+my\s+team|in\s+my\s+(?:department|building|hallway|pod|plc))|some\s+(?:people|teachers|colleagues|coworkers)\s+(?:in|at|on)\s+(?:my|this|our)\s+(?:building|school|team|department))(?![\p{L}])/iu;
const SNEER = /🙄|😒|🤦|🙃|😑|🥱|🤡|💅|(?<![\p{L}])(?:must\s+be\s+nice|love\s+that\s+for|living\s+the\s+dream|cool\s+cool|truly\s+inspiring|so\s+helpful|very\s+helpful|thanks\s+for\s+nothing|smh|eye\s*roll|as\s+usual|per\s+usual|classic|of\s+course|every\s+(?:single\s+)?(?:meeting|day|time|week|morning|friday)|again|sigh|ugh|lol|not\s+naming\s+names|you\s+know\s+who\s+you\s+are|allegedly|supposedly|real\s+team\s+players?|y['’]all\s+are\s+adults)(?![\p{L}])/iu;
/** The author shares the habit, or praises: "my co-teacher and I have zero plans this weekend". */
const SHARED = /(?<![\p{L}])(?:and\s+i|and\s+me|me\s+and|we|us|our\s+whole|both\s+of\s+us|i['’]m|i\s+am|myself)(?![\p{L}])/iu;

export function colleagueSarcasm(a: Analysis): Span[] {
  return a.get(COLLEAGUE_SARCASM, () => {
    if (!a.mayMatch('colleague-complaints')) return [];
    const text = a.text;
    const meme = /^\s*when\s+(?:your|my|the|ur)\s/i.test(text);
    if (!meme && !SNEER.test(text)) return [];
    const found = findAll(a.lexicon('colleague-complaints'), text);
    if (found.length === 0) return [];
    const sents = sentences(text);
    const employees = personMentions(a).filter((m) => m.kind === 'employee');
    const out: Span[] = [];
    for (const s of found) {
      const sent = sents.find((x) => x.start <= s.start && s.start < x.end) ?? { start: 0, end: text.length, quote: text };
      if (negatedInClause(text, sent, s)) continue;
      const before = text.slice(sent.start, s.start);
      const who = COLLEAGUE.exec(before);
      const named = employees.find((m) => m.start >= sent.start && m.end <= s.start);
      if (who === null && named === undefined) continue;
      const from = named !== undefined ? named.start : sent.start + who!.index;
      if (SHARED.test(text.slice(from, s.start))) continue;
      out.push({ start: from, end: s.end, quote: text.slice(from, s.end) });
    }
    return out;
  });
}

/** The complaint that turns praise into a sneer: a scare-quoted verb ('lost', "forgot"), the third time, yet again, an eye-roll. */
const COMPLAINT = /🙄|😒|🙃|🤡|🤦|["“'‘](?:lost|forgot|forgets|misplaced|checked|reviewed|handled|fixed|planned|organized|communicated|busy|sick|finished|cleaned|clean|done|graded|covered|ready|prepared)["”'’]|(?<![\p{L}])(?:for\s+the\s+(?:second|third|fourth|fifth|sixth|umpteenth|nth|\d+(?:st|nd|rd|th))\s+time|yet\s+again|once\s+again|shocker|color\s+me\s+surprised|who\s+could\s+have\s+guessed|could\s+have\s+been\s+an\s+e-?mail|another\s+(?:pointless|useless|mandatory)\s+meeting|\/s)(?![\p{L}])/iu;
/** Whom it points at: a colleague, the office, admin, the district, families. */
const SCHOOL_PEOPLE = /(?<![\p{L}])(?:whoever|office|admin|administration|principal|district|board|colleagues?|coworkers?|co-workers?|staff|department|parents|families|superintendent|central\s+office|front\s+office|sub\s+request|secretary|counselor|team|crew|shift|custodians?)(?![\p{L}])/iu;

/**
 * Praise said as a sneer about people at school: "Truly inspiring competence 👏" after whoever "lost" a sub request
 * for the third time. Sincere praise ("truly inspiring leadership from our principal this year") has no complaint.
 */
export function ironicPraise(a: Analysis): Span[] {
  return a.get(IRONIC_PRAISE, () => {
    if (!a.mayMatch('ironic-praise')) return [];
    const found = findAll(a.lexicon('ironic-praise'), a.text);
    if (found.length === 0 || !COMPLAINT.test(a.text) || !SCHOOL_PEOPLE.test(textWithoutDisclaimers(a))) return [];
    return found;
  });
}
