// My check history (My records): the checks of the signed-in person's own posts, newest first, as the engine decided them.
// Only what the author typed and the verdict with its rules: a photo's facts stay in the stored request, never shown here.
import { listChecks } from '../store/repos/checks.js';
import type { PageRequest } from '../store/page.js';
import type { CheckRecord } from '../store/schema.js';
import type { Actor } from './access.js';
import type { AppDeps } from './deps.js';

export interface MyCheck {
  id: string;
  decidedAt: string;
  verdict: string;
  text: string;
  network: string | null;
  photos: number;
  /** The rules of the findings that decided (undecided advisories left out), most severe first. */
  rules: string[];
  createdAt: string;
}

export function myCheckOf(c: CheckRecord): MyCheck {
  const req = JSON.parse(c.request) as { post?: { text?: string; network?: string; images?: unknown[] } };
  const res = JSON.parse(c.response) as { findings?: Array<{ rule: string; undecided?: boolean }> };
  return {
    id: c.id,
    decidedAt: c.decided_at,
    verdict: c.verdict,
    text: req.post?.text ?? '',
    network: req.post?.network ?? null,
    photos: req.post?.images?.length ?? 0,
    rules: [...new Set((res.findings ?? []).filter((f) => f.undecided !== true).map((f) => f.rule))],
    createdAt: c.created_at,
  };
}

/** The actor's own checks, newest first. A user who is no person of the district (an admin account) has none. */
export async function listMyChecks(deps: AppDeps, actor: Actor, f: { page?: PageRequest | undefined } = {}): Promise<CheckRecord[]> {
  if (actor.personId === undefined) return [];
  return listChecks(deps.db, actor.districtId, { authorId: actor.personId, page: f.page, newestFirst: true });
}
