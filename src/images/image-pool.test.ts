// The image pool on real photos (face-api demo photos, MIT; TEST-IMAGES.md): its threads' scheduling priority.
import fs from 'node:fs';
import os from 'node:os';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPhoto, textSvg } from '../../test/support/images.js';
import { createImageAnalyzer, type ImageAnalyzer } from './image-pool.js';
import { currentThreadId, IMAGE_THREAD_NICE } from './thread-priority.js';

/** Every thread of this process: kernel thread id, name and nice value (Linux). */
function threads(): Array<{ tid: number; name: string; nice: number }> {
  return fs.readdirSync('/proc/self/task').flatMap((t) => {
    try {
      const name = fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim();
      return [{ tid: Number(t), name, nice: os.getPriority(Number(t)) }];
    } catch {
      return []; // ended meanwhile
    }
  });
}

const opened: ImageAnalyzer[] = [];
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close()));
});

describe.runIf(process.platform === 'linux')('image pool threads run at the lowest priority (Linux)', { timeout: 180_000 }, () => {
  const page = () => sharp(Buffer.from(textSvg(['Period 3 retake scores posted', 'See room 204 after school']))).png().toBuffer();

  it('nice: false leaves every thread at the caller priority', async () => {
    const a = createImageAnalyzer(1, { nice: false });
    opened.push(a);
    const r = await a.analyze(await page(), { ocr: true });
    expect(r.detected.text).toMatch(/retake/);
    expect(threads().filter((t) => t.nice > 0)).toEqual([]);
    await a.close();
  });

  it('by default the pool thread, the OCR thread it starts and the libvips workers are niced; the main thread is not', async () => {
    const mainTid = currentThreadId();
    expect(mainTid).toBe(process.pid);
    const before = os.getPriority(process.pid);
    const a = createImageAnalyzer(1);
    opened.push(a);
    const [photo, text] = await Promise.all([a.analyze(fs.readFileSync(demoPhoto(2))), a.analyze(await page(), { ocr: true })]);
    expect(photo.detected.faces?.length).toBeGreaterThanOrEqual(3);
    expect(text.detected.text).toMatch(/retake/);
    const all = threads();
    // The pool's thread and tesseract.js's worker thread (started by it, so it inherits the priority).
    expect(all.filter((t) => t.nice === IMAGE_THREAD_NICE).length).toBeGreaterThanOrEqual(2);
    const vips = all.filter((t) => t.name === 'libvips worker');
    expect(vips.length).toBeGreaterThan(0);
    for (const t of vips) expect(t.nice).toBe(IMAGE_THREAD_NICE);
    expect(os.getPriority(process.pid)).toBe(before);
    await a.close();
  });
});

describe('a pool thread that dies', { timeout: 240_000 }, () => {
  // test/support/dying-image-worker.ts: the real worker, plus "EXIT" → process.exit(7) and "THROW" → an uncaught throw.
  const dying = (threads: number) => {
    const a = createImageAnalyzer(threads, { workerModule: '../../test/support/dying-image-worker' });
    opened.push(a);
    return a;
  };
  const photo = () => fs.readFileSync(demoPhoto(1));

  it('process.exit in the thread: that photo gets a clear error, a new thread takes its place, later photos are analysed', async () => {
    const a = dying(1);
    expect((await a.analyze(photo())).detected.faces).toHaveLength(3);
    const err = (await a.analyze(Buffer.from('EXIT now')).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('image analysis failed: the analysis thread stopped (exit code 7) while reading this photo; send it again');
    expect(a.pending()).toBe(0);
    // The replacement loads its models and reads the next photos.
    const next = await Promise.all([a.analyze(photo()), a.analyze(fs.readFileSync(demoPhoto(2)))]);
    expect(next[0].detected.faces).toHaveLength(3);
    expect(next[1].detected.faces?.length).toBeGreaterThanOrEqual(3);
  });

  it('an exception thrown outside a job: same recovery', async () => {
    const a = dying(1);
    const err = (await a.analyze(Buffer.from('THROW')).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^image analysis failed: the analysis thread stopped \(boom outside a job\) while reading this photo/);
    expect((await a.analyze(photo())).detected.faces).toHaveLength(3);
  });

  it('with two threads, only the dead thread’s photo fails: the photo on the other thread is answered', async () => {
    const a = dying(2);
    await Promise.all([a.analyze(photo()), a.analyze(photo())]); // both threads started and warm
    const [ok, dead] = await Promise.allSettled([a.analyze(photo()), a.analyze(Buffer.from('EXIT'))]);
    expect(ok.status).toBe('fulfilled');
    expect((ok as PromiseFulfilledResult<Awaited<ReturnType<ImageAnalyzer['analyze']>>>).value.detected.faces).toHaveLength(3);
    expect(dead.status).toBe('rejected');
    expect(((dead as PromiseRejectedResult).reason as Error).message).toMatch(/analysis thread stopped \(exit code 7\)/);
    const after = await Promise.all([a.analyze(photo()), a.analyze(photo()), a.analyze(photo())]);
    for (const r of after) expect(r.detected.faces).toHaveLength(3);
  });
});
