// Test kit: the Alexandria demo context from the shared examples, request builders and a one-rule runner.
import fs from 'node:fs';
import path from 'node:path';
import type { CheckRequest, CheckResponse, Context, Finding, Post } from '../../src/contracts/check.js';
import { check } from '../../src/core/check.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { parseCheckRequest } from '../../src/app/parse-check-request.js';

export const pack = loadPolicyPack();

export const district: NonNullable<Context['district']> = {
  name: 'Alexandria Public Schools',
  aliases: ['APS', 'Alexandria Schools', 'ISD 206', 'Jefferson High School', 'JHS', 'Discovery Middle School', 'Lincoln Elementary', 'Woodland Elementary', 'Cardinals'],
  emailDomains: ['alexandria.k12.mn.us'],
  timezone: 'America/Chicago',
  dutyHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:30', end: '16:00' },
  nonSchoolDays: ['2026-09-07', '2026-10-15', '2026-10-16', '2026-11-25', '2026-11-26', '2026-11-27', '2026-12-24', '2026-12-25'],
  buildings: [
    { name: 'Jefferson High School', lat: 45.8852, lon: -95.3775, radiusM: 250 },
    { name: 'Discovery Middle School', lat: 45.8721, lon: -95.3952, radiusM: 200 },
  ],
  approvedTools: [
    { network: 'schoology', cipaCompliant: true },
    { network: 'seesaw', cipaCompliant: true },
  ],
  schoolYearStart: '07-01',
};

export const people: NonNullable<Context['people']> = [
  { id: 'E100', kind: 'employee', name: 'Dana Whitfield', email: 'dwhitfield@alexandria.k12.mn.us', title: 'Science teacher' },
  { id: 'E101', kind: 'employee', name: 'Sam Ortiz', email: 'sortiz@alexandria.k12.mn.us', title: 'Band director' },
  { id: 'S200', kind: 'student', name: 'Maya Lopez', aliases: ['Maya L.'], studentNumber: '204518', grade: 10 },
  { id: 'S201', kind: 'student', name: 'Jake Peterson', studentNumber: '204519', grade: 11 },
];

export function context(over: Partial<Context> = {}): Context {
  return { district, people, consents: [], authorizations: [], disclosures: [], ...over };
}

/** A personal-account Facebook post by E100 on a Saturday evening, with a disclaimer in the bio. */
export function post(text: string, over: Partial<Post> = {}): Post {
  return {
    author: 'E100',
    network: 'facebook',
    account: { kind: 'personal', handle: 'dana.w', email: 'dana@example.com', bio: 'Teacher. Views are my own.' },
    postedAt: '2026-10-03T19:45:00-05:00',
    device: 'personal',
    purpose: 'personal',
    group: null,
    text,
    images: [],
    participants: [],
    ...over,
  };
}

export const NOW = new Date('2026-10-03T19:45:02-05:00');

/** Validate like the adapters do, then check. */
export function run(req: CheckRequest): CheckResponse {
  return check(parseCheckRequest(req), pack, { now: NOW });
}

export function findingsOf(req: CheckRequest, rule: string): Finding[] {
  return run(req).findings.filter((f) => f.rule === rule);
}

/** Rule ids of the non-undecided findings. */
export function rulesOf(res: CheckResponse): string[] {
  return [...new Set(res.findings.filter((f) => !f.undecided).map((f) => f.rule))].sort();
}

/** One of the shared labelled examples (shared/examples/cases.jsonl) by id, e.g. example('ex-013'). */
export function example(id: string): { id: string; note: string; request: CheckRequest; expect: { verdict: string; rules: string[] } } {
  const file = path.resolve(import.meta.dirname, '../../../shared/examples/cases.jsonl');
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const c = JSON.parse(line) as ReturnType<typeof example>;
    if (c.id === id) return c;
  }
  throw new Error(`no shared example ${id}`);
}

/** The post text of every case of the labelled corpus (test/corpus/*.jsonl), in file order. */
export function corpusTexts(): string[] {
  const dir = path.resolve(import.meta.dirname, '../corpus');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { request: { post: { text?: string } } }).request.post.text ?? '');
}
