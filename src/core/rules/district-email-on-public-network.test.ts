import { describe, expect, it } from 'vitest';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'district-email-on-public-network';

describe(RULE, () => {
  it('flags a district address in a post on a public network, with a span that quotes it', () => {
    const text = 'Questions about the field trip? Email me at dwhitfield@alexandria.k12.mn.us.';
    const [f, ...rest] = findingsOf({ context: context(), post: post(text) }, RULE);
    expect(rest).toHaveLength(0);
    expect(f?.severity).toBe('revise');
    expect(f?.clause).toBe('IV.A');
    const ev = f?.evidence as { start: number; end: number; quote: string };
    expect(ev.quote).toBe('dwhitfield@alexandria.k12.mn.us');
    expect(text.slice(ev.start, ev.end)).toBe(ev.quote);
  });

  it('flags an account registered with the district address', () => {
    const p = post('Great game tonight!', { account: { kind: 'personal', email: 'dwhitfield@alexandria.k12.mn.us', bio: 'Views my own' } });
    const fs = findingsOf({ context: context(), post: p }, RULE);
    expect(fs.map((f) => f.evidence)).toEqual([{ field: 'account.email', value: 'dwhitfield@alexandria.k12.mn.us' }]);
  });

  it('reads a district address spelled to dodge scrapers, not a website named after "at"', () => {
    const quotes = (text: string) => findingsOf({ context: context(), post: post(text) }, RULE).map((f) => (f.evidence as { quote: string }).quote);
    expect(quotes('Questions? dwhitfield [at] alexandria.k12.mn.us')).toEqual(['dwhitfield [at] alexandria.k12.mn.us']);
    expect(quotes('write sortiz at alexandria dot k12 dot mn dot us')).toEqual(['sortiz at alexandria dot k12 dot mn dot us']);
    expect(quotes('d.whitfield (at) alexandria (dot) k12 (dot) mn (dot) us')).toEqual(['d.whitfield (at) alexandria (dot) k12 (dot) mn (dot) us']);
    expect(quotes('ping sortiz at alexandria.k12.mn.us')).toEqual(['sortiz at alexandria.k12.mn.us']);
    expect(quotes('The calendar is at alexandria.k12.mn.us')).toEqual([]);
    expect(quotes('Write to x [at] alexandria.k12.mn.us.evil.com or dana [at] gmail [dot] com')).toEqual([]);
  });

  it('does not flag an approved tool, a personal address, or a lookalike domain', () => {
    const onTool = post('Email dwhitfield@alexandria.k12.mn.us with questions', { network: 'schoology' });
    expect(findingsOf({ context: context(), post: onTool }, RULE)).toEqual([]);
    expect(findingsOf({ context: context(), post: post('Reach me at dana@example.com') }, RULE)).toEqual([]);
    expect(findingsOf({ context: context(), post: post('Write to x@alexandria.k12.mn.us.evil.com') }, RULE)).toEqual([]);
  });

  it('is undecided, not silent, when the district domains are unknown', () => {
    const fs = findingsOf({ context: {}, post: post('Mail me: dwhitfield@alexandria.k12.mn.us') }, RULE);
    expect(fs).toHaveLength(1);
    expect(fs[0]?.undecided).toBe(true);
    expect(fs[0]?.severity).toBe('advisory');
  });
});
