import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonArrayElements, type ArrayEvent } from './json-array-stream.js';

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
});
