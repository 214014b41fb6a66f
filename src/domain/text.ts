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

// The official Ukrainian–Latin transliteration (Cabinet of Ministers resolution No. 55 of
// 27.01.2010), as used for ids made from names: "Лубенська громада" → "lubenska-hromada".
const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia', "'": '',
};
// At the start of a word є, ї, й, ю, я are written ye, yi, y, yu, ya.
const LATIN_INITIAL: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };

/** A lower-case ASCII slug of a Ukrainian (or Latin) name, at most `max` characters, cut at a word. */
export function slugify(name: string, max = 60): string {
  const text = normaliseForSearch(name).replace(/зг/g, 'zgh');
  let out = '';
  let wordStart = true;
  for (const ch of text) {
    const latin = wordStart && LATIN_INITIAL[ch] ? LATIN_INITIAL[ch] : LATIN[ch];
    out += latin ?? (/[a-z0-9]/.test(ch) ? ch : '-');
    wordStart = !/[\p{L}\d']/u.test(ch);
  }
  const slug = out.replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  return (cut.lastIndexOf('-') > max / 2 ? cut.slice(0, cut.lastIndexOf('-')) : cut).replace(/-$/, '');
}
