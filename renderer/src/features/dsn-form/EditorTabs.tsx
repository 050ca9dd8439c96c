/**
 * The editor's sections as tabs (WAI-ARIA tabs, automatic activation): ←/→/Home/End move between
 * them; a tab whose fields have errors shows how many.
 */
import type { KeyboardEvent } from 'react';
import { SECTION_LABELS, type SectionId } from './editor-sections';

interface EditorTabsProps {
  idPrefix: string;
  sections: readonly SectionId[];
  active: SectionId;
  errors: Partial<Record<SectionId, number>>;
  onSelect: (id: SectionId) => void;
}

export function tabId(prefix: string, id: SectionId): string {
  return `${prefix}-tab-${id}`;
}

export function panelId(prefix: string, id: SectionId): string {
  return `${prefix}-panel-${id}`;
}

export function EditorTabs({ idPrefix, sections, active, errors, onSelect }: EditorTabsProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const at = sections.indexOf(active);
    const moves: Record<string, number | undefined> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: sections.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = sections[(to + sections.length) % sections.length];
    if (next === undefined) return;
    onSelect(next);
    document.getElementById(tabId(idPrefix, next))?.focus();
  };
  return (
    <div className="editor-tabs" role="tablist" aria-label="DSN sections">
      {sections.map((id) => {
        const count = errors[id] ?? 0;
        return (
          <button
            key={id}
            id={tabId(idPrefix, id)}
            type="button"
            role="tab"
            aria-selected={id === active}
            aria-controls={panelId(idPrefix, id)}
            tabIndex={id === active ? 0 : -1}
            onClick={() => onSelect(id)}
            onKeyDown={onKeyDown}
          >
            {SECTION_LABELS[id]}
            {count > 0 && (
              <>
                <span className="tab-errors" aria-hidden="true">
                  {count}
                </span>
                <span className="visually-hidden">
                  , {count} {count === 1 ? 'problem' : 'problems'}
                </span>
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}
