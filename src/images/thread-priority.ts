// Scheduling priority of the image pool's threads (Linux). A photo costs hundreds of milliseconds of CPU in a pool thread;
// the text checks are answered by the main thread in a few. With both at the same priority, a core busy with a photo (and
// the threads it starts: tesseract's worker, libvips' helpers) delays the event loop's next turn by whole time slices.
// Niced, the pool thread only takes CPU the event loop leaves free: photos take longer only when the machine is busy.
import fs from 'node:fs';
import os from 'node:os';

/** Nice value of the image pool's threads: the lowest priority (19), so text checks always go first. */
export const IMAGE_THREAD_NICE = 19;

/** The calling thread's kernel thread id on Linux (from /proc/thread-self → "PID/task/TID"); undefined elsewhere. */
export function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's priority to `nice` (Linux: setpriority on its thread id renices that thread only; threads it
 * creates afterwards inherit the value). Call it before starting anything that spawns threads. Returns the nice value
 * now in force, or undefined where threads cannot be reniced one by one (other systems) or the call was refused.
 */
export function lowerThreadPriority(nice = IMAGE_THREAD_NICE): number | undefined {
  const tid = currentThreadId();
  if (tid === undefined) return undefined;
  try {
    if (os.getPriority(tid) < nice) os.setPriority(tid, nice);
    return os.getPriority(tid);
  } catch {
    return undefined;
  }
}

/**
 * Lowers to `nice` every thread of this process whose name is `name` (Linux; /proc/self/task/N/comm). libvips names its
 * workers "libvips worker" and starts them from libuv's thread pool, not from the image thread, so they do not inherit
 * its priority: the image thread renices them after each photo. Returns how many threads were reniced.
 */
export function lowerThreadsNamed(name: string, nice = IMAGE_THREAD_NICE): number {
  if (process.platform !== 'linux') return 0;
  let n = 0;
  let tasks: string[];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  for (const t of tasks) {
    try {
      if (fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() !== name) continue;
      const tid = Number(t);
      if (os.getPriority(tid) < nice) {
        os.setPriority(tid, nice);
        n++;
      }
    } catch {
      // The thread ended meanwhile, or the call was refused: leave it.
    }
  }
  return n;
}
