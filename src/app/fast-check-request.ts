// A fast path for the usual shape of a check request ({ post } with the contract's plain post fields), for the JSONL and
// audit hot loops: it gives exactly the object zod's CheckRequest would (the same keys in the schema's order, the network
// lower-cased), or undefined for anything else (a context, an unknown key, a photo's detected facts, any doubt), which
// then goes through zod as before, so every error still names its field the same way. It answers undefined for a null
// anywhere (it reads every key it allows, and a null is never valid there), so it may run on the raw value first: when it
// answers, dropNulls would have changed nothing; otherwise run it on dropNulls' output.
// fast-check-request.test.ts compares it with zod on the corpus, the shared examples and many altered requests.
import type { CheckRequest } from '../contracts/check.js';
import { isObj, isStr, onlyKeys, strings, type Obj } from './fast-json.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const POST_KEYS = new Set(['author', 'network', 'account', 'postedAt', 'device', 'purpose', 'group', 'text', 'link', 'sharedFrom', 'images', 'participants']);
const ACCOUNT_KEYS = new Set(['kind', 'handle', 'email', 'bio']);
const GROUP_KEYS = new Set(['name', 'network', 'createdBy', 'representsDistrictStudents']);
const IMAGE_KEYS = new Set(['file', 'description', 'depicts', 'setting', 'event']);
const ACCOUNT_KIND = new Set(['personal', 'district']);
const DEVICE = new Set(['personal', 'district']);
const PURPOSE = new Set(['personal', 'instruction', 'school-activity']);
const CREATED_BY = new Set(['students', 'public', 'district']);
const SETTING = new Set(['public-event', 'classroom', 'school-building', 'restricted-area', 'floor-plan', 'off-site', 'other']);
const DEPICTED_KIND = new Set(['student', 'employee', 'other', 'unknown']);
const DEPICTED_KIND_KEYS = new Set(['kind', 'name']);
const POST_ONLY = new Set(['post']);

function oneOf(from: Obj, to: Obj, k: string, allowed: ReadonlySet<string>): boolean {
  const v = from[k];
  if (v === undefined) return true;
  if (!isStr(v) || !allowed.has(v)) return false;
  to[k] = v;
  return true;
}

function image(v: unknown): Obj | undefined {
  if (!isObj(v) || !onlyKeys(v, IMAGE_KEYS)) return undefined;
  const out: Obj = {};
  if (!strings(v, out, ['file', 'description'])) return undefined;
  if (v.depicts !== undefined) {
    if (!Array.isArray(v.depicts)) return undefined;
    const depicts: unknown[] = [];
    for (const d of v.depicts as unknown[]) {
      if (isStr(d)) {
        if (d.length === 0) return undefined;
        depicts.push(d);
      } else if (isObj(d) && onlyKeys(d, DEPICTED_KIND_KEYS)) {
        const o: Obj = {};
        if (!oneOf(d, o, 'kind', DEPICTED_KIND) || o.kind === undefined || !strings(d, o, ['name'])) return undefined;
        depicts.push(o);
      } else return undefined;
    }
    out.depicts = depicts;
  }
  if (!oneOf(v, out, 'setting', SETTING) || !strings(v, out, ['event'])) return undefined;
  return out;
}
/** The request as zod's CheckRequest would give it, or undefined when only zod can tell. */
export function fastCheckRequest(raw: unknown): CheckRequest | undefined {
  if (!isObj(raw) || !onlyKeys(raw, POST_ONLY)) return undefined;
  const p = raw.post;
  if (!isObj(p) || !onlyKeys(p, POST_KEYS)) return undefined;
  const post: Obj = {};
  if (!strings(p, post, ['author'])) return undefined;
  if (p.network !== undefined) {
    if (!isStr(p.network) || p.network.length === 0) return undefined;
    post.network = p.network.toLowerCase();
  }
  if (p.account !== undefined) {
    const a = p.account;
    if (!isObj(a) || !onlyKeys(a, ACCOUNT_KEYS)) return undefined;
    const account: Obj = {};
    if (!oneOf(a, account, 'kind', ACCOUNT_KIND) || !strings(a, account, ['handle', 'email', 'bio'])) return undefined;
    post.account = account;
  }
  if (p.postedAt !== undefined) {
    if (!isStr(p.postedAt) || !ISO_DATE_TIME.test(p.postedAt) || Number.isNaN(Date.parse(p.postedAt))) return undefined;
    post.postedAt = p.postedAt;
  }
  if (!oneOf(p, post, 'device', DEVICE) || !oneOf(p, post, 'purpose', PURPOSE)) return undefined;
  if (p.group !== undefined) {
    const g = p.group;
    if (!isObj(g) || !onlyKeys(g, GROUP_KEYS) || !isStr(g.name) || g.name.length === 0) return undefined;
    const group: Obj = { name: g.name };
    if (!strings(g, group, ['network']) || !oneOf(g, group, 'createdBy', CREATED_BY)) return undefined;
    if (g.representsDistrictStudents !== undefined) {
      if (typeof g.representsDistrictStudents !== 'boolean') return undefined;
      group.representsDistrictStudents = g.representsDistrictStudents;
    }
    post.group = group;
  }
  if (!isStr(p.text) || p.text.length > 100_000) return undefined;
  post.text = p.text;
  if (!strings(p, post, ['link', 'sharedFrom'])) return undefined;
  if (p.images !== undefined) {
    if (!Array.isArray(p.images) || p.images.length > 50) return undefined;
    const images: Obj[] = [];
    for (const x of p.images as unknown[]) {
      const img = image(x);
      if (img === undefined) return undefined;
      images.push(img);
    }
    post.images = images;
  }
  if (p.participants !== undefined) {
    if (!Array.isArray(p.participants)) return undefined;
    for (const x of p.participants as unknown[]) if (!isStr(x)) return undefined;
    post.participants = [...(p.participants as string[])];
  }
  return { post } as unknown as CheckRequest;
}
