// A plain CSV of posts: a text column (text, message, content, post, body) and optional date and link columns.
import { parse as parseCsv } from 'csv-parse';
import type { Archive } from '../archive.js';
import { toIso, type PostSource, type SourceItem } from '../source.js';

const TEXT = ['text', 'message', 'content', 'post', 'body', 'caption', 'full_text'];
const DATE = ['date', 'posted_at', 'postedat', 'created_at', 'timestamp', 'time', 'published'];
const LINK = ['link', 'url', 'permalink'];

export function csvSource(a: Archive, file: string, network = 'blog'): PostSource {
  return {
    format: 'csv',
    description: a.root,
    async *items() {
      let line = 1;
      const parser = (await a.open(file)).pipe(parseCsv({ columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
      try {
        for await (const row of parser as AsyncIterable<Record<string, string>>) {
          line = (parser.info?.lines as number | undefined) ?? line + 1;
          const key = TEXT.find((k) => k in row);
          if (key === undefined) {
            yield { error: true, where: `${file}: line 1`, message: `no text column (one of ${TEXT.join(', ')})` };
            return;
          }
          const post: SourceItem = { id: `${file}:${line}`, text: row[key] ?? '', network: row.network?.toLowerCase() || network };
          const d = DATE.find((k) => k in row);
          const at = d ? toIso(row[d]) : undefined;
          if (at !== undefined) post.postedAt = at;
          const l = LINK.find((k) => k in row && row[k]);
          if (l) post.link = row[l]!;
          yield post;
        }
      } catch (err) {
        yield { error: true, where: `${file}: line ${line}`, message: (err as Error).message };
      }
    },
  };
}
