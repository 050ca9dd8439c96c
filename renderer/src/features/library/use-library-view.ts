/**
 * What the list shows: the saved DSNs sorted, searched and filtered by tag. The index is rebuilt
 * only when the DSNs or the sort change; typing only re-filters it (deferred, so the field never lags).
 */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import { buildSearchIndex, type DsnSort, filterDsns, queryTerms, sortDsns, tagCounts, type TagCount } from './filter';

export interface LibraryView {
  query: string;
  setQuery: (query: string) => void;
  sort: DsnSort;
  setSort: (sort: DsnSort) => void;
  /** Tag keys the list is filtered by (all must match). */
  tagFilter: string[];
  toggleTag: (key: string) => void;
  clearFilters: () => void;
  /** Every tag in use, with counts. */
  tags: TagCount[];
  /** The DSNs to show, in order. */
  visible: SavedDsn[];
  /** The query's words, for highlighting. */
  terms: string[];
  /** A search or tag filter is active. */
  filtered: boolean;
}

export function useLibraryView(dsns: readonly SavedDsn[]): LibraryView {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<DsnSort>('name');
  const [chosenTags, setChosenTags] = useState<string[]>([]);
  const deferredQuery = useDeferredValue(query);

  const tags = useMemo(() => tagCounts(dsns), [dsns]);
  // A chosen tag no DSN carries any more (deleted, untagged) stops filtering.
  const tagFilter = useMemo(() => chosenTags.filter((key) => tags.some((t) => t.key === key)), [chosenTags, tags]);
  const index = useMemo(() => buildSearchIndex(sortDsns(dsns, sort)), [dsns, sort]);
  const visible = useMemo(() => filterDsns(index, deferredQuery, tagFilter), [index, deferredQuery, tagFilter]);
  const terms = useMemo(() => queryTerms(deferredQuery), [deferredQuery]);

  const toggleTag = useCallback((key: string) => {
    setChosenTags((current) => (current.includes(key) ? current.filter((k) => k !== key) : [...current, key]));
  }, []);
  const clearFilters = useCallback(() => {
    setQuery('');
    setChosenTags([]);
  }, []);

  return { query, setQuery, sort, setSort, tagFilter, toggleTag, clearFilters, tags, visible, terms, filtered: terms.length > 0 || tagFilter.length > 0 };
}
