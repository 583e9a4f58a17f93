// Exit codes of every command, in one place (contract: 0 allow, 1 revise, 2 block, 3 bad input).
import type { Verdict } from '../contracts/check.js';

export const EXIT = { ok: 0, allow: 0, revise: 1, block: 2, badInput: 3, failure: 4 } as const;

export function exitForVerdict(v: Verdict): number {
  return v === 'block' ? EXIT.block : v === 'revise' ? EXIT.revise : EXIT.allow;
}
