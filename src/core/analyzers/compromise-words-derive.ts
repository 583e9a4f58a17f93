// How the people analyzer's word lists are derived from compromise's lexicon (model().one.lexicon): every word compromise
// knows, and the words it can take for part of a person's name (first name or title, or another part). The lists are
// generated once into compromise-words.ts (scripts/gen-compromise-words.ts), so a check never loads compromise only to read
// them; compromise-words.test.ts proves the generated lists equal what the installed compromise gives.

/** Tags that make a word part of a person's name, and those that make it a first name or a title. */
export const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'Honorific']);
export const FIRST_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'Honorific']);

export interface CompromiseWords {
  /** Every word (or phrase) of the lexicon. */
  known: string[];
  /** Name words that can be a first name or a title. */
  first: string[];
  /** Other name words (last names, ...). */
  other: string[];
}

export function deriveCompromiseWords(lexicon: Record<string, string | string[]>): CompromiseWords {
  const out: CompromiseWords = { known: [], first: [], other: [] };
  for (const [w, tags] of Object.entries(lexicon)) {
    out.known.push(w);
    const list = Array.isArray(tags) ? tags : [tags];
    if (list.some((t) => NAME_TAGS.has(t))) (list.some((t) => FIRST_TAGS.has(t)) ? out.first : out.other).push(w);
  }
  return out;
}
