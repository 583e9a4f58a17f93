// X/Twitter archives: data/tweets.js (2019 "tweet.js" shape too), legacy Grailbird data/js/tweets/*.js, and tweets.csv.
import { parse as parseCsv } from 'csv-parse';
import type { Archive } from '../archive.js';
import { jsonArrayElements, jsonArrayRaw } from '../json-array-stream.js';
import { toIso, type PostSource, type SourceItem, type SourcePost } from '../source.js';

const TWEETS_JS = /(?:^|\/)(?:data\/)?tweets?(?:-part\d+)?\.js$/;
const GRAILBIRD = /(?:^|\/)data\/js\/tweets\/\d{4}_\d{2}\.js$/;
const CSV = /(?:^|\/)tweets\.csv$/;

export function detectXArchive(a: Archive): string[] {
  const files = a.files();
  const js = files.filter((f) => TWEETS_JS.test(f) && !/deleted|manifest|tweetdeck|tweet-headers|note-tweet/i.test(f));
  if (js.length > 0) return js.sort();
  const gb = files.filter((f) => GRAILBIRD.test(f)).sort();
  if (gb.length > 0) return gb;
  return files.filter((f) => CSV.test(f));
}

interface Tweet {
  id_str?: string;
  id?: string | number;
  full_text?: string;
  text?: string;
  created_at?: string;
  entities?: { media?: Array<{ media_url_https?: string; media_url?: string }>; urls?: Array<{ url?: string; expanded_url?: string }> };
  extended_entities?: { media?: Array<{ media_url_https?: string; media_url?: string }> };
  user?: { screen_name?: string };
}

/** One element of tweets.js (or a Grailbird file) → a post: the decoder audit workers run on raw elements. */
export function decodeTweet(raw: unknown): SourcePost | undefined {
  return fromTweet(raw, undefined);
}

function fromTweet(raw: unknown, handle: string | undefined): SourcePost | undefined {
  const t = ((raw as { tweet?: Tweet }).tweet ?? raw) as Tweet;
  if (typeof t !== 'object' || t === null) return undefined;
  const id = String(t.id_str ?? t.id ?? '');
  let text = t.full_text ?? t.text ?? '';
  // t.co links are opaque: show the expanded address the author saw.
  for (const u of t.entities?.urls ?? []) if (u.url && u.expanded_url) text = text.split(u.url).join(u.expanded_url);
  text = text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const media = (t.extended_entities?.media ?? t.entities?.media ?? []).map((m) => ({ url: m.media_url_https ?? m.media_url ?? '' })).filter((m) => m.url !== '');
  const user = t.user?.screen_name ?? handle;
  const post: SourcePost = { id, text, network: 'x' };
  const at = toIso(t.created_at);
  if (at !== undefined) post.postedAt = at;
  if (id !== '') post.link = user ? `https://x.com/${user}/status/${id}` : `https://x.com/i/web/status/${id}`;
  if (media.length > 0) post.media = media;
  return post;
}

export function xArchiveSource(a: Archive, files: string[]): PostSource {
  const source: PostSource = {
    format: files.some((f) => CSV.test(f)) ? 'x-archive-csv' : files.some((f) => GRAILBIRD.test(f)) ? 'x-archive-grailbird' : 'x-archive',
    description: `${a.root} (${files.join(', ')})`,
    async *items() {
      for (const f of files) {
        if (CSV.test(f)) {
          const parser = (await a.open(f)).pipe(parseCsv({ columns: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
          let line = 1;
          try {
            for await (const row of parser as AsyncIterable<Record<string, string>>) {
              line++;
              const post: SourceItem = { id: row.tweet_id ?? String(line), text: row.text ?? '', network: 'x' };
              const at = toIso(row.timestamp);
              if (at !== undefined) post.postedAt = at;
              if (row.tweet_id) post.link = `https://x.com/i/web/status/${row.tweet_id}`;
              yield post;
            }
          } catch (err) {
            yield { error: true, where: `${f}: line ${line}`, message: (err as Error).message };
          }
          continue;
        }
        for await (const ev of jsonArrayElements(await a.open(f))) {
          if ('error' in ev) {
            yield { error: true, where: `${f}: byte ${ev.offset}`, message: ev.error };
            continue;
          }
          const p = decodeTweet(ev.value);
          if (p !== undefined) yield p;
        }
      }
    },
  };
  // JSON files only (a legacy CSV has its own parser): the elements go to audit workers unparsed.
  if (!files.some((f) => CSV.test(f))) {
    source.rawRuns = async function* (maxElements) {
      for (const f of files) {
        for await (const ev of jsonArrayRaw(await a.open(f), maxElements)) {
          if ('error' in ev) yield { error: true, where: `${f}: byte ${ev.offset}`, message: ev.error };
          else yield { ...ev, decoder: 'x-tweet', file: f };
        }
      }
    };
  }
  return source;
}
