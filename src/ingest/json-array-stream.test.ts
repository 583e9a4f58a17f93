import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonArrayElements, jsonArrayRaw, parseRawElements, type ArrayEvent } from './json-array-stream.js';

async function all(text: string, chunk = 7, afterKey?: string): Promise<ArrayEvent[]> {
  const buf = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) chunks.push(buf.subarray(i, i + chunk));
  const out: ArrayEvent[] = [];
  for await (const e of jsonArrayElements(Readable.from(chunks), afterKey === undefined ? {} : { afterKey })) out.push(e);
  return out;
}

describe('jsonArrayElements', () => {
  it('reads elements after a JavaScript prefix, across chunk boundaries, with strings holding brackets and escapes', async () => {
    const text = 'window.YTD.tweets.part0 = [ {"a":"x ] } [ \\" y","n":[1,{"b":2}]}, {"a":"é😀"} ]';
    const ev = await all(text, 3);
    expect(ev.map((e) => ('value' in e ? e.value : e.error))).toEqual([{ a: 'x ] } [ " y', n: [1, { b: 2 }] }, { a: 'é😀' }]);
    expect(ev[1]!.offset).toBe(Buffer.from(text).indexOf('{"a":"é'));
  });
  it('starts at a named key', async () => {
    const ev = await all('{"@context":"x","orderedItems":[{"id":1},{"id":2}],"other":[9]}', 5, 'orderedItems');
    expect(ev.map((e) => ('value' in e ? e.value : e.error))).toEqual([{ id: 1 }, { id: 2 }]);
  });
  it('reports a malformed element and goes on, and a truncated input with its byte', async () => {
    const ev = await all('[{"a":1},{"a":tru},{"a":3},{"a":', 4);
    expect(ev.map((e) => ('value' in e ? 'ok' : e.error.split(':')[0]))).toEqual(['ok', 'malformed element at byte 9', 'ok', 'unexpected end of input inside the element that starts at byte 27']);
  });
  it('reads scalars and says when there is no array', async () => {
    expect((await all('[1, "two", null]')).map((e) => ('value' in e ? e.value : e.error))).toEqual([1, 'two', null]);
    expect((await all('{"no":"array"}'))[0]).toMatchObject({ error: 'no JSON array found' });
  });
  it('cuts any array into the same elements JSON.parse reads, whatever the chunking (escapes and backslash runs across chunk ends)', async () => {
    const value = fc.oneof(fc.jsonValue(), fc.string({ unit: fc.constantFrom('\\', '"', '[', ']', '{', '}', ',', 'a', 'é', ' ') }), fc.dictionary(fc.string({ unit: fc.constantFrom('\\', '"', '}', 'k') }), fc.string({ unit: fc.constantFrom('\\', '"', ']', 'v') })));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 12 }), fc.integer({ min: 1, max: 17 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(undefined, 2), async (arr, chunk, run, indent) => {
        const text = `window.YTD.tweets.part0 = ${JSON.stringify(arr, null, indent)}`;
        const ev = await all(text, chunk);
        expect(ev.map((e) => ('value' in e ? e.value : e.error))).toEqual(JSON.parse(JSON.stringify(arr)));
        // Raw runs: at most `run` elements each, bytes exactly the input's, the same elements once parsed.
        const buf = Buffer.from(text);
        const chunks: Buffer[] = [];
        for (let i = 0; i < buf.length; i += chunk) chunks.push(buf.subarray(i, i + chunk));
        const parsed: unknown[] = [];
        for await (const r of jsonArrayRaw(Readable.from(chunks), run)) {
          if ('error' in r) throw new Error(r.error);
          expect(r.bounds.length / 2).toBeLessThanOrEqual(run);
          expect(Buffer.from(r.bytes).equals(buf.subarray(r.offset, r.offset + r.bytes.length))).toBe(true);
          expect(r.bytes.byteLength).toBe(r.bytes.buffer.byteLength);
          for (const e of parseRawElements(r)) parsed.push('value' in e ? e.value : e.error);
        }
        expect(parsed).toEqual(JSON.parse(JSON.stringify(arr)));
      }),
      { numRuns: 150 },
    );
  });
  it('a run with a broken element or a missing comma still gives every good element, naming the broken one', async () => {
    const text = '[{"a":1}\n{"a":2},{"a":tru},{"a":"\\\\"}]';
    const runs = [];
    for await (const r of jsonArrayRaw(Readable.from([Buffer.from(text)]), 10)) runs.push(r);
    expect(runs).toHaveLength(1);
    const ev = [...parseRawElements(runs[0] as never)];
    expect(ev.map((e) => ('value' in e ? e.value : e.error.split(':')[0]))).toEqual([{ a: 1 }, { a: 2 }, 'malformed element at byte 17', { a: '\\' }]);
  });
});
