// Writes a deterministic X archive of N posts (data/tweets.js in the real shape) for `npm run bench:audit`.
import fs from 'node:fs';
import path from 'node:path';
import { generateContext, generatePosts } from './generate.js';

const n = Number(process.argv[2] ?? 1_000_000);
const dir = process.argv[3] ?? path.resolve(import.meta.dirname, 'out/x-archive-1m');
fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
const out = fs.openSync(path.join(dir, 'data/tweets.js'), 'w');
fs.writeSync(out, 'window.YTD.tweets.part0 = [\n');
const ctx = generateContext(2_000, 200);
const CHUNK = 50_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
for (let done = 0; done < n; done += CHUNK) {
  const posts = generatePosts(Math.min(CHUNK, n - done), ctx, 471 + done);
  let s = '';
  posts.forEach((p, i) => {
    const d = new Date(p.postedAt!);
    const created = `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)} +0000 ${d.getUTCFullYear()}`;
    const id = String(1_700_000_000_000_000_000n + BigInt(done + i));
    const t = { tweet: { edit_info: { initial: { editTweetIds: [id], editableUntil: d.toISOString(), editsRemaining: '5', isEditEligible: false } }, retweeted: false, source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>', entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] }, display_text_range: ['0', String(p.text.length)], favorite_count: String(i % 17), id_str: id, truncated: false, retweet_count: String(i % 5), id, created_at: created, favorited: false, full_text: p.text, lang: 'en' } };
    s += (done + i === 0 ? '' : ',\n') + JSON.stringify(t, null, 2);
  });
  fs.writeSync(out, s);
}
fs.writeSync(out, '\n]');
fs.closeSync(out);
console.log(`${n} posts → ${path.join(dir, 'data/tweets.js')} (${(fs.statSync(path.join(dir, 'data/tweets.js')).size / 1e6).toFixed(0)} MB)`);
