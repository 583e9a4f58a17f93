// Pay the engine's first-check cost at start-up, not on a user's first keystroke: the first check in a process
// compiles every lexicon and loads the lazy libraries (obscenity, compromise), about 140 ms of CPU against about
// 1 ms for the next one. The first check of a district also reads its records into the context cache and indexes
// them (roster names, consents by subject). `clearpost serve` calls both before it listens; neither writes anything.
import type { Kysely } from 'kysely';
import type { CheckRequest } from '../contracts/check.js';
import { check } from '../core/check.js';
import type { PolicyPack } from '../core/policy/pack.js';
import { listDistricts } from '../store/repos/districts.js';
import type { DB } from '../store/schema.js';
import { contextCacheFor } from './run-check.js';

/** Posts that reach the expensive analyzers: profanity, names (compromise), students in photos, groups, e-mail, threats. */
const SAMPLES: CheckRequest[] = [
  {
    context: {
      district: { name: 'Warm-up District', buildings: [{ name: 'Warm-up High School' }] },
      people: [
        { id: 'warm-e', kind: 'employee', name: 'Wendy Warmup', email: 'wendy.warmup@warmup.k12.example' },
        { id: 'warm-s', kind: 'student', name: 'Sam Student', grade: '9', building: 'Warm-up High School' },
      ],
    },
    post: {
      author: 'warm-e',
      network: 'facebook',
      account: { kind: 'personal' },
      postedAt: '2026-01-13T10:30:00-06:00',
      text: 'What a sh*tty day. Sam Student from 3rd period is so dumb, I could kill him. Email me at wendy.warmup@warmup.k12.example',
      images: [{ description: 'students at the game', depicts: ['warm-s'], setting: 'public-event' }],
      group: { name: 'Warm-up HS Runners', network: 'facebook', createdBy: 'students' },
    },
  },
  { post: { text: 'Great concert tonight at the high school! Proud of our band.', network: 'instagram', account: { kind: 'district' }, purpose: 'school-activity' } },
];

/** Run the sample checks once (about 150-250 ms of one core, once per process). Returns the milliseconds it took. */
export function warmUpEngine(pack: PolicyPack, now = new Date()): number {
  const t0 = performance.now();
  for (const r of SAMPLES) check(structuredClone(r), pack, { now });
  return performance.now() - t0;
}

/** Read each district's records into the shared context cache and index them with one check (nothing stored). */
export async function warmUpDistricts(db: Kysely<DB>, pack: PolicyPack, now = new Date()): Promise<number> {
  const t0 = performance.now();
  const cache = contextCacheFor(db);
  for (const d of await listDistricts(db)) {
    const { context } = await cache.get(db, d.id);
    check({ context, post: { text: 'Warm-up: the district context is indexed before the first check.', network: 'facebook' } }, pack, { now });
  }
  return performance.now() - t0;
}
