// Speaking about and for the district: opinions, disclaimers, announcements of district decisions, credit to the district's own post.
import type { Analysis } from '../analysis.js';
import { districtRefs, mentionsDistrict } from './district.js';
import { lexiconRegex, negatedAt, sentences, span, type Span } from './text.js';

function firstMatch(a: Analysis, lexicon: string, text: string): Span | undefined {
  const re = a.pack.compiled(`speech:${lexicon}`, (p) => lexiconRegex(p.lexicon(lexicon), 'iu'));
  if (re === null) return undefined;
  const m = re.exec(text);
  return m === null ? undefined : span(text, m.index, m.index + m[0].length);
}

/** "Views are my own" in the post or the account's bio. */
export function hasDisclaimer(a: Analysis): boolean {
  return a.get('has-disclaimer', () => firstMatch(a, 'disclaimers', a.text) !== undefined || (a.post.account?.bio !== undefined && firstMatch(a, 'disclaimers', a.post.account.bio) !== undefined));
}

/** Does the post or bio say the author works for the district? */
export function disclosesEmployment(a: Analysis): boolean {
  return a.get('discloses-employment', () => {
    const bio = a.post.account?.bio ?? '';
    if (firstMatch(a, 'employment-disclosure', a.text) !== undefined) return true;
    if (bio !== '' && (firstMatch(a, 'employment-disclosure', bio) !== undefined || (mentionsDistrict(a, bio) && /teacher|coach|principal|specialist|coordinator|director|staff|secretary|counselor|communications|employee|superintendent|para|driver|nurse/i.test(bio)))) return true;
    return false;
  });
}

/** An opinion about the district, its schools, people or programs: an opinion cue in a sentence about the district. */
export function districtOpinion(a: Analysis): Span | undefined {
  return a.get('district-opinion', () => {
    const cueRe = a.pack.compiled('speech:opinion-cues', (p) => lexiconRegex(p.lexicon('opinion-cues')));
    if (cueRe === null) return undefined;
    const topicRe = a.pack.compiled('speech:district-topics', (p) => lexiconRegex(p.lexicon('district-topics'), 'iu'));
    const refs = districtRefs(a);
    cueRe.lastIndex = 0;
    for (let m = cueRe.exec(a.text); m !== null; m = cueRe.exec(a.text)) {
      if (negatedAt(a.text, m.index, m.index + m[0].length) && !/should|need|must/i.test(m[0])) continue;
      const sent = sentences(a.text).find((s) => s.start <= m!.index && m!.index < s.end);
      if (sent === undefined) continue;
      const aboutDistrict = refs.some((r) => r.start >= sent.start && r.end <= sent.end) || (topicRe !== null && topicRe.test(sent.quote));
      if (aboutDistrict) return sent;
    }
    return undefined;
  });
}

/** Restating a district decision as news (closings, delays, program and policy changes), in a sentence about the district. */
export function districtAnnouncement(a: Analysis): Span | undefined {
  return a.get('district-announcement', () => {
    const re = a.pack.compiled('speech:announcements', (p) => lexiconRegex(p.lexicon('spokesperson-announcements')));
    if (re === null) return undefined;
    const refs = districtRefs(a);
    re.lastIndex = 0;
    for (let m = re.exec(a.text); m !== null; m = re.exec(a.text)) {
      const start = m.index;
      const sent = sentences(a.text).find((s) => s.start <= start && start < s.end);
      if (sent === undefined) continue;
      if (/^\s*(?:if|when|whether|in case)\b/i.test(sent.quote) || /\?\s*$/.test(sent.quote)) continue;
      const subject = refs.some((r) => r.start >= sent.start && r.start < start + m![0].length) || /\b(?:schools?|classes|all buildings|buses|bus routes|the district|district offices)\b/i.test(a.text.slice(sent.start, start + m[0].length));
      const strong = /behalf|official|statement|position|speaking for|told/i.test(m[0]);
      if (subject || strong) return span(a.text, start, start + m[0].length);
    }
    return undefined;
  });
}

/** The post credits or links the district's own announcement. */
export function creditsDistrict(a: Analysis): boolean {
  return a.get('credits-district', () => {
    if (firstMatch(a, 'announcement-credit', a.text) !== undefined) return true;
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
