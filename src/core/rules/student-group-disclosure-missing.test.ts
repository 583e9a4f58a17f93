import { describe, expect, it } from 'vitest';
import type { Context, Disclosure, Post } from '../../contracts/check.js';
import { context, district, example, findingsOf, post } from '../../../test/support/kit.js';

const RULE = 'student-group-disclosure-missing';
type Group = NonNullable<Post['group']>;
const group: Group = { name: 'JHS XC Runners 2026', network: 'snapchat', createdBy: 'students', representsDistrictStudents: true };
const d = (over: Partial<Disclosure> = {}): Disclosure => ({ employee: 'E100', schoolYear: '2026-2027', groups: [{ network: 'snapchat', name: 'JHS XC Runners 2026' }], ...over });
const run = (disclosures: Disclosure[] | undefined, p: Partial<Post> = {}, ctx: Partial<Context> = {}) =>
  findingsOf({ context: { ...context(ctx), disclosures }, post: post('Great run today!', { network: 'snapchat', group, postedAt: '2026-09-09T20:00:00-05:00', ...p }) }, RULE);

describe(RULE, () => {
  it('asks for the disclosure when the group is not disclosed this school year', () => {
    const [f, ...rest] = run([d({ groups: [{ network: 'facebook', name: 'Cardinals Hockey Boosters' }] })]);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('revise');
    expect(f?.clause).toBe('IV.B');
    expect(f?.evidence).toEqual({ field: 'post.group', value: 'JHS XC Runners 2026' });
    expect(f?.remedy).toContain('2026-2027');
  });

  it('ex-013: the author disclosed a different group this year', () => {
    const fs = findingsOf(example('ex-013').request, RULE);
    expect(fs.map((f) => [f.severity, f.evidence])).toEqual([['revise', { field: 'post.group', value: 'JHS XC Runners 2026' }]]);
  });

  it('accepts a disclosure of the group for the current school year, loosely matching the name', () => {
    expect(run([d()])).toEqual([]);
    expect(run([d({ groups: [{ name: 'jhs xc runners 2026' }] })])).toEqual([]);
    expect(run([d({ groups: [{ network: 'Snapchat', name: 'JHS  XC-Runners 2026!' }] })])).toEqual([]);
    expect(run([d({ groups: [{ name: 'The JHS XC Runners 2026' }] })])).toEqual([]);
    // Two filings for the year: either may list the group.
    expect(run([d({ groups: [{ name: 'Cardinals Hockey Boosters' }] }), d()])).toEqual([]);
  });

  it('does not accept a disclosure of the same name on another network, or by someone else', () => {
    expect(run([d({ groups: [{ network: 'facebook', name: 'JHS XC Runners 2026' }] })])).toHaveLength(1);
    expect(run([d({ employee: 'E101' })])).toHaveLength(1);
    expect(run([d({ groups: [{ name: 'JHS XC Runners 2025' }] })])).toHaveLength(1);
  });

  it('uses the network of the post when the group does not name one', () => {
    expect(run([d()], { group: { ...group, network: undefined } })).toEqual([]);
    expect(run([d()], { group: { ...group, network: undefined }, network: 'instagram' })).toHaveLength(1);
  });

  it("does not accept last year's disclosure", () => {
    expect(run([d({ schoolYear: '2025-2026' })])[0]?.message).toContain('disclosed for another year');
  });

  it('uses the school year start: June belongs to the year before, and a district may start in August', () => {
    expect(run([d({ schoolYear: '2025-2026' })], { postedAt: '2026-06-15T20:00:00-05:00' })).toEqual([]);
    expect(run([d()], { postedAt: '2026-07-01T12:00:00-05:00' })).toEqual([]);
    const august = { district: { ...district, schoolYearStart: '08-15' } };
    expect(run([d({ schoolYear: '2025-2026' })], { postedAt: '2026-08-01T12:00:00-05:00' }, august)).toEqual([]);
    expect(run([d()], { postedAt: '2026-08-01T12:00:00-05:00' }, august)).toHaveLength(1);
  });

  it('ignores district groups, posts outside groups and groups about other things', () => {
    expect(run([], { group: { ...group, createdBy: 'district' } })).toEqual([]);
    expect(run([], { group: null })).toEqual([]);
    expect(run([], { group: undefined })).toEqual([]);
    expect(run([], { group: { ...group, createdBy: 'public', representsDistrictStudents: false } })).toEqual([]);
  });

  it('covers public-created groups about district students', () => {
    expect(run([], { group: { name: 'Cardinals Hockey Boosters', createdBy: 'public', representsDistrictStudents: true } })).toHaveLength(1);
  });

  it('reads a group named after the district as representing its students when the post does not say', () => {
    const fs = run([], { group: { name: 'JHS Class of 2027', createdBy: 'students' } });
    expect(fs.map((f) => f.undecided)).toEqual([undefined]);
    const unsure = run([], { group: { name: 'Minnesota Runners', createdBy: 'public' } });
    expect(unsure.map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'post.group' }]]);
  });

  it('is undecided without disclosures, without an author, or when who created the group is unknown', () => {
    expect(run(undefined).map((f) => [f.undecided, f.severity, f.evidence])).toEqual([[true, 'advisory', { field: 'context.disclosures' }]]);
    expect(run([d()], { author: undefined }).map((f) => [f.undecided, f.evidence])).toEqual([[true, { field: 'post.author' }]]);
    expect(run([], { group: { name: 'JHS XC Runners 2026', representsDistrictStudents: true } })[0]?.message).toContain('who created it');
  });
});
