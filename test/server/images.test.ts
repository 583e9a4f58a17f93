// Photos through the API (SQLite): multipart checks analysed in the image pool, scrub, bad uploads as 400 naming the
// field, nothing of a face in the check history, and text checks answered while photos are analysed.
// Images: face-api demo photos (MIT) and drawings made by the tests: src/images/TEST-IMAGES.md.
import fs from 'node:fs';
import exifr from 'exifr';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/access.js';
import { loadDemoDistrict } from '../../src/app/load-demo-district.js';
import { loadPolicyPack } from '../../src/app/load-policy-pack.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { createImageAnalyzer } from '../../src/images/image-pool.js';
import { buildServer } from '../../src/server/app.js';
import type { Store } from '../../src/store/create-db.js';
import { demoPhoto, floorPlanSvg, heicLabelled, pngClaiming, textSvg, withGpsExif } from '../support/images.js';
import { createTestDatabase, type TestDatabase } from '../store/databases.js';

const PW = 'correct horse battery staple';
let tdb: TestDatabase;
let store: Store;
let app: FastifyInstance;
let auth: { cookie: string; 'x-csrf-token': string };
const images = createImageAnalyzer(1);

async function multipart(parts: Array<[string, string | { data: Buffer; name: string; type: string }]>): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [k, v] of parts) {
    if (typeof v === 'string') form.append(k, v);
    else form.append(k, new Blob([new Uint8Array(v.data)], { type: v.type }), v.name);
  }
  const r = new Request('http://local/', { method: 'POST', body: form });
  return { payload: Buffer.from(await r.arrayBuffer()), headers: { 'content-type': r.headers.get('content-type')! } };
}

const jpeg = (data: Buffer, name = 'photo.jpg') => ({ data, name, type: 'image/jpeg' });

async function check(request: unknown, files: Array<[number, Buffer]>) {
  const m = await multipart([['request', JSON.stringify(request)], ...files.map(([i, b]) => [`images[${i}]`, jpeg(b)] as [string, ReturnType<typeof jpeg>])]);
  return app.inject({ method: 'POST', url: '/api/v1/checks', headers: { ...auth, ...m.headers }, payload: m.payload });
}

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  store = await tdb.open();
  const deps = { db: store.db };
  const demo = await loadDemoDistrict(deps, { students: 20, employees: 8 });
  await createUserAccount(deps, systemActor(demo.districtId, 'test'), { email: 'teacher@example.test', name: 'Teacher', password: PW, personId: demo.personas.teacher, roles: ['employee'] });
  app = await buildServer({ deps, pack: loadPolicyPack(), images });
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'teacher@example.test', password: PW } });
  const cookies = r.cookies as Array<{ name: string; value: string }>;
  const v = (n: string) => cookies.find((c) => c.name === n)!.value;
  auth = { cookie: `clearpost_session=${v('clearpost_session')}; clearpost_csrf=${v('clearpost_csrf')}`, 'x-csrf-token': v('clearpost_csrf') };
}, 120_000);
afterAll(async () => {
  await app?.close();
  await images.close();
  await store?.close();
  await tdb?.drop();
});

describe('photos through the API', { timeout: 240_000 }, () => {
  it('a group photo with one person tagged: the untagged faces are findings with boxes; nothing of a face is stored', async () => {
    const photo = fs.readFileSync(demoPhoto(1));
    const r = await check({ post: { text: 'Costume party at my place', network: 'instagram', postedAt: '2026-10-31T20:00:00-05:00', images: [{ description: 'friends', depicts: [{ kind: 'other', name: 'my sister' }], setting: 'off-site' }] } }, [[0, photo]]);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.images).toHaveLength(1);
    expect(body.images[0]).toMatchObject({ index: 0, width: 1920, height: 1280, takenAt: '2017-10-31T20:16:18', gps: { lat: 37.319637, lon: -121.946502 } });
    expect(body.images[0].faces).toHaveLength(3);
    const untagged = body.findings.filter((f: { rule: string }) => f.rule === 'unidentified-person-in-image');
    expect(untagged).toHaveLength(2);
    for (const f of untagged) expect(f.evidence.box).toHaveLength(4);
    const row = await store.db.selectFrom('checks').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    const stored = JSON.parse(row.request) as { post: { images: Array<{ detected: Record<string, unknown> }> } };
    expect(stored.post.images[0]!.detected).toMatchObject({ faceCount: 3, gps: { lat: 37.319637, lon: -121.946502 } });
    expect(stored.post.images[0]!.detected.faces).toBeUndefined();
    expect(row.response).not.toContain('"box"');
    expect(row.findings).not.toContain('"box"');
    expect(row.request).not.toContain('"box"');
    // Nothing about a single face outlives the check: no box and no score in any stored row, the audit log included.
    const audit = await store.db.selectFrom('audit_log').selectAll().execute();
    for (const text of [row.request, row.response, row.findings, JSON.stringify(audit)]) {
      expect(text).not.toContain('"box"');
      expect(text).not.toContain('"score"');
      expect(text).not.toContain('"faces"');
    }
  });

  it('a drawn floor plan blocks as nonpublic premises, with the reason', async () => {
    const plan = await sharp(Buffer.from(floorPlanSvg())).jpeg({ quality: 92 }).toBuffer();
    const r = await check({ post: { text: 'Our new wing!', network: 'facebook', postedAt: '2026-11-28T19:00:00-06:00' } }, [[0, plan]]);
    expect(r.statusCode, r.body).toBe(200);
    const f = r.json().findings.find((x: { rule: string }) => x.rule === 'nonpublic-premises-image');
    expect(r.json().verdict).toBe('block');
    expect(f.message).toMatch(/Photo 1 shows a floor plan \(a line drawing of rooms with room numbers 101/);
  });

  it("text in a screenshot is checked like typed text, evidence naming the image and box; a photo's GPS at school counts as premises", async () => {
    const shot = await sharp(Buffer.from(textSvg(['Period 3 retakes', 'Jake in my 3rd hour failed his retake again']))).png().toBuffer();
    const door = await withGpsExif(await sharp(demoPhoto(3)).resize(800).jpeg().toBuffer(), { lat: 45.8856, lon: -95.377 });
    const r = await check({ post: { text: 'Long week', network: 'facebook', postedAt: '2026-11-28T19:00:00-06:00', images: [{ description: 'grades' }, { description: 'the alarm panel by the door', depicts: [{ kind: 'other' }, { kind: 'other' }, { kind: 'other' }] }] } }, [[0, shot], [1, door]]);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    const conf = body.findings.find((x: { rule: string }) => x.rule === 'confidential-information');
    expect(conf, JSON.stringify(body)).toBeDefined();
    expect(conf.message).toMatch(/^Text in photo 1: "failed his"/);
    expect(conf.evidence).toMatchObject({ image: 0, quote: 'failed his' });
    expect(conf.evidence.box).toHaveLength(4);
    const premises = body.findings.find((x: { rule: string }) => x.rule === 'nonpublic-premises-image');
    expect(premises.message).toContain("inside Jefferson High School's grounds");
  });

  it('refuses bad uploads with 400 problem+json naming the photo', async () => {
    const photo = fs.readFileSync(demoPhoto(2));
    const cases: Array<[Buffer, RegExp]> = [
      [photo.subarray(0, photo.length >> 1), /^images\[0\]: the image is corrupt or truncated/],
      [Buffer.from('just some text'), /^images\[0\]: not an image/],
      [await pngClaiming(20000, 20000), /^images\[0\]: the image is larger than 100 megapixels/],
      [await heicLabelled(), /export the photo as JPEG/],
    ];
    for (const [bytes, detail] of cases) {
      const r = await check({ post: { text: 'x' } }, [[0, bytes]]);
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().field).toBe('images[0]');
      expect(r.json().detail).toMatch(detail);
    }
    const noRequest = await multipart([['images[0]', jpeg(photo)]]);
    const a = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { ...auth, ...noRequest.headers }, payload: noRequest.payload });
    expect([a.statusCode, a.json().field]).toEqual([400, 'request']);
    const wrongName = await multipart([['request', '{"post":{"text":"x"}}'], ['photo', jpeg(photo)]]);
    const b = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: { ...auth, ...wrongName.headers }, payload: wrongName.payload });
    expect([b.statusCode, b.json().field]).toEqual([400, 'photo']);
    const badJson = await check({ post: { text: 5 } }, []);
    expect([badJson.statusCode, badJson.json().field]).toEqual([400, 'post.text']);
    const anonymous = await multipart([['request', '{"post":{"text":"x"}}'], ['images[0]', jpeg(photo)]]);
    expect((await app.inject({ method: 'POST', url: '/api/v1/checks', headers: anonymous.headers, payload: anonymous.payload })).statusCode).toBe(403);
  });

  it('POST /api/v1/images/scrub returns the photo without GPS or EXIF; bad input is a 400 naming file', async () => {
    const withGps = await withGpsExif(await sharp(demoPhoto(5)).resize(640).jpeg().toBuffer(), { lat: 45.8856, lon: -95.377 }, { at: '2026:10:05 10:12:30', offset: '-05:00' });
    expect(await exifr.gps(withGps)).toBeDefined();
    const m = await multipart([['file', jpeg(withGps)]]);
    const r = await app.inject({ method: 'POST', url: '/api/v1/images/scrub', headers: { ...auth, ...m.headers }, payload: m.payload });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/jpeg');
    expect(r.headers['cache-control']).toBe('no-store');
    const out = r.rawPayload;
    expect((await sharp(out).metadata()).exif).toBeUndefined();
    expect(await exifr.parse(out).catch(() => undefined)).toBeUndefined();
    const bad = await multipart([['file', jpeg(Buffer.from('nope'))]]);
    const b = await app.inject({ method: 'POST', url: '/api/v1/images/scrub', headers: { ...auth, ...bad.headers }, payload: bad.payload });
    expect([b.statusCode, b.json().field]).toEqual([400, 'file']);
    const json = await app.inject({ method: 'POST', url: '/api/v1/images/scrub', headers: auth, payload: { file: 'x' } });
    expect([json.statusCode, json.json().field]).toEqual([400, 'file']);
  });

  it('keeps answering text checks while photos are analysed in the pool', async () => {
    const photo = fs.readFileSync(demoPhoto(6));
    const photos = Promise.all([check({ post: { text: 'a' } }, [[0, photo]]), check({ post: { text: 'b' } }, [[0, photo]])]);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const r = await app.inject({ method: 'POST', url: '/api/v1/checks', headers: auth, payload: { post: { text: `Great game tonight ${i}` } } });
      times.push(performance.now() - t);
      expect(r.statusCode).toBe(200);
    }
    const done = await photos;
    expect(done.map((r) => r.statusCode)).toEqual([200, 200]);
    // Photos take seconds; a text check must not wait for them.
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]!).toBeLessThan(500);
  });

  it('answers 429 instead of queueing photos without bound', async () => {
    const capped = await buildServer({ deps: { db: store.db }, pack: loadPolicyPack(), images, maxQueuedPhotos: 1 });
    try {
      const photo = fs.readFileSync(demoPhoto(4));
      const send = async () => {
        const m = await multipart([['request', JSON.stringify({ post: { text: 'x' } })], ['images[0]', jpeg(photo)]]);
        return capped.inject({ method: 'POST', url: '/api/v1/checks', headers: { ...auth, ...m.headers }, payload: m.payload });
      };
      const rs = await Promise.all([send(), send()]);
      expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 429]);
      const busy = rs.find((r) => r.statusCode === 429)!;
      expect(busy.headers['content-type']).toContain('application/problem+json');
      expect(busy.json().detail).toMatch(/^images: 1 photos are being analysed; try again/);
    } finally {
      await capped.close();
    }
  });

  it('a photo whose analysis thread dies is a 503 to send again; the server goes on reading photos', async () => {
    // test/support/dying-image-worker.ts: the real worker, ended by process.exit(7) when a photo's bytes start with EXIT.
    const dying = createImageAnalyzer(1, { workerModule: '../../test/support/dying-image-worker' });
    const srv = await buildServer({ deps: { db: store.db }, pack: loadPolicyPack(), images: dying });
    try {
      const send = async (data: Buffer) => {
        const m = await multipart([['request', JSON.stringify({ post: { text: 'Costume party', images: [{ description: 'friends' }] } })], ['images[0]', jpeg(data)]]);
        return srv.inject({ method: 'POST', url: '/api/v1/checks', headers: { ...auth, ...m.headers }, payload: m.payload });
      };
      const dead = await send(Buffer.from('EXIT'));
      expect(dead.statusCode).toBe(503);
      expect(dead.headers['content-type']).toContain('application/problem+json');
      expect(dead.headers['retry-after']).toBe('1');
      expect(dead.json().detail).toBe('image analysis failed: the analysis thread stopped (exit code 7) while reading this photo; send it again');
      const next = await send(fs.readFileSync(demoPhoto(1)));
      expect(next.statusCode, next.body).toBe(200);
      expect(next.json().images[0].faces).toHaveLength(3);
    } finally {
      await srv.close();
      await dying.close();
    }
  });

  it('documents the multipart form and the scrub endpoint in the OpenAPI', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/checks'].post.description).toContain('multipart/form-data');
    expect(doc.paths['/api/v1/images/scrub'].post).toBeDefined();
  });
});
