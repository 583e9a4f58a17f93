// E-mail addresses in text, and whether they belong to the district's domains.
import type { Analysis } from '../analysis.js';
import { span, type Span } from './text.js';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

export function districtDomains(a: Analysis): string[] {
  return a.ctx.index('district-domains', (ctx) => (ctx.district?.emailDomains ?? []).map((d) => d.toLowerCase().replace(/^@/, '')));
}

export function isDistrictEmail(email: string, domains: readonly string[]): boolean {
  const host = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((d) => host === d || host.endsWith('.' + d));
}

/** Every e-mail address written in the post (a trailing full stop is not part of it). */
export function emailsInText(a: Analysis): Span[] {
  return a.get('emails', () => {
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

/** District e-mail addresses written in the post. */
export function districtEmailsInText(a: Analysis): Span[] {
  return a.get('district-emails', () => {
    const domains = districtDomains(a);
    return domains.length === 0 ? [] : emailsInText(a).filter((e) => isDistrictEmail(e.quote, domains));
  });
}
