// Contempt for students, families or colleagues in words the group lists do not hold: calling them idiots, clowns or
// lost causes ("if I have to explain the rubric one more time to these clowns", "Idiots, all of them"), "raised by
// wolves", "get a life" to a parent, "this is why your kid is failing". The post must be about such a group, and the
// word must point at people, not at the author ("I felt like an idiot") or at a thing. Runs only when a word of the
// contempt-terms lexicon is in the post.
import { type Analysis, memoSlot } from '../analysis.js';
import { SCHOOL_GROUP } from './dehumanizing.js';
import { personMentions } from './people.js';
import { profanity } from './profanity.js';
import { negatedInClause } from './substances.js';
import { CHARS, findAll, sentences, type Span } from './text.js';
import { maskedWordAround, readsAs } from './threat.js';
import { KIN_EN, KIN_ES } from './kin.js';

// This module's memoised analyzers: a slot each in every check.
const CONTEMPT = memoSlot('contempt');
const MOCKING_COMPARISON = memoSlot('mocking-comparison');
const IGNORANCE_SNEER = memoSlot('ignorance-sneer');
const MOCK_ADDRESSES = memoSlot('mock-address');
const SARCASTIC_CLOSER = memoSlot('sarcastic-closer');
const READ_FIRST_SNEER = memoSlot('read-first-sneer');
const PROFANE_GROUP = memoSlot('profane-group');

/** Students, families or colleagues, named as a group or by role. */
const PEOPLE_AT_SCHOOL = /(?<![\p{L}])(?:your\s+(?:kid|child|son|daughter)|parents?|families|moms?|dads?|students?|kids|class|graders?|freshmen|sophomores|juniors|seniors|coworkers?|co-workers?|colleagues?|admin|administration|sub|substitute|staff|teachers|para|paras|principal|waalidiinta|waalidka|ardayda|macallimiinta|niam\s+txiv|menyuam|tub\s+kawm\s+ntawv|(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)\s+(?:hour|period|block))(?![\p{L}])/iu;
/** Teaching words: the post is about a class even when no group is named ("explain the rubric to these clowns"). */
const TEACHING = /(?<![\p{L}])(?:rubric|syllabus|assignments?|homework|quiz|quizzes|tests?|grades?|grading|lesson|lectures?|worksheets?|essays?|bell|hall\s+pass|seating\s+chart|lab|directions|instructions|explained|taught|teaching)(?![\p{L}])/iu;
/** The author about themself, or a comparison ("I felt like an idiot", "we looked like clowns in those costumes"). */
const SELF = /(?<![\p{L}])(?:i['’]?m|i\s+am|i\s+was|i\s+felt|i\s+feel|me|myself|we['’]re|we\s+are|we\s+were|we\s+looked|like\s+(?:a|an|total|complete))\s+(?:(?:a|an|such|total|complete|absolute|the|like|such\s+a)\s+)*$/iu;
/** Clowns and idiots that are not people at school: the circus, a birthday party, drivers, a movie. */
const HARMLESS = /(?<![\p{L}])(?:circus|play|musical|theat(?:er|re)|show|performers?|juggl\w*|spirit\s+(?:week|day)|dress\s+(?:up|like)|birthday|party\s+clowns?|costumes?|halloween|scary|movie|film|book|drivers?|traffic|road|highway|politicians?|congress|senators?|internet|trolls?|cable\s+company|airline|dmv|zoo|aquarium|petting|otters?|barn)(?![\p{L}])/iu;

export function contempt(a: Analysis): Span[] {
  return a.get(CONTEMPT, () => {
    if (!a.mayMatch('contempt-terms')) return [];
    const text = a.text;
    const found = findAll(a.lexicon('contempt-terms'), text);
    if (found.length === 0 || !(PEOPLE_AT_SCHOOL.test(text) || SCHOOL_GROUP.test(text) || TEACHING.test(text))) return [];
    const sents = sentences(text);
    const out: Span[] = [];
    for (const s of found) {
      const at = sents.findIndex((x) => x.start <= s.start && s.start < x.end);
      const sent = sents[at] ?? { start: 0, end: text.length, quote: text };
      const before = text.slice(sent.start, s.start);
      // A sneer emoji ends the clause before it: "it's 'nobody told me' 🙄 maskax la'aan" negates nothing of the insult.
      const cut = sent.start + Math.max(0, ...[...text.slice(sent.start, s.start).matchAll(/🙄|🤡|🤦|😒|😑/gu)].map((e) => e.index + e[0].length));
      const clauseSent = cut > sent.start ? { start: cut, end: sent.end, quote: text.slice(cut, sent.end) } : sent;
      if (SELF.test(before) || /(?<![\p{L}])class\s+$/iu.test(before) || negatedInClause(text, clauseSent, s) || HARMLESS.test(text)) continue;
      // The people it points at: in its own sentence, or the sentence before ("Half my class ... . Idiots, all of them.").
      const prev = at > 0 ? sents[at - 1]!.quote : '';
      if (!PEOPLE_AT_SCHOOL.test(sent.quote) && !PEOPLE_AT_SCHOOL.test(prev) && !/^(?:these|those|such)\s/i.test(before.split(/\s+/).slice(-2).join(' ') + ' ')) continue;
      out.push(s);
    }
    return out;
  });
}

/** Families, students or colleagues as a group (not the author's own children). */
const SCHOOL_CROWD = /(?<![\p{L}])(?:parents|padres|papás|mamás|families|familias|moms|dads|students|alumnos|estudiantes|colleagues|colegas|coworkers|co-workers|admins?|administration|central\s+office|(?:these|those|estos|esos)\s+(?:kids|niños|chamacos)|(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)\s+(?:hour|period|block))(?![\p{L}])/iu;
/** Behaving as if they were someone they are not: "como si fueran el DT de la selección", "like they're the head coach". */
const AS_IF = /(?<![\p{L}])(?:como\s+si\s+(?:fueran|fuera|fuesen|fuese|estuvieran|estuviera|tuvieran|tuviera)|as\s+if\s+(?:they|he|she)\s+(?:were|was|are|is)|like\s+they['’]?re|like\s+they\s+(?:are|were)|think\s+they['’]?re|think\s+they\s+are)(?![\p{L}])/iu;
/** The sneer that makes the comparison mockery: a clown or an eye-roll. */
const SNEER_EMOJI = /🤡|🙄|😒|🤦/u;

/**
 * Mockery by comparison with no insult word: a group at school said to behave as if they were someone else, with a clown or
 * an eye-roll ("Los parents que me mandan emails a las 11pm como si fueran el DT de la selección 🤡"). The group must be
 * named before the comparison in its sentence; the author's own children and a plain comparison without the sneer are not.
 */
export function mockingComparison(a: Analysis): Span[] {
  return a.get(MOCKING_COMPARISON, () => {
    const text = a.text;
    if (!a.holds(CHARS.astral) || !SNEER_EMOJI.test(text)) return [];
    const out: Span[] = [];
    const sents = sentences(text);
    sents.forEach((sent, i) => {
      // The sneer may close the next sentence instead ("... como si estuvieran masticando piedras. Tres años y nada 🤦").
      const next = sents[i + 1];
      const sneerNext = !SNEER_EMOJI.test(sent.quote) && next !== undefined && SNEER_EMOJI.test(next.quote);
      if (!SNEER_EMOJI.test(sent.quote) && !sneerNext) return;
      const as = AS_IF.exec(sent.quote);
      if (as === null) return;
      const who = SCHOOL_CROWD.exec(sent.quote.slice(0, as.index));
      // "My parents", "mis papás" are the author's own family; "my students", "mis alumnos" are still a class.
      if (who === null || (/(?:my|our|mis|nuestros)\s+$/iu.test(sent.quote.slice(0, who.index)) && !/^(?:students|alumnos|estudiantes|\S+\s+(?:hour|period|block))$/iu.test(who[0]))) return;
      const end = sneerNext ? sent.quote.length : sent.quote.search(SNEER_EMOJI);
      if (end < as.index) return;
      out.push({ start: sent.start + who.index, end: sent.start + end, quote: sent.quote.slice(who.index, end).trimEnd() });
    });
    return out.map((s) => ({ ...s, end: s.start + s.quote.length }));
  });
}

/** Students, families or colleagues as a group, as a teacher names them ("my seniors", "my 2nd hour kids", "half the staff", "mis alumnos"). */
const CLASS_OR_CROWD = /(?<![\p{L}])(?:students|seniors|juniors|sophomores|freshmen|graders|parents|dads|moms|families|colleagues|coworkers|co-workers|admins?|staff|alumnos|estudiantes|padres|papás|mamás|colegas|(?:these|those|estos|esos)\s+(?:kids|niños|chamacos)|(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)\s+(?:hour|period|block)(?:\s+(?:kids|class|crew))?)(?![\p{L}])/iu;
/** Ignorance claimed of them: they don't know, can't read or spell, act like they've never seen, "no saben", what they think ("colleagues think an IEP is a suggestion 🙄"). */
const IGNORANCE = /(?<![\p{L}])(?:(?:don['’]?t|doesn['’]?t|do\s+not|does\s+not|can['’]?t|cannot|couldn['’]?t|still\s+can['’]?t)\s+(?:even\s+)?(?:know|read|spell|find|tell|name|count|add|follow|remember|figure\s+out|understand)|(?:no|ni)\s+saben?|no\s+pueden|(?:think|thinks|creen|cree)(?=\s)|would\s+rather\s+(?:blame|complain|yell|email)|(?:have|has)\s+(?:zero|no)\s+(?:shame|manners|respect|common\s+sense|home\s+training|work\s+ethic)|(?:no\s+)?tienen\s+(?:cero\s+)?(?:vergüenza|respeto|educación|modales)|ni\s+siquiera\s+saben|act(?:s|ing)?\s+like\s+(?:they['’]ve|they\s+have|he['’]s|she['’]s)\s+never|(?:have|has)\s+never\s+(?:heard\s+of|seen)|(?:have|has)\s+(?:collectively\s+|all\s+|somehow\s+|apparently\s+)?forgotten\s+(?:how|what|where)|apparently\s+(?:can['’]?t|cannot|don['’]?t|doesn['’]?t|never))(?![\p{L}])/iu;
/** The author right after "think": "think I'm", "think my", "creen que yo". */
const SELF_AFTER = /^\s+(?:that\s+|que\s+)?(?:i|i['’]m|i\s+am|me|my|mine|yo|soy|mi)(?![\p{L}])/iu;
/** A contemptuous sneer: eye-roll, clown, facepalm, nail polish, the flat face, 'smh', "it's right there" (at someone who could not find it). The upside-down smile is left out: it is as often at oneself. */
const HARD_SNEER = /🙄|🤡|🤦|💅|😒|😑|(?<![\p{L}])(?:smh|it['’]s\s+right\s+there)(?![\p{L}])/iu;

/**
 * A class or a group of families or colleagues said not to know the obvious, with a sneer ("WHY DO MY 2ND HOUR KIDS ACT LIKE
 * THEY'VE NEVER SEEN A FRACTION 🤡", "Mis alumnos no saben ni dónde está México en un mapa 🤦"). The sneer must be in the
 * sentence or the three after it (a short post closing on a clown); "my students don't know yet about the surprise 🤫" has none, and the author's own children are not named so.
 */
export function ignoranceSneer(a: Analysis): Span[] {
  return a.get(IGNORANCE_SNEER, () => {
    const text = a.text;
    // Its emoji are outside the BMP, its words hold "smh" or "right": a post with neither skips the expression.
    if (!(a.holds(CHARS.astral) || a.lower.includes('smh') || a.lower.includes('right')) || !HARD_SNEER.test(text)) return [];
    const sents = sentences(text);
    const out: Span[] = [];
    sents.forEach((sent, i) => {
      const ig = IGNORANCE.exec(sent.quote);
      if (ig === null) return;
      const who = CLASS_OR_CROWD.exec(sent.quote.slice(0, ig.index));
      if (who === null) return;
      // What they think of the author is a joke at oneself ("my students think I'm ancient 🙄😂").
      if (/^(?:think|thinks|creen|cree)$/iu.test(ig[0]) && SELF_AFTER.test(sent.quote.slice(ig.index + ig[0].length))) return;
      if (!sents.slice(i, i + 4).some((x) => HARD_SNEER.test(x.quote))) return;
      const end = ig.index + ig[0].length;
      out.push({ start: sent.start + who.index, end: sent.start + end, quote: sent.quote.slice(who.index, end) });
    });
    return out;
  });
}

/** A parent's word in the post. */
const PARENT = /(?<![\p{L}])(?:parents?|moms?|dads?|mother|father|papás?|mamás?|padres?|madres?|familias?)(?![\p{L}])/iu;
/** A sentence that opens by addressing a parent with mock formality: "Ma'am, he drew a dinosaur", "Sir.", "Señora, su hija ...". */
const MOCK_ADDRESS = /^(?:ma['’]?am|sir|señora|señor)\s*(?:[,.!…]|$)(?!\s*(?:thank|thanks|gracias|yes|s[íi]))/iu;

/** "Ma'am, this is kindergarten" / "sir, this is a high school": the meme's mock formality, said of school. */
const SCHOOL_MEME = /(?<![\p{L}])(?:ma['’]?am|sir),?\s+this\s+is\s+(?:a\s+)?(?:kindergarten|preschool|pre-k|(?:middle|high|elementary)\s+school|school|classroom|\d(?:st|nd|rd|th)\s+grade(?:\s+class(?:room)?)?)(?![\p{L}])/iu;
/**
 * Mock formality at a parent: in a post about a parent, a sentence that opens with "Ma'am," or "Sir." ("Parent emailed
 * asking why her son got a 40. Ma'am, he drew a dinosaur on the back"). "Yes sir!" and "thank you, ma'am" are not openings.
 */
export function mockAddress(a: Analysis): Span[] {
  return a.get(MOCK_ADDRESSES, () => {
    const text = a.text;
    if (!/ma['’]?am|sir|señor/i.test(text) || !PARENT.test(text)) return [];
    const out: Span[] = [];
    for (const sent of sentences(text)) {
      // An emoji or a closing quote may stand between the sentences ("🙄 señora, su hija ..."): the address starts after it.
      const lead = /^(?:[\p{Extended_Pictographic}\s"”'’]+)?/u.exec(sent.quote)![0].length;
      const m = MOCK_ADDRESS.exec(sent.quote.slice(lead));
      if (m !== null) out.push({ start: sent.start + lead, end: sent.start + lead + m[0].length, quote: m[0] });
      else {
        // The meme inside a sentence: "her kid 'doesn't do mornings': ma'am this is kindergarten, not a spa."
        const meme = SCHOOL_MEME.exec(sent.quote);
        if (meme !== null) out.push({ start: sent.start + meme.index, end: sent.start + meme.index + meme[0].length, quote: meme[0] });
      }
    }
    return out;
  });
}

/** Warm emoji: "Truly talented people 💛" is praise, not irony. */
const KIND = /💛|❤️|💙|💚|💜|🧡|💕|🥰|😍|👏|🎉|🙌|🌟|⭐|🥹/u;
/** A closing jab that is only irony: "Truly gifted people.", "sure Jan.", "Real geniuses.", "the future is bright folks 🫠". */
const CLOSER = /^(?:(?:truly|real|such|very)\s+(?:gifted|talented|brilliant|stable|special)\s+(?:people|folks|humans|individuals|bunch|crowd|group)|(?:sure|ok|okay),?\s+(?:jan|karen|brenda|becky|chad|linda)(?=\s*[.!]*\s*(?:🙄|😒|🙃|💅|😂|🤣)*\s*$)|(?:real|true|absolute)\s+(?:geniuses|rocket\s+scientists|einsteins|masterminds)|the\s+future\s+is\s+(?:bright|in\s+good\s+hands)(?:,?\s+(?:folks|people|y['’]?all|everyone))?\s*(?:🫠|🙃|💀|🤡|😬|🙄)|(?:the\s+)?future\s+(?:of\s+(?:america|our\s+(?:country|nation)|this\s+country|society)|leaders\s+of\s+(?:america|tomorrow))(?:,?\s+(?:folks|people|y['’]?all|everyone|everybody)|\s*(?:🫠|🙃|💀|🤡|😬|🙄))|the\s+(?:sheer\s+)?audacity(?:\s+of\s+(?:this|that|these|some)\s+(?:kid|kids|child|student|students|parent|parents|mom|moms|dad|dads|families|people))?)(?![\p{L}])/iu;

/**
 * A sentence about a group at school (families, a class, colleagues) closed by a jab that is only irony ("Some of our families
 * have a real talent for emailing at 11pm ... Truly gifted people.", "Teachers who leave at 3:15 ... sure Jan."). The group
 * must be named in the jab's sentence or the two before it; "the future is bright" counts only with a melting or upside-down face.
 */
export function sarcasticCloser(a: Analysis): Span[] {
  return a.get(SARCASTIC_CLOSER, () => {
    const text = a.text;
    if (!/gifted|talented|brilliant|stable|special|jan|karen|brenda|becky|chad|linda|geniuses|scientists|einsteins|masterminds|future|audacity/i.test(text)) return [];
    const sents = sentences(text);
    const out: Span[] = [];
    sents.forEach((sent, i) => {
      // The jab opens its sentence, or follows an ellipsis inside it ("... complain about workload... sure Jan.").
      if (KIND.test(sent.quote)) return;
      // ... or a skull or melting face before it ("ni en inglés ni en español 💀 future of america folks").
      const parts = sent.quote.split(/(?:\.\.\.|…|💀|🫠|🙃|🙄|🤡)\s*/u);
      let off = 0;
      for (const part of parts) {
        const at = sent.quote.indexOf(part, off);
        off = at + part.length;
        const lead = /^[\s"“'‘]*/u.exec(part)![0].length;
        const m = CLOSER.exec(part.slice(lead));
        if (m === null) continue;
        const around = sents.slice(Math.max(0, i - 2), i + 1).map((x) => x.quote).join(' ');
        // "Sure, Jan." to a Jan of the post ("My cousin Jan asked if I could watch the kids. Sure, Jan.") is a real reply.
        const stock = /(?:jan|karen|brenda|becky|chad|linda)$/iu.exec(m[0].trimEnd())?.[0];
        if (stock !== undefined && new RegExp(`(?<![\\p{L}])${stock}(?![\\p{L}])`, 'iu').test(text.slice(0, sent.start + at + lead))) continue;
        // "The audacity" may close a sentence about one student or colleague of the roster ("Owen K. got a 38 ... and asked me for
        // a rec letter. The audacity 😂"); not one about the author's own child ("My son ... The audacity").
        const audacity = /^the\s+(?:sheer\s+)?audacity/iu.test(m[0]);
        if (audacity && OWN_CHILD.test(around)) continue;
        const aroundStart = sents[Math.max(0, i - 2)]!.start;
        const someone = audacity && personMentions(a).some((p) => !p.group && (p.kind === 'student' || p.kind === 'employee' || p.kind === 'unknown') && p.personId !== a.post.author && p.start >= aroundStart && p.end <= sent.start + at);
        if (!someone && !CLASS_OR_CROWD.test(around) && !/(?<![\p{L}])(?:teachers|staff|families|parents?|kids?|moms?|dads?|students|admin|seniors|juniors|class|(?:\d(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)\s+grader|kinder(?:garten)?ers?|kinders)(?![\p{L}])/iu.test(around)) continue;
        const start = sent.start + at + lead;
        out.push({ start, end: start + m[0].length, quote: text.slice(start, start + m[0].length) });
        break;
      }
    });
    return out;
  });
}

/** The author's own relative ("my son", "our daughter", kin.ts): what they dare is family news. */
const OWN_CHILD = new RegExp(`(?<![\\p{L}])(?:my|our)\\s+(?:(?:little|youngest|oldest|middle|\\d+[- ]?(?:yo|year[- ]old))\\s+)?(?:${KIN_EN}|toddler|baby|stepsons?|stepdaughters?)(?![\\p{L}])`, 'iu');

/** Telling someone to read first: "maybe read the schedule before you comment next time", "how about you check the team page before you email me". */
const READ_FIRST = /(?<![\p{L}])(?:maybe|how\s+about(?:\s+you)?|try|next\s+time,?)\s+(?:try\s+|just\s+)?(?:read|reading|look\s+at|looking\s+at|check|checking|open|opening)\s+(?:the|my|our|your)\s+(?:schedule|email|e-mail|emails|syllabus|newsletter|post|flyer|directions|instructions|calendar|website|info|announcement|message|sign-?up(?:\s+sheet)?|rubric|handbook|agenda|app|group\s+chat|team\s+page|permission\s+slip)\s+(?:before\s+(?:you\s+)?(?:comment|commenting|ask|asking|email|emailing|complain|complaining|post|posting|reply|replying|message|messaging|call|calling|text|texting)|first|next\s+time|for\s+once)(?![\p{L}])/iu;
/** ... with a sneer at how easy that was: "It's not that hard", "not rocket science", "it's literally on page one", an eye roll. */
const EASY_SNEER = /(?<![\p{L}])(?:not\s+(?:that\s+hard|rocket\s+science|brain\s+surgery|complicated)|literally\s+(?:right\s+there|(?:in|on)\s+the\s+[\p{L}]+|on\s+page\s+[\p{L}\d]+)|reading\s+is\s+(?:hard|fundamental))(?![\p{L}])|🙄|🤦|🤡/iu;
/** A note to oneself is no jab at anyone. */
const TO_SELF = /(?<![\p{L}])(?:note|reminder)\s+to\s+(?:self|myself)(?![\p{L}])/iu;

/**
 * A condescending reply: someone told to read the schedule, the email or the syllabus before they comment or ask, with a sneer
 * at how easy that is ("@Jen P. maybe read the schedule before you comment next time. It's not that hard."). "Please read
 * the schedule before Saturday" has no jab, and "Note to self: maybe read the email before you reply-all 🤦" is the author's.
 */
export function readFirstSneer(a: Analysis): Span[] {
  return a.get(READ_FIRST_SNEER, () => {
    const text = a.text;
    const m = READ_FIRST.exec(text);
    if (m === null || !EASY_SNEER.test(text) || TO_SELF.test(text)) return [];
    return [{ start: m.index, end: m.index + m[0].length, quote: m[0] }];
  });
}

/** Profane words for people, plural ("little sh*ts", "a$$holes"), read back from the profanity pass's words with their masks. */
const PROFANE_PLURALS = ['shits', 'shitheads', 'turds', 'assholes', 'bastards', 'dickheads', 'douchebags', 'pricks', 'jackasses', 'dipshits'];
/** What makes a group those words: "full of", "a bunch of", "are (all) little", "these little", "son unos". */
const PROFANE_LINK = /(?<![\p{L}])(?:full\s+of|bunch\s+of|room\s+(?:full\s+)?of|pack\s+of|are|were|['’]re|r|these|those|such|son\s+(?:unos|unas)|puros?)\s+(?:(?:a|all|such|total|absolute|complete|little|lil|tiny|entitled|spoiled|spoilt|unos|unas)\s+){0,3}$/iu;
/** A class in Spanish ("Mi 6ta hora", "mis alumnos"): SCHOOL_GROUP names it in English. */
const SPANISH_CLASS = /(?<![\p{L}])(?:\d{1,2}(?:a|ra|da|ta|va|na|ma)\s+hora|(?:primera|segunda|tercera|cuarta|quinta|sexta|s[ée]ptima|octava)\s+hora|alumnos|estudiantes|chamacos|clase|sal[óo]n)(?![\p{L}])/iu;
/** The author's own children or pets. */
const OWN_BROOD = new RegExp(`(?<![\\p{L}])(?:my|our|mis|nuestr[oa]s)\\s+(?:own\\s+|two\\s+|three\\s+)?(?:${KIN_EN}|${KIN_ES}|boys|girls|cats|dogs|puppies)(?![\\p{L}])`, 'iu');

/**
 * A class or group at school called profane names ("Mi 6ta hora is full of little sh*ts today", "these freshmen are absolute
 * a$$holes"): the profanity is obscene language, and it also demeans them. The author's own kids or pets are not a class.
 */
export function profaneGroupInsult(a: Analysis): Span[] {
  return a.get(PROFANE_GROUP, () => {
    const spans = profanity(a);
    if (spans.length === 0) return [];
    const text = a.text;
    const sents = sentences(text);
    const out: Span[] = [];
    for (const p of spans) {
      const [ws, we] = maskedWordAround(text, p);
      if (!readsAs(text.slice(ws, we), PROFANE_PLURALS)) continue;
      const sent = sents.find((x) => x.start <= ws && ws < x.end) ?? { start: 0, end: text.length, quote: text };
      const link = PROFANE_LINK.exec(text.slice(sent.start, ws));
      if (link === null || !(SCHOOL_GROUP.test(sent.quote) || SPANISH_CLASS.test(sent.quote)) || OWN_BROOD.test(sent.quote)) continue;
      const start = sent.start + link.index;
      out.push({ start, end: we, quote: text.slice(start, we) });
    }
    return out;
  });
}
