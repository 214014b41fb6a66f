/**
 * Ukrainian text: searching and sorting never rely on the database's collation or on SQLite's
 * ASCII-only lower()/LIKE (DESIGN.md). Searchable text is stored normalised by
 * `normaliseForSearch`, and a query is normalised the same way before it is matched.
 */

const APOSTROPHES = /['’ʼ`ʻ‘′]/g;

/** Lower case (Ukrainian rules), one apostrophe, single spaces, no tags. */
export function normaliseForSearch(text: string): string {
  return text
    .normalize('NFC')
    .replace(/<[^>]*>/g, ' ')
    .replace(APOSTROPHES, "'")
    .toLocaleLowerCase('uk')
    .replace(/[«»„“”"]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards so that a user's "%" or "_" matches itself (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const ukCollator = new Intl.Collator('uk', { sensitivity: 'base', numeric: true });

/** Ukrainian alphabetical order: є after е, і and ї after и, ґ after г. */
export function compareUkrainian(a: string, b: string): number {
  return ukCollator.compare(a, b);
}

export function sortUkrainian<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareUkrainian(key(a), key(b)));
}
