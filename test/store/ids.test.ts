// Record ids: UUID version 7, unique and increasing within a process, also across refills of the random pool.
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/store/ids.js';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('gives 10,000 distinct, increasing version-7 ids in one millisecond (the random pool is refilled many times)', () => {
    const at = Date.parse('2030-01-01T00:00:00Z') // later than any id made before in this process;
    const ids = Array.from({ length: 10_000 }, () => newId(at));
    expect(ids.every((id) => UUID7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The first 48 bits are the time in ms (the counter may carry into the next millisecond).
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('keeps the random part random: no two ids share their last 12 hex digits', () => {
    const tails = Array.from({ length: 5_000 }, () => newId().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
