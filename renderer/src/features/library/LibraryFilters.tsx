/**
 * Above the tree: the search field ("Search DSNs"; ↓ goes to the first row, Escape clears), sort
 * and grouping, the tag filter (folded behind "Tags" until asked for, so the list keeps its rows)
 * and the result count.
 */
import { useId, useState, type KeyboardEvent, type Ref } from 'react';
import { ariaShortcut, shortcutLabel } from '../shell/commands';
import { DSN_SORTS, type DsnSort, SORT_LABELS } from './filter';
import { GROUP_BY_LABELS, GROUP_BYS, type GroupBy } from './tree-model';
import type { LibraryView } from './use-library-view';

interface LibraryFiltersProps {
  view: LibraryView;
  /** How many DSNs are saved. */
  total: number;
  groupBy: GroupBy;
  onGroupBy: (by: GroupBy) => void;
  searchRef: Ref<HTMLInputElement>;
  /** ↓ in the search field. */
  onSearchDown: () => void;
}

function isSort(value: string): value is DsnSort {
  return (DSN_SORTS as readonly string[]).includes(value);
}

function isGroupBy(value: string): value is GroupBy {
  return (GROUP_BYS as readonly string[]).includes(value);
}

const count = (n: number): string => n.toLocaleString('en-US');

export function LibraryFilters({ view, total, groupBy, onGroupBy, searchRef, onSearchDown }: LibraryFiltersProps) {
  const id = useId();
  const [tagsOpen, setTagsOpen] = useState(false);
  const showTags = view.tags.length > 0 && (tagsOpen || view.tagFilter.length > 0);

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
        className="library-search"
        type="search"
        aria-label="Search DSNs"
        aria-keyshortcuts={ariaShortcut('search')}
        placeholder={`Search (${shortcutLabel('search')})`}
        autoComplete="off"
        spellCheck={false}
        value={view.query}
        onChange={(event) => view.setQuery(event.target.value)}
        onKeyDown={onSearchKeyDown}
      />
      <div className="library-view-options">
        <label htmlFor={`${id}-group`}>Group</label>
        <select id={`${id}-group`} value={groupBy} onChange={(event) => isGroupBy(event.target.value) && onGroupBy(event.target.value)}>
          {GROUP_BYS.map((by) => (
            <option key={by} value={by}>
              {GROUP_BY_LABELS[by]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select id={`${id}-sort`} value={view.sort} onChange={(event) => isSort(event.target.value) && view.setSort(event.target.value)}>
          {DSN_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
        {view.tags.length > 0 && (
          <button type="button" className="link-button" aria-expanded={showTags} aria-controls={`${id}-tags`} onClick={() => setTagsOpen(!showTags)}>
            Tags{view.tagFilter.length > 0 ? ` (${view.tagFilter.length})` : ''}
          </button>
        )}
      </div>
      {showTags && (
        <div id={`${id}-tags`} className="tag-filter" role="group" aria-label="Filter by tag">
          {view.tags.map((t) => (
            <button key={t.key} type="button" className="tag-chip" aria-pressed={view.tagFilter.includes(t.key)} onClick={() => view.toggleTag(t.key)}>
              {t.tag} <span className="tag-count">({t.count})</span>
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
