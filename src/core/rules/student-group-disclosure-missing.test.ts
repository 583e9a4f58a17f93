import { describe, expect, it } from 'vitest';
import type { Disclosure, Post } from '../../contracts/check.js';
import { context, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'student-group-disclosure-missing';
const group = { name: 'JHS XC Runners 2026', network: 'snapchat', createdBy: 'students' as const, representsDistrictStudents: true };
const d = (over: Partial<Disclosure> = {}): Disclosure => ({ employee: 'E100', schoolYear: '2026-2027', groups: [{ network: 'snapchat', name: 'JHS XC Runners 2026' }], ...over });
const run = (disclosures: Disclosure[] | undefined, p: Partial<Post> = {}) =>
  findingsOf({ context: { ...context(), disclosures }, post: post('Great run today!', { network: 'snapchat', group, postedAt: '2026-09-09T20:00:00-05:00', ...p }) }, RULE);

describe(RULE, () => {
  it('asks for the disclosure when the group is not disclosed this school year', () => {
    const [f] = run([d({ groups: [{ network: 'facebook', name: 'Cardinals Hockey Boosters' }] })]);
    expect(f?.severity).toBe('revise');
    expect(f?.clause).toBe('IV.B');
    expect(f?.evidence).toEqual({ field: 'post.group', value: 'JHS XC Runners 2026' });
  });
  it('accepts a disclosure of the group for the current school year, loosely matching the name', () => {
    expect(run([d()])).toEqual([]);
    expect(run([d({ groups: [{ name: 'jhs xc runners 2026' }] })])).toEqual([])
  });
  it("does not accept last year's disclosure", () => {
    expect(run([d({ schoolYear: '2025-2026' })])[0]?.message).toContain('disclosed for another year');
  });
  it('uses the school year start: June belongs to the year before', () => {
    expect(run([d({ schoolYear: '2025-2026' })], { postedAt: '2026-06-15T20:00:00-05:00' })).toEqual([]);
  });
  it('ignores district groups and posts outside groups', () => {
    expect(run([], { group: { ...group, createdBy: 'district' } })).toEqual([]);
    expect(run([], { group: null })).toEqual([]);
    expect(run([], { group: { ...group, createdBy: 'public', representsDistrictStudents: false } })).toEqual([]);
  });
  it('covers public-created groups about district students', () => {
    expect(run([], { group: { name: 'Cardinals Hockey Boosters', createdBy: 'public', representsDistrictStudents: true } })).toHaveLength(1);
  });
  it('is undecided without disclosures in the context', () => {
    expect(run(undefined)[0]?.undecided).toBe(true);
  });
});
