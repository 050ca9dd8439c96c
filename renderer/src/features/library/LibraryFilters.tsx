/**
 * Above the list: the search field ("Search DSNs"; ↓ goes to the first result, Escape clears),
 * the sort menu, the tag chips (toggle buttons; all chosen tags must match) and the result count.
 */
import { useId, type KeyboardEvent, type Ref } from 'react';
import { DSN_SORTS, type DsnSort, SORT_LABELS } from './filter';
import type { LibraryView } from './use-library-view';

interface LibraryFiltersProps {
  view: LibraryView;
  /** How many DSNs are saved. */
  total: number;
  searchRef: Ref<HTMLInputElement>;
  /** ↓ in the search field. */
  onSearchDown: () => void;
}

function isSort(value: string): value is DsnSort {
  return (DSN_SORTS as readonly string[]).includes(value);
}

const count = (n: number): string => n.toLocaleString('en-US');

export function LibraryFilters({ view, total, searchRef, onSearchDown }: LibraryFiltersProps) {
  const id = useId();

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      onSearchDown();
    } else if (event.key === 'Escape' && view.query !== '') {
      event.preventDefault();
      view.setQuery('');
    }
  };

  return (
    <div className="library-filters">
      <input
        ref={searchRef}
        id={`${id}-search`}
        className="library-search"
        type="search"
        aria-label="Search DSNs"
        placeholder="Search name, server, user, tag…"
        autoComplete="off"
        spellCheck={false}
        value={view.query}
        onChange={(event) => view.setQuery(event.target.value)}
        onKeyDown={onSearchKeyDown}
      />
      <div className="library-sort">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select
          id={`${id}-sort`}
          value={view.sort}
          onChange={(event) => {
            if (isSort(event.target.value)) view.setSort(event.target.value);
          }}
        >
          {DSN_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      {view.tags.length > 0 && (
        <div className="tag-filter" role="group" aria-label="Filter by tag">
          {view.tags.map((t) => (
            <button
              key={t.key}
              type="button"
              className="tag-chip"
              aria-pressed={view.tagFilter.includes(t.key)}
              aria-label={`Tag ${t.tag} (${t.count})`}
              onClick={() => view.toggleTag(t.key)}
            >
              {t.tag} <span className="tag-count">{t.count}</span>
            </button>
          ))}
        </div>
      )}
      <p className="list-count muted" aria-live="polite" data-testid="list-count">
        {view.filtered ? `${count(view.visible.length)} of ${count(total)} DSNs` : `${count(total)} DSN${total === 1 ? '' : 's'}`}
      </p>
    </div>
  );
}
