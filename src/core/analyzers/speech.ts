// Speaking about and for the district: opinions, disclaimers, announcements of district decisions, credit to the district's own post.
import { KIN_EN, KIN_ES } from './kin.js';
import { type Analysis, memoSlot } from '../analysis.js';
import { listedClosure } from './calendar-fact.js';
import { districtRefs, mentionsDistrict, textWithoutDisclaimers } from './district.js';
import { gatedLexicon, negatedAt, sentences, span, type Span } from './text.js';

// This module's memoised analyzers: a slot each in every check.
const HAS_DISCLAIMER = memoSlot('has-disclaimer');
const DISCLOSES_EMPLOYMENT = memoSlot('discloses-employment');
const DISTRICT_OPINION = memoSlot('district-opinion');
const DISTRICT_ANNOUNCEMENT = memoSlot('district-announcement');
const CREDITS_DISTRICT = memoSlot('credits-district');

/** First match of a lexicon in the post's text (gated by its words), or in another text such as the bio. */
function firstMatch(a: Analysis, lexicon: string, text: string): Span | undefined {
  const re = text === a.text ? a.lexicon(lexicon, 'iu') : gatedLexicon(a.pack, lexicon, 'iu').re;
  if (re === null) return undefined;
  const m = re.exec(text);
  return m === null ? undefined : span(text, m.index, m.index + m[0].length);
}

/** "Views are my own" in the post or the account's bio. */
export function hasDisclaimer(a: Analysis): boolean {
  return a.get(HAS_DISCLAIMER, () => firstMatch(a, 'disclaimers', a.text) !== undefined || (a.post.account?.bio !== undefined && bioFact(a, 'disclaimer', a.post.account.bio, (b) => firstMatch(a, 'disclaimers', b) !== undefined)));
}

/** Facts about a bio, cached per context: the same few bios come back with every post of an account. */
export function bioFact(a: Analysis, what: string, bio: string, decide: (bio: string) => boolean): boolean {
  // One map per fact, keyed by the bio itself (no joined key string to build and hash per post).
  const facts = a.ctx.index('bio-facts', () => new Map<string, Map<string, boolean>>());
  let cache = facts.get(what);
  if (cache === undefined) facts.set(what, (cache = new Map()));
  let v = cache.get(bio);
  if (v === undefined) {
    v = decide(bio);
    if (cache.size > 100_000) cache.clear();
    cache.set(bio, v);
  }
  return v;
}

/** Does the post or bio say the author works for the district? */
export function disclosesEmployment(a: Analysis): boolean {
  return a.get(DISCLOSES_EMPLOYMENT, () => {
    const bio = a.post.account?.bio ?? '';
    if (firstMatch(a, 'employment-disclosure', a.text) !== undefined) return true;
    if (bio !== '' && (firstMatch(a, 'employment-disclosure', bio) !== undefined || (mentionsDistrict(a, bio) && /teacher|coach|principal|specialist|coordinator|director|staff|secretary|counselor|communications|employee|superintendent|para|driver|nurse/i.test(bio)))) return true;
    return false;
  });
}

/**
 * An opinion about the district, its schools, people or programs: an opinion cue in a sentence about the district,
 * or a judgement (praise or criticism: "a huge upgrade", "makes zero sense", "not a fan of", "no me gusta") in a
 * sentence about how the district is run (a topic such as the board, a policy, a schedule, a principal). A judgement
 * next to a school's name alone is not enough: "Great game tonight, Cardinals!" celebrates, it does not judge.
 */
export function districtOpinion(a: Analysis): Span | undefined {
  return a.get(DISTRICT_OPINION, () => {
    const cueRe = a.lexicon('opinion-cues');
    const judgeRe = a.lexicon('opinion-judgements');
    if (cueRe === null && judgeRe === null) return undefined;
    // A sentence is part of the post, so the post's gate holds for it.
    const topicRe = a.lexicon('district-topics', 'iu');
    const refs = districtRefs(a);
    const sentenceAt = (i: number) => sentences(a.text).find((s) => s.start <= i && i < s.end);
    if (cueRe !== null) {
      cueRe.lastIndex = 0;
      for (let m = cueRe.exec(a.text); m !== null; m = cueRe.exec(a.text)) {
        if (negatedAt(a.text, m.index, m.index + m[0].length) && !/should|need|must/i.test(m[0])) continue;
        const sent = sentenceAt(m.index);
        if (sent === undefined) continue;
        // "Hats off to the Cardinals for an amazing season": cheering a team or a show, not judging how the district is run.
        if (/^(?:kudos|hats\s+off)/i.test(m[0]) && CELEBRATION.test(sent.quote)) continue;
        // "The Woodland food drive was a huge success": an event celebrated, not how the district is run.
        if (/success|win/i.test(m[0]) && (CELEBRATION.test(sent.quote) || SCHOOL_EVENT.test(sent.quote) || EVENT_WORD.test(sent.quote))) continue;
        let aboutDistrict = refs.some((r) => r.start >= sent.start && r.end <= sent.end) || (topicRe !== null && districtTopic(topicRe, sent.quote));
        // A review's heading or verdict ("One year of SBG at JHS: some honest thoughts", "Verdict: keep it") judges what the whole post is about.
        if (!aboutDistrict && REVIEW_CUE.test(m[0])) aboutDistrict = refs.length > 0 || (topicRe !== null && districtTopic(topicRe, a.text));
        // A call for change ("Somebody needs to rethink this", "Something has to change") points at the sentence before it.
        // Not when it is about the author ("rethink my costume") or follows a celebration ("won state!"). A verdict on it ("That's a choice, and it's the wrong one.") too.
        if (!aboutDistrict && ((CALL_FOR_CHANGE.test(m[0]) && !FIRST_PERSON.test(sent.quote)) || VERDICT_ON_BEFORE.test(m[0]))) {
          const all = sentences(a.text);
          const prev = all[all.indexOf(sent) - 1];
          if (prev !== undefined && !CELEBRATION.test(prev.quote)) aboutDistrict = refs.some((r) => r.start >= prev.start && r.end <= prev.end) || (topicRe !== null && districtTopic(topicRe, prev.quote));
          if (aboutDistrict) return { start: prev!.start, end: sent.end, quote: a.text.slice(prev!.start, sent.end) };
        }
        if (aboutDistrict) return sent;
      }
    }
    if (judgeRe !== null && topicRe !== null) {
      judgeRe.lastIndex = 0;
      for (let m = judgeRe.exec(a.text); m !== null; m = judgeRe.exec(a.text)) {
        const sent = sentenceAt(m.index);
        // A question asks for views, it does not give one.
        if (sent === undefined || /\?\s*$/.test(sent.quote)) continue;
        if (districtTopic(topicRe, sent.quote)) return sent;
        // A judgement with no subject of its own ("Makes zero sense to me.", "That makes no sense.") judges the sentence before it; "Not a fan of pineapple pizza." has its own object.
        if (SUBJECTLESS.test(a.text.slice(sent.start, m.index)) && ALONE_AFTER.test(a.text.slice(m.index + m[0].length, sent.end))) {
          const all = sentences(a.text);
          const prev = all[all.indexOf(sent) - 1];
          if (prev !== undefined && !CELEBRATION.test(prev.quote) && (refs.some((r) => r.start >= prev.start && r.end <= prev.end) || districtTopic(topicRe, prev.quote))) {
            return { start: prev.start, end: sent.end, quote: a.text.slice(prev.start, sent.end) };
          }
        }
      }
    }
    return undefined;
  });
}

/** Opinion cues that demand a change: they judge whatever the sentence before them is about. */
/** A topic of the district's, not the author's own ("my candy budget", "my calendar"): the first topic match not after "my". */
function districtTopic(topicRe: RegExp, quote: string): boolean {
  let rest = quote;
  let before = '';
  for (let i = 0; i < 4; i++) {
    const m = topicRe.exec(rest);
    if (m === null) return false;
    if (!OWN_BEFORE.test(before + rest.slice(0, m.index)) || PERSON_TOPIC.test(m[0])) return true;
    before += rest.slice(0, m.index + m[0].length);
    rest = rest.slice(m.index + m[0].length);
  }
  return false;
}
/** "My principal" is still the district's principal. */
const PERSON_TOPIC = /principal|superintendent|director|administration|admin|board|district|distrito|junta/i;
/** Opinion cues that head or close a review ("Just my two cents.", "Unpopular opinion:"): they judge the post's subject, wherever it is named. */
const REVIEW_CUE = /honest|take|verdict|review|two\s+cents|opinion|sayin/i;
const OWN_BEFORE = /(?<![\p{L}])(?:my|mi|mis)\s+(?:[\p{L}-]+\s+)?$/iu;
const FIRST_PERSON = /(?<![\p{L}])(?:i|me|my|mine|myself)(?![\p{L}])/iu;
/** Nothing but an opener before a judgement: it has no subject of its own ("Makes zero sense", "Honestly, that makes no sense"). */
/** ... and nothing but a tag after it: the judgement stands alone ("to me.", "at all!!", "lol 🙄"), it has no object of its own. */
const ALONE_AFTER = /^\s*(?:(?:to\s+me|at\s+all|whatsoever|honestly|lol|tbh|imo|smh|either|in\s+years|in\s+a\s+long\s+time|all\s+year|ever)[\s,]*)*(?:[\s.!…,'"”\p{Extended_Pictographic}]|\u200d|\ufe0f)*$/u;
const SUBJECTLESS = /^[\s"“]*(?:(?:and|but|honestly|seriously|just|which|so)[,\s]+)?(?:(?:it|that|this|which)\s+)?$/iu;
/** A verdict on what the sentence before said ("That's a choice, and it's the wrong one.", "Priorities, I guess."), first person or not. */
const VERDICT_ON_BEFORE = /wrong\s+one|priorities/i;
const CALL_FOR_CHANGE = /rethink|reconsider|reverse|(?:has|have|needs?)\s+to\s+(?:change|give)|(?:gotta|got\s+to|going\s+to|gonna)\s+(?:change|give)|do\s+better|listen|fix|deserves?/i;

/** School events and the school calendar: changing one is the district's decision ("Friday's game vs Fergus Falls is moved to Saturday", "two snow make-up days"). */
const SCHOOL_EVENT_VS = /(?<![\p{L}])(?:game|match|meet|tournament)\s+(?:vs\.?|versus|against|at)\s+\p{Lu}/u;
const SCHOOL_EVENT = /(?<![\p{L}])(?:(?:winter|spring|fall|holiday|band|choir|orchestra|\d(?:st|nd|rd|th)\s+grade)\s+concert|\d(?:st|nd|rd|th)\s+grade\s+(?:camp|trip|overnight)|student\s+(?:chromebooks|ipads|devices|laptops|accounts)|concerts?|conferences|homecoming|prom|banquet|field\s+trip|picture\s+day|open\s+house|parent\s+night|curriculum\s+night|make-?up\s+days?|snow\s+days?|school\s+calendar|(?:the|next\s+year['’]s|this\s+year['’]s)\s+(?:(?:20)?\d\d[-–/](?:20)?\d\d\s+)?(?:school\s+)?calendar|first\s+day|last\s+day|section(?:al)?s?\s+(?:semi-?finals?|finals?|quarter-?finals?|championship|game|meet|match|tournament|playoffs?)|(?:jv|varsity|c-squad|junior\s+varsity)\s+(?:game|match|meet|tournament|scrimmage|dual)|conferencias?\s+de\s+padres|concierto|partido|graduaci[óo]n|excursi[óo]n|d[íi]a\s+de\s+fotos|baile\s+escolar)(?![\p{L}])/iu;
/** The author's family or a club outside school. */
const OWN_EVENT = new RegExp(`(?<![\\p{L}])(?:(?:my|our)\\s+(?:${KIN_EN})['’]?s?|(?:mi|mis|nuestr[oa]|nuestr[oa]s)\\s+(?:${KIN_ES}|familia)|rec\\s+league|travel\\s+team|club\\s+team|book\\s+club|church|bowling\\s+league)(?![\\p{L}])`, 'iu');

/** The school day's own times: dismissal, early release, a late start, the car line. Changing them is the district's decision. */
const SCHOOL_DAY = /(?<![\p{L}])(?:dismissal|early[- ]release|late[- ]start|car\s+line|pick-?up\s+line|school\s+pick-?up|bell\s+times?|school\s+day|bus\s+routes?|routes?\s+#?\d+|bus\s+stops?|morning\s+pick-?up|afternoon\s+drop-?off|car[- ]riders?|bus\s+riders?|front\s+doors?|visitors?\s+(?:check|sign)\s+in|bus\s+#?\d{1,3}|ruta\s+#?\d{1,3}|rutas?\s+del?\s+(?:autob[uú]s|bus)|autob[uú]s(?:es)?\s+escolar(?:es)?|parada\s+del?\s+(?:autob[uú]s|bus)|hora\s+de\s+salida|salida\s+temprano)(?![\p{L}])/iu;
/** A school's grounds a board decides on ("Board voted: the stadium gets turf"); a church's or an HOA's board builds no stadium. */
const SCHOOL_FACILITY = /(?<![\p{L}])(?:stadium|football\s+field|turf\s+field|fieldhouse|field\s+house|auditorium|performing\s+arts\s+center|bus\s+garage|new\s+(?:high|middle|elementary)\s+school|school\s+building)(?![\p{L}])/iu;
/**
 * A service the district contracts for its schools: a board that votes on its contract is the school board ("Board approved
 * the new transportation contract tonight"); a county's or a church's board is not (OTHER_BOARD).
 */
const DISTRICT_SERVICE = /(?<![\p{L}])(?:transportation|busing|bussing|school\s+bus|bus|food\s+service|nutrition\s+services?|school\s+lunch|custodial|substitute\s+(?:teacher|staffing)|sub\s+staffing|school\s+resource\s+officer|sro|teachers['’]?|paraprofessionals?['’]?|paras['’]?)\s+(?:contracts?|vendors?|providers?)(?![\p{L}])/iu;
/** A board that is not the school board, right before the match ("The county board approved ..."). */
const OTHER_BOARD = /(?<![\p{L}])(?:county|city|township|town|hoa|condo|church|library|park|parks|transit|state|hospital|housing|co-?op|association|clinic|nursing\s+home)\s+(?:board\s+)?$/iu;
/** An answer to a news outlet's question ("@EchoPressNews to answer your question: ..."): it speaks for the district when it is about its staff, students or schools. */
const PRESS_ANSWER = /^(?:to\s+answer|since\s+you|as\s+you|answering)(?![\p{L}])/iu;
const DISTRICT_MATTER = /(?<![\p{L}])(?:district|staff|students?|teachers?|employees?|schools?|classes|board|buildings?|campus|superintendent|principal|kids|families|parents)(?![\p{L}])/iu;

/** The post addresses a school's families ("Heads up Lincoln families!", "Woodland parents:"). */
const ADDRESSES_FAMILIES = /(?<![\p{L}])(?:families|parents|padres|familias|waalidiinta|qoysaska)\s*[!:,]/iu;

/** A holiday everyone's calendar shows, or a change told as history: not news the district has to give. */
const HOLIDAY_OR_PAST = /(?<![\p{L}])(?:(?:for|por)\s+(?:el\s+|the\s+)?(?:thanksgiving|d[íi]a\s+de\s+acci[óo]n\s+de\s+gracias|acci[óo]n\s+de\s+gracias|christmas|navidad|labor\s+day|memorial\s+day|mea|the\s+holidays?|las\s+fiestas)|last\s+(?:year|season|spring|fall|winter)|el\s+a[ñn]o\s+pasado|years?\s+ago|back\s+in\s+(?:19|20)\d\d)(?![\p{L}])/iu;

/** The author's own request or plan before an approval ("My sub request was approved today", "I got my field trip approved"). */
const OWN_REQUEST = /(?<![\p{L}])(?:my|i|i['’]m|i['’]ve)(?![\p{L}])/iu;
/** Mockery of a stance the district takes ("love how ...", "apparently", an eye roll): criticism, not the district's word. */
const MOCKS_STANCE = /🙄|🙃|😂|🤡|(?<![\p{L}])(?:lol|lmao|apparently|love\s+how|gotta\s+love|of\s+course|sure|i\s+guess|somehow)(?![\p{L}])/iu;

/** The author speaks of themself: I, I'll, I've, my, me. */
const OWN_NEWS = /(?<![\p{L}])(?:i|i['’]ll|i['’]m|i['’]ve|i['’]d|my|me|myself|yo|mi)(?![\p{L}])/iu;

/** Community events: a drive, a fundraiser, a fair. */
const EVENT_WORD = /(?<![\p{L}])(?:drives?|fundraisers?|fair|carnival|festival|night|dance|sale|auction|party|event|5k|walk|run|book\s+fair|food\s+drive|coat\s+drive|celebration|assembly)(?![\p{L}])/iu;
/** A season, a game or a show: praise of it celebrates. */
const CELEBRATION = /(?<![\p{L}])(?:season|game|win|victory|championship|tournament|state|meet|match|concert|performance|musical|play|show|recital)(?![\p{L}])/iu;

/** A negation right before ("I'm not", "never", "isn't"). */
const NOT_BEFORE = /(?:(?<![\p{L}])(?:not|never)|n['’]t)\s+(?:[\p{L}]+\s+)?$/iu;
/** No one as the subject right before ("Nobody is talking for the district", "no one here speaks for APS"). */
const NO_ONE_BEFORE = /(?<![\p{L}])(?:nobody|no\s+one|none\s+of\s+us)\s+(?:[\p{L}]+\s+){0,2}$/iu;

/** Restating a district decision as news (closings, delays, program and policy changes), in a sentence about the district. */
export function districtAnnouncement(a: Analysis): Span | undefined {
  return a.get(DISTRICT_ANNOUNCEMENT, () => {
    const re = a.lexicon('spokesperson-announcements');
    if (re === null) return undefined;
    const refs = districtRefs(a);
    re.lastIndex = 0;
    for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) {
      const start = m.index;
      const sent = sentences(a.text).find((s) => s.start <= start && start < s.end);
      if (sent === undefined) continue;
      if (/^\s*(?:if|when|whether|in case)\b/i.test(sent.quote) || /\?\s*$/.test(sent.quote)) continue;
      const end = start + m[0].length;
      // "I'm not speaking for the district", "can't answer for the district" disclaim it; "No school today" on a day the calendar lists as none is a public fact.
      if (/speaking|behalf|^(?:answer|respond|repl|post|talk)/i.test(m[0]) && (NOT_BEFORE.test(a.text.slice(Math.max(sent.start, start - 24), start)) || NO_ONE_BEFORE.test(a.text.slice(Math.max(sent.start, start - 24), start)))) continue;
      if (listedClosure(a, m[0])) continue;
      // "No school in Alexandria tomorrow" names the district's town or one of its schools; "no school in Fargo tomorrow" is someone else's news.
      if (NO_SCHOOL_IN.test(m[0]) && !refs.some((r) => r.start >= start && r.end <= end) && !namesTown(a, m[0])) continue;
      if (/behalf/i.test(m[0])) {
        // "On behalf of the district / Lincoln Elementary" speaks for it; "on behalf of my family" does not.
        // "On the district's behalf" names whom it speaks for inside the match.
        if (/(?:district|school|board|administration)['’]s\s+behalf/i.test(m[0])) return span(a.text, start, end);
        const after = a.text.slice(end, end + 60);
        if (refs.some((r) => r.start >= end && r.start <= end + 6) || /^\s+(?:the\s+)?(?:district|school|board|administration|our\s+school|our\s+district|all\s+of\s+us\s+at)\b/i.test(after)) return span(a.text, start, end);
        continue;
      }
      if (/^(?:registration|enrollment|sign-?ups?|open\s+enrollment|round-?up|(?:las?\s+)?(?:inscripci|matr[ií]cula))/i.test(m[0]) && !/kindergarten|preschool|pre-k|school|elementary|district|classes|students|k[ií]nder|escuela|distrito|primaria|secundaria|estudiantes|alumnos/i.test(a.text)) continue;
      if (/^(?:starting|beginning)/i.test(m[0])) {
        // "Starting Monday, ..." opens the post, a sentence or a clause ("Heads up: starting Monday"), not "I've been starting Monday".
        let p = start - 1;
        while (p >= 0 && (a.text[p] === ' ' || a.text[p] === '\t')) p--;
        if (p >= 0 && !':.!?\n—–,'.includes(a.text[p]!)) continue;
        // "Starting July 1 I'll be the office manager": the author's own news from that date, not the district's.
        if (OWN_NEWS.test(sent.quote)) continue;
      }
      // A family member's or a club's event is the author's own news, not the district's.
      if (OWN_EVENT.test(sent.quote) || HOLIDAY_OR_PAST.test(sent.quote)) continue;
      // "My sub request was approved today": the author's own request, not a decision of the board's.
      if (/approved|greenlit|green-lit|okayed|voted\s+through/i.test(m[0]) && OWN_REQUEST.test(a.text.slice(sent.start, start))) continue;
      // "Lockdown drill at Lincoln: all students and staff were accounted for": a drill is practice, not news of an incident.
      if (/(?:lifted|over|ended|cleared|called\s+off|safe|accounted\s+for|unharmed)$/i.test(m[0]) && /(?<![\p{L}])drills?(?![\p{L}])/iu.test(sent.quote)) continue;
      // "Love how the district is confident 32 kids fit in a portable 🙄" mocks the district's stance, it does not state it.
      if (/^the\s+district\s+is/i.test(m[0]) && MOCKS_STANCE.test(sent.quote)) continue;
      // "Board approved the new transportation contract tonight. Bus routes will stay the same": the sentence after a board's vote
      // tells what it was about; so does the sentence after a registration ("Registration for summer camps opens May 1! Lincoln hosts them").
      const reg = /^(?:registration|enrollment|sign-?ups?|open\s+enrollment|round-?up)/i.test(m[0]);
      const next = /board/i.test(m[0]) || reg ? sentences(a.text).find((s) => s.start >= sent.end) : undefined;
      const subject = (next !== undefined && (SCHOOL_DAY.test(next.quote) || SCHOOL_EVENT.test(next.quote) || (reg && refs.some((r) => r.start >= next.start && r.end <= next.end)))) || refs.some((r) => r.start >= sent.start && r.end <= sent.end) || SCHOOL_DAY.test(sent.quote) || (/board/i.test(m[0]) && (SCHOOL_FACILITY.test(sent.quote) || (DISTRICT_SERVICE.test(sent.quote) && !OTHER_BOARD.test(a.text.slice(Math.max(sent.start, start - 30), start))))) || (refs.length > 0 && ADDRESSES_FAMILIES.test(a.text)) || SCHOOL_EVENT.test(sent.quote) || SCHOOL_EVENT_VS.test(sent.quote) || /\b(?:schools?|classes|all buildings|every building|each building|every classroom|all (?:\w+ )?classrooms|buses|bus routes|the district|district offices|district buildings|buildings|kindergarten|graduation|commencement|grades (?:k|\d{1,2}) ?[–-] ?\d{1,2})\b/i.test(sent.quote) || /(?<![\p{L}])(?:clases|escuelas?|distrito|k[ií]nder|kindergarten)(?![\p{L}])/iu.test(sent.quote);
      // "Her school in Fargo is closed tomorrow", "my nephew's school is on a delay": a school elsewhere, not one of the district's.
      if (subject && !refs.some((r) => r.start >= sent.start && r.end <= sent.end) && otherSchool(a, sent.quote)) continue;
      // "That's the official word" speaks for the district only in a post about it; a contract reached with its union is the district's.
      const strong = /official|statement|position|speaking for|told|district is|association|union|bargaining/i.test(m[0]) && (refs.length > 0 || !/official(?:\s+(?:word|line|answer|position|news|update|announcement))?\s*:?$/i.test(m[0]));
      // "@EchoPressNews to answer your question: yes, ... staff email accounts were exposed" answers for the district; an answer
      // about the author ("yes, I'll be calling the game Friday") or about no school matter does not.
      const press = PRESS_ANSWER.test(m[0]) && (refs.length > 0 || DISTRICT_MATTER.test(textWithoutDisclaimers(a))) && !OWN_NEWS.test(a.text.slice(end, sent.end));
      if (subject || strong || press) return span(a.text, start, start + m[0].length);
    }
    return undefined;
  });
}

/** A school that is someone else's: a relative's or a friend's, or one in a named town ("school in Fargo"). */
const OTHER_SCHOOL = new RegExp(`(?<![\\p{L}])(?:(?:${KIN_EN}|friends?|neighbou?rs?)['’]?s?\\s+(?:old\\s+|new\\s+)?schools?|schools?\\s+(?:(?:over|up|down|out)\\s+)?in\\s+(\\p{Lu}[\\p{L}'’-]+))(?![\\p{L}])`, 'u');

function otherSchool(a: Analysis, quote: string): boolean {
  const m = OTHER_SCHOOL.exec(quote);
  return m !== null && (m[1] === undefined || !namesTown(a, m[1]));
}

/** "No school in/at/for <place> tomorrow": whose school depends on the place. */
const NO_SCHOOL_IN = /^no\s+school\s+(?:in|at|for)\s/i;

/** Does a phrase name the town the district is named after ("Alexandria" of "Alexandria Public Schools")? */
function namesTown(a: Analysis, phrase: string): boolean {
  const town = /^\p{Lu}[\p{L}'’-]+/u.exec(a.ctx.district?.name ?? '')?.[0]?.toLowerCase();
  return town !== undefined && phrase.toLowerCase().split(/[^\p{L}'’-]+/u).includes(town);
}

/** A link to a post or page of a social network: the account's handle after the host ("facebook.com/AlexandriaPublicSchools", "x.com/APS_206/status/1"). */
const SOCIAL_LINK = /(?<![\w.-])(?:https?:\/\/)?(?:www\.|m\.|mobile\.)?(?:facebook|fb|instagram|x|twitter|tiktok|youtube|threads)\.(?:com|net)\/@?([\w.]{2,50})/gi;

/** The district's own accounts (context.district.districtAccounts), by lower-cased handle, once per context. */
function districtHandles(a: Analysis): ReadonlySet<string> {
  return a.ctx.index('district-account-handles', (ctx) => new Set((ctx.district?.districtAccounts ?? []).map((x) => x.handle.trim().replace(/^@/, '').toLowerCase())));
}

/** The post links a post or page of one of the district's own accounts: it points to the district's announcement. */
function linksDistrictAccount(a: Analysis): boolean {
  for (const t of [a.text, a.post.link ?? '']) {
    if (!t.includes('.com/') && !t.includes('.net/')) continue;
    const handles = districtHandles(a);
    if (handles.size === 0) return false;
    SOCIAL_LINK.lastIndex = 0;
    for (let m = SOCIAL_LINK.exec(t); m !== null; m = SOCIAL_LINK.exec(t)) if (handles.has(m[1]!.replace(/\.+$/, '').toLowerCase())) return true;
  }
  return false;
}

/** A label that credits the district at the head of the post ("From APS:", "Reminder from the district:"). */
const CREDIT_LABEL = /^\s*(?:[\p{L}]+\s+){0,2}?from\s+(?:the\s+)?(?:district|aps|school\s+district|superintendent|school\s+board|district\s+office)\s*(?::|👉|👇|→)/iu;

/**
 * The post's only credit is a label at its head ("Reminder from APS: ..."), with no link and no other credit. An
 * authorized spokesperson writes the district's announcements: from them the label is the district speaking, not a relay.
 */
export function creditsByLabelOnly(a: Analysis): boolean {
  const label = CREDIT_LABEL.exec(a.text);
  if (label === null || linksDistrictAccount(a) || a.post.link !== undefined || a.post.sharedFrom !== undefined || /https?:\/\/|www\.|\.(?:com|org|net|us)\//i.test(a.text)) return false;
  const rest = a.text.slice(label[0].length);
  return firstMatch(a, 'announcement-credit', rest) === undefined;
}

/** The post credits or links the district's own announcement. */
export function creditsDistrict(a: Analysis): boolean {
  return a.get(CREDITS_DISTRICT, () => {
    if (firstMatch(a, 'announcement-credit', a.text) !== undefined || linksDistrictAccount(a)) return true;
    const links = [a.post.link, a.post.sharedFrom].filter((x): x is string => x !== undefined);
    const own = [...(a.ctx.district?.websites ?? []), ...(a.ctx.district?.emailDomains ?? [])].map((d) => d.toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
    for (const l of links) {
      const host = l.toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
      if (own.some((d) => host === d || host.endsWith('.' + d))) return true;
      if (a.post.sharedFrom !== undefined) return true;
    }
    const urls = a.text.match(/https?:\/\/[^\s)]+/g) ?? [];
    return urls.some((u) => own.some((d) => u.toLowerCase().includes(d)));
  });
}
