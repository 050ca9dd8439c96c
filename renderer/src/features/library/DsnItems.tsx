/**
 * The saved DSNs as a list of buttons (the open one has aria-current). Long lists are windowed
 * with @tanstack/react-virtual: only the rows in view (plus a few) are in the DOM, each with its
 * position in the set (aria-posinset / aria-setsize). Keys: ↑/↓/Home/End move (scrolling as
 * needed), ↑ on the first row goes back to the search field, Delete asks to delete, F2 renames.
 */
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import { highlightParts } from './filter';

/** Lists longer than this are windowed. */
export const VIRTUALIZE_FROM = 60;
/** A row's height before it is measured (name, meta line, maybe tags). */
const ESTIMATED_ROW_PX = 54;
/** Frames to wait for a row scrolled to before giving up on focusing it. */
const MAX_FOCUS_FRAMES = 10;

/** What the list lets its parent do. */
export interface DsnItemsHandle {
  /** Scrolls to and focuses the row at `index` (clamped). */
  focusAt(index: number): void;
}

interface DsnItemsProps {
  dsns: readonly SavedDsn[];
  selectedId: string | undefined;
  /** Query words to highlight in names. */
  terms: readonly string[];
  labelledBy: string;
  onSelect: (id: string) => void;
  onDelete: (dsn: SavedDsn) => void;
  onRename: (dsn: SavedDsn) => void;
  /** ↑ on the first row. */
  onLeaveTop: () => void;
  ref?: Ref<DsnItemsHandle>;
}

function Highlight({ text, terms }: { text: string; terms: readonly string[] }) {
  return highlightParts(text, terms).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text));
}

export function DsnItems({ dsns, selectedId, terms, labelledBy, onSelect, onDelete, onRename, onLeaveTop, ref }: DsnItemsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<{ index: number; frames: number } | undefined>(undefined);
  /** The row with the focus, kept rendered while scrolled away (read when the range is computed on scroll). */
  const focusedIndex = useRef<number | undefined>(undefined);
  const [, requestRender] = useState(0);
  const virtual = dsns.length > VIRTUALIZE_FROM;

  // The app is not built with React Compiler; the virtualizer re-renders this component itself on scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: dsns.length,
    enabled: virtual,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 8,
    getItemKey: (index) => dsns[index]?.id ?? index,
    // Keep the focused row in the DOM while it is scrolled away, so focus is not lost.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      const focused = focusedIndex.current;
      if (focused !== undefined && focused < range.count && !indexes.includes(focused)) indexes.push(focused);
      return indexes.sort((a, b) => a - b);
    },
  });

  const buttonAt = (index: number): HTMLButtonElement | null =>
    scroller.current?.querySelector<HTMLButtonElement>(`li[data-index="${index}"] > button`) ?? null;

  const focusAt = (index: number) => {
    if (dsns.length === 0) return;
    const target = Math.max(0, Math.min(dsns.length - 1, index));
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

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number, dsn: SavedDsn) => {
    const moves: Record<string, number | undefined> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: dsns.length - 1 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      if (target < 0) onLeaveTop();
      else focusAt(target);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      onDelete(dsn);
    } else if (event.key === 'F2') {
      event.preventDefault();
      onRename(dsn);
    }
  };

  const row = (dsn: SavedDsn, index: number) => (
    <button
      type="button"
      className="dsn-item"
      aria-current={dsn.id === selectedId ? 'true' : undefined}
      onClick={() => onSelect(dsn.id)}
      onKeyDown={(event) => onKeyDown(event, index, dsn)}
      onFocus={() => {
        focusedIndex.current = index;
      }}
      onBlur={() => {
        focusedIndex.current = undefined;
      }}
    >
      <span className="dsn-item-name">
        <Highlight text={dsn.name} terms={terms} />
      </span>
      <span className="dsn-item-meta">
        <span className={`badge badge-${dsn.authType}`}>{dsn.authType === 'iam' ? 'IAM' : 'DB'}</span> {dsn.user}@{dsn.server}:{dsn.port}
      </span>
      {dsn.tags.length > 0 && (
        <span className="dsn-item-tags">
          {dsn.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </span>
      )}
    </button>
  );

  return (
    <div ref={scroller} className="dsn-scroll" data-virtual={virtual}>
      <ul
        className={virtual ? 'dsn-items dsn-items-virtual' : 'dsn-items'}
        aria-labelledby={labelledBy}
        data-testid="dsn-list"
        style={virtual ? { height: virtualizer.getTotalSize() } : undefined}
      >
        {virtual
          ? virtualizer.getVirtualItems().map((item) => {
              const dsn = dsns[item.index];
              if (dsn === undefined) return null;
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  aria-setsize={dsns.length}
                  aria-posinset={item.index + 1}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {row(dsn, item.index)}
                </li>
              );
            })
          : dsns.map((dsn, index) => (
              <li key={dsn.id} data-index={index}>
                {row(dsn, index)}
              </li>
            ))}
      </ul>
    </div>
  );
}
