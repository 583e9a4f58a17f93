// The district's plans stated as fact: "APS will begin construction on the new Woodland gym in March",
// "Woodland's new library is set to open in January". From an authorized spokesperson these words are the
// district's own, whatever the verb, so the spokesperson rule reads them even where no announcement phrase
// (closings, delays, board votes) appears. Hedges, wishes, questions and game previews are not plans.
import { type Analysis, memoSlot } from '../analysis.js';
import { districtRefs } from './district.js';
import { sentences, span, type Span } from './text.js';

// This module's memoised analyzers: a slot each in every check.
const DISTRICT_PLAN = memoSlot('district-plan');
const FAMILY_NOTICE = memoSlot('family-notice');
const LEVY_FACTS = memoSlot('levy-facts');
const LEVY_BALLOT = memoSlot('levy-ballot');

/** After the district's name (or its building's, with a possessive noun or two, or its people: "Discovery students will need"): a plan in the future tense. */
const PLAN = /^(?:['’]s(?:\s+[\p{L}-]+){1,3}?|\s+(?:[\p{L}-]+\s+)?(?:students|families|parents|staff|teachers|buses|classes|teams|athletes|kids|schoolers|kindergartners|seniors|juniors|sophomores|freshmen|graders))?\s+(?:will|is\s+going\s+to|are\s+going\s+to|plans\s+to|is\s+planning\s+to|is\s+set\s+to|are\s+set\s+to|is\s+scheduled\s+to|are\s+scheduled\s+to|has\s+decided\s+to|expects\s+to)\s+(?:officially\s+|finally\s+|also\s+|soon\s+)?(?:be\s+(?=\p{L}+ing(?![\p{L}])))?(\p{L}+)/iu;
/** After the school's name, in the present: it starts or adds something new ("starts a new advisory period", "rolls out a new app"). */
const NOW_PLAN = /^(?:['’]s)?\s+(?:starts|begins|launches|adds|opens|introduces|pilots|rolls\s+out|switches\s+to|moves\s+to|goes\s+to)\s+(?:a\s+|an\s+|its\s+|the\s+)?(?:new|brand[- ]new|different|later|earlier|longer|shorter)(?![\p{L}])/iu;
/** A team's season or game ("JHS starts a new season next week vs Brainerd"): sport, not the district's plan. */
const SPORT = /(?<![\p{L}])(?:season|game|games|vs\.?|versus|tournament|meet|match|playoffs?|scrimmage)(?![\p{L}])/iu;
/** A time to come in the same sentence: after a break, next fall, in January, starting Monday. */
const SOON = /(?<![\p{L}])(?:after\s+(?:winter|spring|thanksgiving|holiday|the\s+holiday|christmas|mea)\s+break|after\s+break|next\s+(?:fall|spring|year|semester|quarter|trimester|week|month|school\s+year|monday|tuesday|wednesday|thursday|friday)|this\s+(?:coming\s+)?(?:fall|spring|winter|semester)|in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)|(?:starting|beginning)\s+\p{L}+|second\s+semester|(?:on|this)\s+(?:monday|tuesday|wednesday|thursday|friday)|tomorrow)(?![\p{L}])/iu;
/** The school's people as the subject ("Discovery students will ..."). */
const PEOPLE_SUBJECT = /^\s+(?:[\p{L}-]+\s+)?(?:students|families|parents|staff|teachers|buses|classes|teams|athletes|kids|schoolers|kindergartners|seniors|juniors|sophomores|freshmen|graders)\s/iu;
/** Not a plan the author states: hearsay, a wish, a proposal, a question, a condition. */
const HEDGE = /\?|(?<![\p{L}])(?:rumou?rs?|heard|hearing|apparently|supposedly|allegedly|might|maybe|possibly|probably|hope|hoping|wish|should|would|could|if|unless|whether|i\s+think|not\s+sure|petition|proposal|propos\w*|consider\w*)(?![\p{L}])/iu;
/** The school's people, then what they get or must do ("every APS middle schooler gets a Chromebook", "Lincoln families must re-register"): with a time to come, a plan. */
const PEOPLE_GET = /^\s+(?:[\p{L}-]+\s+)?(?:students?|famil(?:y|ies)|parents?|staff|teachers?|kids?|(?:middle|high|elementary)\s+schoolers?|schoolers?|kindergartners?|seniors?|juniors?|sophomores?|freshm[ae]n|graders?)\s+(?:gets?|receives?|must|needs?\s+to|will\s+(?:get|receive|need))(?![\p{L}])/iu;
/** Verbs of a game, not of the district's plans ("JHS will play Brainerd Friday"). */
const GAME = /^(?:play(?:ing)?|fac(?:e|ing)|meet(?:ing)?|tak(?:e|ing)|travel(?:l?ing)?|compet(?:e|ing)|win(?:ning)?|beat(?:ing)?|battl(?:e|ing)|need(?:ing)?|be)$/i;

/** The kind of school after a school's first name, the rest of its name left out ("Discovery Middle", "Jefferson High", "Lincoln Elem."). */
const SCHOOL_KIND = /^\s+(?:Middle|High|Elementary|Elem\.?|Intermediate|Primary)(?!\s+School)(?![\p{L}])/u;

export function districtPlan(a: Analysis): Span | undefined {
  return a.get(DISTRICT_PLAN, () => {
    const refs = districtRefs(a);
    if (refs.length === 0 || !/\b(?:will|going|plans?|planning|set|scheduled|decided|expects|starts|begins|launches|adds|opens|introduces|pilots|rolls|switches|moves|goes|gets?|receives?|must|needs?)\b/i.test(a.text)) return undefined;
    const text = a.text;
    for (const sent of sentences(text)) {
      if (HEDGE.test(sent.quote)) continue;
      for (const r of refs) {
        if (r.start < sent.start || r.end > sent.end) continue;
        // A school's name shortened to its kind ("Discovery Middle will pilot ...", "Jefferson High starts ..."): the plan follows the kind.
        const kind = SCHOOL_KIND.exec(text.slice(r.end, sent.end));
        const end = r.end + (kind?.[0].length ?? 0);
        const after = text.slice(end, sent.end);
        // The present tense with a date to come ("Discovery starts a new advisory period after winter break") is a plan too.
        const now = NOW_PLAN.exec(after);
        if (now !== null && SOON.test(after) && !SPORT.test(sent.quote)) return span(text, r.start, end + now[0].length);
        const got = PEOPLE_GET.exec(after);
        if (got !== null && SOON.test(sent.quote) && !SPORT.test(sent.quote)) return span(text, r.start, end + got[0].length);
        const m = PLAN.exec(after);
        // "JHS will need a win" is a game; "Discovery students will need a clear backpack" is a rule.
        if (m === null || (GAME.test(m[1]!) && !(/^need/i.test(m[1]!) && PEOPLE_SUBJECT.test(m[0])))) continue;
        return span(text, r.start, end + m[0].length);
      }
    }
    return undefined;
  });
}

/** A notice addressed to a school's families: "Update for families:", "Reminder for Discovery families:", "Families:", "Heads up, families:", "Aviso para las familias:". */
const TO_FAMILIES = /(?:^|(?<=[.!?\n]\s{0,3}))((?:(?:[Qq]uick|[Ii]mportant|[Gg]ood|[Ff]riendly)\s+)?(?:[Uu]pdate|[Rr]eminder|[Nn]ote|[Hh]eads[- ]up|[Nn]ews|[Nn]otice|PSA|FYI|[Aa]viso|[Rr]ecordatorio|[Gg]ood\s+news|[Ii]mportant)\s+(?:for|to|para)\s+(?:all\s+|our\s+|the\s+|las\s+|los\s+|nuestras\s+|todas\s+las\s+)?(?:[\p{Lu}][\p{L}]*\s+){0,3}(?:families|parents|familias|padres)|(?:[\p{Lu}][\p{L}]*\s+){0,4}(?:families|parents|familias|padres)|(?:[Hh]eads[- ]up|[Hh]i|[Hh]ey|[Hh]ello|[Gg]ood\s+(?:morning|evening|afternoon)|[Hh]ola)[,!]?\s+(?:all\s+|our\s+|the\s+)?(?:[\p{Lu}][\p{L}]*\s+){0,3}(?:families|parents|familias|padres)|[Ff]amilies|[Pp]arents|[Ff]amilias|[Pp]adres)(?:\s+(?:de|of|at|en)\s+(?:[\p{Lu}][\p{L}]*\s*){1,3})?\s*[:,—–!]/u;
/** A school event, then its day or date ("open house is Thursday", "winter formal is Saturday, Jan 23", "round-up is March 4"). */
const EVENT_DATE = /(?<![\p{L}])(?:open\s+house|conferences|winter\s+formal|prom|homecoming|graduation|commencement|banquet|book\s+fair|picture\s+day|picture\s+retakes|round-?up|registration|orientation|curriculum\s+night|family\s+night|(?:winter|spring|fall|holiday)\s+(?:concert|program|break)|science\s+fair|field\s+day|promotion)(?:\s+(?:is|are|will\s+be|runs?|starts?|begins?)(?:\s+now)?(?:\s+(?:moved|rescheduled|pushed|changed)(?:\s+(?:back\s+)?(?:to|for))?)?|\s+(?:moved|rescheduled|pushed|changed)\s+(?:back\s+)?(?:to|for)|\s*[:—–])\s+(?:on\s+|this\s+|next\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2})(?![\p{L}])/iu;
/** A post that opens as a notice. */
const NOTICE_HEADING = /^\s*(?:PSA|FYI|[Rr]eminder|REMINDER|[Hh]eads[- ]up|HEADS[- ]UP|[Uu]pdate|UPDATE|[Ss]ave\s+the\s+date|SAVE\s+THE\s+DATE)(?:\s+from\s+(?:the\s+)?(?:district|[\p{Lu}][\p{L}]*(?:\s+[\p{Lu}][\p{L}]*){0,3}))?\s*[:!—–-]/u;
/** A date, a day or a time: the notice tells families when something happens. */
const WHEN = /(?<![\p{L}\p{N}])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|next\s+week|lunes|martes|miércoles|jueves|viernes|mañana|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}:\d{2}|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}\s*[–-]\s*\d{1,2}\s*(?:pm|am)|\d{1,2}\s+de\s+(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre))(?![\p{L}])/iu;
/** What it is about is school: a ref to the district, or school words. */
const SCHOOL_MATTER = /(?<![\p{L}])(?:school|schools|classes|conferences|break|buses|bus|pick-?up|drop-?off|dismissal|students|kindergarten|registration|enrollment|escuela|clases|estudiantes|conferencias)(?![\p{L}])/iu;

/**
 * A spokesperson's notice to a school's families (the date of conferences, when break starts, a new door for pick-up):
 * the district's information given in its name. Only the spokesperson rule reads it, since telling families a date that the
 * district has already published is no decision an unauthorized employee announces. Thanks and greetings without a date are not.
 */
export function familyNotice(a: Analysis): Span | undefined {
  return a.get(FAMILY_NOTICE, () => {
    // Cheap tests first (most posts hold neither word nor school name): every match of TO_FAMILIES holds one of these
    // words as written (no i flag), and the other two notices count only about the district by name.
    const t = a.text;
    const m = t.includes('amilies') || t.includes('arents') || t.includes('amilias') || t.includes('adres') ? TO_FAMILIES.exec(t) : null;
    if (m === null) {
      if (districtRefs(a).length === 0) return undefined;
      // A school's event and its date ("Discovery's open house is Thursday from 5 to 7").
      const e = EVENT_DATE.exec(a.text);
      if (e !== null) return span(a.text, e.index, e.index + e[0].length);
      // A post headed as a notice ("PSA: Lincoln's book fair runs Nov 16-20") about a school by name.
      const h = NOTICE_HEADING.exec(a.text);
      if (h === null || !WHEN.test(a.text)) return undefined;
      return span(a.text, 0, h[0].length);
    }
    if (!WHEN.test(a.text)) return undefined;
    if (districtRefs(a).length === 0 && !SCHOOL_MATTER.test(a.text)) return undefined;
    const start = m.index + m[0].indexOf(m[1]!);
    return span(a.text, start, start + m[1]!.length);
  });
}

/** A levy, referendum or bond on the ballot. */
const LEVY = /(?<![\p{L}])(?:levy|levies|referendum|bond\s+(?:measure|question|vote|election|referendum)|operating\s+levy|capital\s+projects?\s+levy)(?![\p{L}])/iu;
/** Its tax impact stated as a figure: "$14 a month on a $250,000 home", "about $160 a year for the average home". */
const TAX_IMPACT = /\$\s?\d+(?:\.\d\d)?\s+(?:a|per|each|every)\s+(?:month|year|yr|mo)\s+(?:on|for)\s+(?:a|an|the\s+(?:average|typical|median))\s+(?:\$\s?[\d,.]+\s*[kK]?\s+)?(?:home|house|property|homestead)(?![\p{L}])/iu;

/**
 * A spokesperson giving a levy's or referendum's official facts ("It's about $14 a month on a $250,000 home"): the district's
 * information in its name. Only the spokesperson rule reads it: any employee may advocate for a levy as a citizen.
 */
export function levyFacts(a: Analysis): Span | undefined {
  return a.get(LEVY_FACTS, () => {
    const t = a.text;
    if (!t.includes('$') || !LEVY.test(t)) return undefined;
    const m = TAX_IMPACT.exec(t);
    return m === null ? undefined : span(t, m.index, m.index + m[0].length);
  });
}

/** What a levy's or bond's ballot holds: "the November 3 levy vote will include a second question", "the ballot has two questions". */
const BALLOT = /(?<![\p{L}])(?:vote|election|ballot|referendum|measure)s?\s+(?:on\s+[^.!?\n]{1,30}?\s+)?(?:will\s+(?:include|have|ask|add|feature|list|carry)|includes|has|asks|carries)\s+(?:a|an|one|two|three|the)\s+(?:(?:second|third|separate|additional|new|two|three|second\s+and\s+third)\s+)?(?:questions?|measures?|items?|parts?)(?![\p{L}])/iu;
/** A school district's ballot question, not a city's or a county's. */
const SCHOOL_LEVY = /(?<![\p{L}])(?:operating\s+levy|school\s+levy|capital\s+projects?\s+levy|technology\s+levy|school\s+bond|school\s+referendum|district\s+(?:levy|referendum|bond))(?![\p{L}])/iu;

/**
 * A spokesperson telling what a levy's ballot holds ("The November 3 operating levy vote will include a second question on
 * technology funding"): the district's information in its name. Like levyFacts, only the spokesperson rule reads it.
 */
export function levyBallot(a: Analysis): Span | undefined {
  return a.get(LEVY_BALLOT, () => {
    const t = a.text;
    const low = a.lower;
    if ((!low.includes('lev') && !low.includes('referend') && !low.includes('bond')) || !LEVY.test(t) || !(SCHOOL_LEVY.test(t) || districtRefs(a).length > 0)) return undefined;
    const m = BALLOT.exec(t);
    if (m === null) return undefined;
    const sent = sentences(t).find((s) => s.start <= m.index && m.index < s.end);
    if (sent === undefined || /\?\s*$/.test(sent.quote) || /^\s*(?:if|whether|i\s+(?:hope|wish))\b/i.test(sent.quote)) return undefined;
    return span(t, m.index, m.index + m[0].length);
  });
}
