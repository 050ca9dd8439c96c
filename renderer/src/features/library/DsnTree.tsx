/**
 * The library's compact tree: one line per DSN (environment stripe, last-test dot, name, dim
 * host, unsaved-changes dot) under collapsible group headers. Long lists are windowed with
 * @tanstack/react-virtual. Keys: ↑/↓/Home/End move, ←/→ fold and unfold a group (← on a DSN goes
 * to its group), Enter opens, Delete deletes, F2 renames, Shift+F10 or the context-menu key opens
 * the row's menu (so does a right click); ↑ on the first row goes back to the search field.
 */
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type MouseEvent, type Ref } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import { highlightParts } from './filter';
import type { LastTest } from './test-results';
import type { TreeRow } from './tree-model';

/** Lists longer than this are windowed. */
export const VIRTUALIZE_FROM = 60;
const ROW_PX = 26;
const MAX_FOCUS_FRAMES = 10;

const TONE_WORDS: Record<LastTest['tone'], string> = { success: 'succeeded', warning: 'succeeded with warnings', failure: 'failed' };

export interface DsnTreeHandle {
  focusAt(index: number): void;
}

interface DsnTreeProps {
  rows: readonly TreeRow[];
  selectedId: string | undefined;
  /** The open DSN has unsaved changes. */
  selectedDirty: boolean;
  terms: readonly string[];
  labelledBy: string;
  lastTest: (id: string) => LastTest | undefined;
  onOpen: (dsn: SavedDsn) => void;
  onToggleGroup: (key: string) => void;
  onMenu: (dsn: SavedDsn, at: { x: number; y: number }) => void;
  onDelete: (dsn: SavedDsn) => void;
  onRename: (dsn: SavedDsn) => void;
  onLeaveTop: () => void;
  ref?: Ref<DsnTreeHandle>;
}

function Highlight({ text, terms }: { text: string; terms: readonly string[] }) {
  return highlightParts(text, terms).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text));
}

export function DsnTree(props: DsnTreeProps) {
  const { rows, selectedId, selectedDirty, terms, labelledBy, lastTest, onOpen, onToggleGroup, onMenu, onDelete, onRename, onLeaveTop, ref } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<{ index: number; frames: number } | undefined>(undefined);
  const focusedIndex = useRef<number | undefined>(undefined);
  const [, requestRender] = useState(0);
  const virtual = rows.length > VIRTUALIZE_FROM;

  // The app is not built with React Compiler; the virtualizer re-renders this component itself on scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    enabled: virtual,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
    getItemKey: (index) => {
      const row = rows[index];
      return row === undefined ? index : row.kind === 'group' ? `g:${row.key}` : row.dsn.id;
    },
    // Keep the focused row in the DOM while it is scrolled away, so focus is not lost.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      const focused = focusedIndex.current;
      if (focused !== undefined && focused < range.count && !indexes.includes(focused)) indexes.push(focused);
      return indexes.sort((a, b) => a - b);
    },
  });

  const buttonAt = (index: number): HTMLButtonElement | null => scroller.current?.querySelector<HTMLButtonElement>(`li[data-index="${index}"] > button`) ?? null;

  const focusAt = (index: number) => {
    if (rows.length === 0) return;
    const target = Math.max(0, Math.min(rows.length - 1, index));
    if (virtual) virtualizer.scrollToIndex(target, { align: 'auto' });
    const button = buttonAt(target);
    if (button !== null) {
      button.focus({ preventScroll: virtual });
      return;
    }
    pendingFocus.current = { index: target, frames: 0 };
    requestRender((n) => n + 1);
  };

  useImperativeHandle(ref, () => ({ focusAt }));

  // Focus a row once it is rendered (after a scroll in a windowed list); give up after a few frames.
  useEffect(() => {
    const pending = pendingFocus.current;
    if (pending === undefined) return;
    const button = buttonAt(pending.index);
    if (button !== null || pending.frames >= MAX_FOCUS_FRAMES) {
      pendingFocus.current = undefined;
      button?.focus({ preventScroll: true });
      return;
    }
    pending.frames += 1;
    const frame = requestAnimationFrame(() => requestRender((n) => n + 1));
    return () => cancelAnimationFrame(frame);
  });

  const groupIndexOf = (index: number): number => {
    for (let i = index - 1; i >= 0; i--) if (rows[i]?.kind === 'group') return i;
    return -1;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const row = rows[index];
    if (row === undefined) return;
    const moves: Record<string, number | undefined> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      if (target < 0) onLeaveTop();
      else focusAt(target);
      return;
    }
    if (row.kind === 'group') {
      if ((event.key === 'ArrowLeft' && row.expanded) || (event.key === 'ArrowRight' && !row.expanded)) {
        event.preventDefault();
        onToggleGroup(row.key);
      }
      return;
    }
    const at = (): { x: number; y: number } => {
      const box = event.currentTarget.getBoundingClientRect();
      return { x: box.left + 24, y: box.bottom };
    };
    if (event.key === 'ArrowLeft' && row.grouped) {
      event.preventDefault();
      focusAt(groupIndexOf(index));
    } else if (event.key === 'Delete') {
      event.preventDefault();
      onDelete(row.dsn);
    } else if (event.key === 'F2') {
      event.preventDefault();
      onRename(row.dsn);
    } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      onMenu(row.dsn, at());
    }
  };

  const track = (index: number) => ({
    onFocus: () => {
      focusedIndex.current = index;
    },
    onBlur: () => {
      focusedIndex.current = undefined;
    },
  });

  const render = (row: TreeRow, index: number) => {
    if (row.kind === 'group') {
      return (
        <button type="button" className="tree-group" aria-expanded={row.expanded} onClick={() => onToggleGroup(row.key)} onKeyDown={(e) => onKeyDown(e, index)} {...track(index)}>
          <span className="tree-chevron" aria-hidden="true">
            {row.expanded ? '▾' : '▸'}
          </span>
          <span className="tree-group-label">{row.label}</span>
          <span className="tree-group-count">{row.count}</span>
        </button>
      );
    }
    const { dsn } = row;
    const open = dsn.id === selectedId;
    const last = lastTest(dsn.id);
    return (
      <button
        type="button"
        className={`dsn-item${row.grouped ? ' dsn-item-grouped' : ''}`}
        data-environment={dsn.environment}
        aria-current={open ? 'true' : undefined}
        title={`${dsn.name} — ${dsn.user}@${dsn.server}:${dsn.port}${dsn.tags.length > 0 ? ` · ${dsn.tags.join(', ')}` : ''}`}
        onClick={() => onOpen(dsn)}
        onContextMenu={(e: MouseEvent<HTMLButtonElement>) => {
          e.preventDefault();
          onMenu(dsn, { x: e.clientX, y: e.clientY });
        }}
        onKeyDown={(e) => onKeyDown(e, index)}
        {...track(index)}
      >
        {last !== undefined ? <span className={`test-dot test-dot-${last.tone}`} role="img" aria-label={`last test ${TONE_WORDS[last.tone]}`} /> : <span className="test-dot" aria-hidden="true" />}
        <span className="dsn-item-name">
          <Highlight text={dsn.name} terms={terms} />
        </span>
        <span className="dsn-item-host">{dsn.server}</span>
        {open && selectedDirty && (
          <span className="dirty-dot" role="img" aria-label="unsaved changes">
            ●
          </span>
        )}
      </button>
    );
  };

  return (
    <div ref={scroller} className="dsn-scroll" data-virtual={virtual}>
      <ul className={virtual ? 'dsn-items dsn-items-virtual' : 'dsn-items'} aria-labelledby={labelledBy} data-testid="dsn-list" style={virtual ? { height: virtualizer.getTotalSize() } : undefined}>
        {virtual
          ? virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (row === undefined) return null;
              return (
                <li key={item.key} data-index={item.index} ref={virtualizer.measureElement} aria-setsize={rows.length} aria-posinset={item.index + 1} style={{ transform: `translateY(${item.start}px)` }}>
                  {render(row, item.index)}
                </li>
              );
            })
          : rows.map((row, index) => (
              <li key={row.kind === 'group' ? `g:${row.key}` : row.dsn.id} data-index={index}>
                {render(row, index)}
              </li>
            ))}
      </ul>
    </div>
  );
}
