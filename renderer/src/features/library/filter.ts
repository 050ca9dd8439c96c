/**
 * Search, tag filter and sort of the saved DSNs: pure functions, memoised by the list. The search
 * index is built once per list (and sort); each keystroke then only scans prepared lower-case text.
 */
import { tagKey, type SavedDsn } from '../../../../shared/dsn';

/** The list's sort orders. */
export const DSN_SORTS = ['name', 'server', 'updated'] as const;
export type DsnSort = (typeof DSN_SORTS)[number];

/** Labels of {@link DSN_SORTS}, as the sort menu shows them. */
export const SORT_LABELS: Record<DsnSort, string> = { name: 'Name', server: 'Server', updated: 'Recently updated' };

/** One DSN prepared for searching. */
export interface SearchEntry {
  dsn: SavedDsn;
  /** Name, server, user, database, region and tags, lower case, one per line. */
  text: string;
  /** Its tags as compared ({@link tagKey}). */
  tagKeys: ReadonlySet<string>;
}

/** A tag and how many DSNs carry it. */
export interface TagCount {
  /** The tag as first seen (tags compare ignoring case). */
  tag: string;
  key: string;
  count: number;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function byName(a: SavedDsn, b: SavedDsn): number {
  return collator.compare(a.name, b.name);
}

const COMPARE: Record<DsnSort, (a: SavedDsn, b: SavedDsn) => number> = {
  name: byName,
  server: (a, b) => collator.compare(a.server, b.server) || a.port - b.port || byName(a, b),
  // ISO times compare as text; newest first.
  updated: (a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : byName(a, b)),
};

/** A sorted copy of `dsns`. */
export function sortDsns(dsns: readonly SavedDsn[], sort: DsnSort): SavedDsn[] {
  return [...dsns].sort(COMPARE[sort]);
}

/** Prepares `dsns` (in their order) for {@link filterDsns}. */
export function buildSearchIndex(dsns: readonly SavedDsn[]): SearchEntry[] {
  return dsns.map((dsn) => {
    const tags = dsn.tags ?? [];
    const text = [dsn.name, dsn.server, dsn.user, dsn.database, dsn.region, ...tags].join('\n').toLocaleLowerCase();
    return { dsn, text, tagKeys: new Set(tags.map(tagKey)) };
  });
}

/** The words of a query, lower case, each once. */
export function queryTerms(query: string): string[] {
  return [...new Set(query.toLocaleLowerCase().split(/\s+/).filter((t) => t !== ''))];
}

/**
 * The DSNs whose text holds every word of `query` (each in any field, ignoring case) and that carry
 * every tag of `tagKeys`, in index order. An empty query and no tags give every DSN.
 */
export function filterDsns(index: readonly SearchEntry[], query: string, tagKeys: readonly string[] = []): SavedDsn[] {
  const terms = queryTerms(query);
  if (terms.length === 0 && tagKeys.length === 0) return index.map((e) => e.dsn);
  const out: SavedDsn[] = [];
  for (const entry of index) {
    if (tagKeys.every((t) => entry.tagKeys.has(t)) && terms.every((t) => entry.text.includes(t))) out.push(entry.dsn);
  }
  return out;
}

/** Every tag in use with its count, sorted by tag. */
export function tagCounts(dsns: readonly SavedDsn[]): TagCount[] {
  const counts = new Map<string, TagCount>();
  for (const dsn of dsns) {
    for (const tag of dsn.tags ?? []) {
      const key = tagKey(tag);
      const found = counts.get(key);
      if (found === undefined) counts.set(key, { tag, key, count: 1 });
      else found.count += 1;
    }
  }
  return [...counts.values()].sort((a, b) => collator.compare(a.tag, b.tag));
}

/** `text` cut into parts, `match` true where a query word occurs (for highlighting). */
export function highlightParts(text: string, terms: readonly string[]): Array<{ text: string; match: boolean }> {
  if (terms.length === 0) return [{ text, match: false }];
  const lower = text.toLocaleLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) marks.fill(true, at, at + term.length);
  }
  const parts: Array<{ text: string; match: boolean }> = [];
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && marks[j] === marks[i]) j += 1;
    parts.push({ text: text.slice(i, j), match: marks[i] === true });
    i = j;
  }
  return parts;
}
