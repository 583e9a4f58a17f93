// E-mail addresses in text, and whether they belong to the district's domains.
import { type Analysis, memoSlot } from '../analysis.js';
import { span, type Span } from './text.js';

// This module's memoised analyzers: a slot each in every check.
const EMAILS = memoSlot('emails');
const DISTRICT_EMAILS = memoSlot('district-emails');

// Only from the start of a run of address characters (a match could start nowhere else): without the look-behind every
// character of a long run without '@' read the rest of the run, quadratic (seconds on a 50,000-character post).
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

export function districtDomains(a: Analysis): string[] {
  return a.ctx.index('district-domains', (ctx) => (ctx.district?.emailDomains ?? []).map((d) => d.toLowerCase().replace(/^@/, '')));
}

export function isDistrictEmail(email: string, domains: readonly string[]): boolean {
  const host = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((d) => host === d || host.endsWith('.' + d));
}

/** Every e-mail address written in the post (a trailing full stop is not part of it). */
export function emailsInText(a: Analysis): Span[] {
  return a.get(EMAILS, () => {
    if (a.text.indexOf('@') < 0) return [];
    const out: Span[] = [];
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(a.text); m !== null; m = EMAIL.exec(a.text)) {
      const addr = m[0].replace(/\.+$/, '');
      out.push(span(a.text, m.index, m.index + addr.length));
    }
    return out;
  });
}

/** District e-mail addresses written in the post, plainly or spelled to dodge scrapers ("bthao [at] alexandria.k12.mn.us"). */
export function districtEmailsInText(a: Analysis): Span[] {
  return a.get(DISTRICT_EMAILS, () => {
    const domains = districtDomains(a);
    if (domains.length === 0) return [];
    const written = emailsInText(a);
    const plain = written.filter((e) => isDistrictEmail(e.quote, domains));
    // An address already read as written is not read again ("x@alexandria.k12.mn.us.evil.com" is no district address).
    const spelled = spelledDistrictEmails(a, domains).filter((s) => !written.some((p) => p.start < s.end && s.start < p.end));
    return spelled.length === 0 ? plain : [...plain, ...spelled].sort((x, y) => x.start - y.start);
  });
}

/** "@" written as "[at]", "(at)", "{at}", " at " or " @ "; "." as "[dot]", "(dot)", " dot " or spaces. */
const AT = String.raw`(?:\s{0,3}@\s{0,3}|\s{0,3}[\[({<]\s{0,2}(?:at|@)\s{0,2}[\])}>]\s{0,3}|\s{1,3}at\s{1,3})`;
const DOT = String.raw`(?:\s{0,3}\.\s{0,3}|\s{0,3}[\[({<]\s{0,2}(?:dot|\.)\s{0,2}[\])}>]\s{0,3}|\s{1,3}dot\s{1,3}|\s{1,3})`;
/** Words that stand before " at <domain>" without being a mailbox: "find us at ...", "email me at ...". */
const NOT_LOCAL = /^(?:me|us|you|him|her|them|it|this|that|here|there|online|page|site|website|calendar|link|form|info-page)$/i;
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;

/**
 * District addresses spelled out so scrapers miss them. Only a post holding every label of a district domain
 * ("alexandria", "k12", "mn", "us") is read further; the expression starts at the spelled "@" and names the domain's
 * labels literally, and the mailbox before it is read backwards by hand (no open-ended run for the engine to retry).
 * "calendar at alexandria.k12.mn.us" names a website: with a plain " at " and plain dots the mailbox must look like
 * one (a digit, dot or underscore) or be a roster address's; a bare number before " at " or a path after the domain is a
 * date and a web page, not a mailbox.
 */
function spelledDistrictEmails(a: Analysis, domains: readonly string[]): Span[] {
  const out: Span[] = [];
  for (const d of domains) {
    const labels = d.split('.').filter((l) => l !== '');
    if (labels.length < 2 || !labels.every((l) => a.lower.includes(l))) continue;
    const re = a.ctx.index(`spelled-email:${d}`, () => new RegExp(AT + labels.map((l) => l.replace(/[^a-z0-9-]/g, '')).join(DOT) + String.raw`(?![A-Za-z0-9-]|\.[A-Za-z0-9])`, 'gi'));
    re.lastIndex = 0;
    for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) {
      let i = m.index;
      while (i > 0 && i > m.index - 64 && LOCAL_CHAR.test(a.text[i - 1]!)) i--;
      const local = a.text.slice(i, m.index).replace(/^[._%+-]+/, '');
      if (local === '' || NOT_LOCAL.test(local)) continue;
      const at = m[0].toLowerCase().indexOf(labels[0]!);
      const plainAt = /^\s+at\s+$/i.test(m[0].slice(0, at));
      const host = m[0].slice(at);
      const plainDots = !/dot|[[({<]|\s\.|\.\s/i.test(host) && host.includes('.');
      if (plainAt && plainDots && !/[._\d]/.test(local) && !rosterLocal(a, d).has(local.toLowerCase())) continue;
      // A web address with a path ("opens March 1 at alexandria.k12.mn.us/register"): a page, and a number before " at " is a date or time.
      if (plainAt && (a.text[m.index + m[0].length] === '/' || /^\d+$/.test(local))) continue;
      out.push(span(a.text, m.index - local.length, m.index + m[0].length));
    }
  }
  return out;
}

/** The mailboxes of the roster's addresses at a domain. */
function rosterLocal(a: Analysis, domain: string): Set<string> {
  return a.ctx.index(`roster-local:${domain}`, (ctx) => new Set([...ctx.people.values()].map((p) => p.email?.toLowerCase() ?? '').filter((e) => e.endsWith('@' + domain)).map((e) => e.slice(0, e.indexOf('@')))));
}
