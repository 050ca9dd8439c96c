/**
 * The left pane, the DSN library: New DSN; Duplicate, Rename and Delete for the open DSN; Import
 * and Export; search as you type, sort and tag filters over a (windowed) list of buttons. Delete
 * asks first, then offers Undo in a toast for 10 s.
 */
import { useId, useRef, useState } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import { AppErrorView } from '../../components/AppErrorView';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Spinner } from '../../components/Spinner';
import { DsnItems, type DsnItemsHandle } from './DsnItems';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { LibraryFilters } from './LibraryFilters';
import { RenameDialog } from './RenameDialog';
import { Toast } from './Toast';
import { useLibraryActions } from './use-library-actions';
import { useLibraryView } from './use-library-view';
import type { DsnDraft } from '../import/draft';
import { ImportStringButton } from '../import/ImportStringButton';
import type { DsnListState } from './use-dsn-list';

interface DsnListProps {
  state: DsnListState;
  selectedId: string | undefined;
  onNew: () => void;
  onSelect: (id: string) => void;
  onDeleted: (id: string) => void;
  onRetry: () => void;
  /** A DSN was added or changed here (duplicate, rename, undo): show and open it. */
  onChanged: (dsn: SavedDsn) => void;
  /** An import wrote DSNs: reload the list. */
  onImported: () => void;
  /** "Import connection string…" → Create DSN: open a new, unsaved DSN filled with the string's fields. */
  onImportString?: ((draft: DsnDraft) => void) | undefined;
}

const NO_DSNS: SavedDsn[] = [];

export function DsnList({ state, selectedId, onNew, onSelect, onDeleted, onRetry, onChanged, onImported, onImportString }: DsnListProps) {
  const headingId = useId();
  const search = useRef<HTMLInputElement>(null);
  const items = useRef<DsnItemsHandle>(null);
  const [dialog, setDialog] = useState<'import' | 'export'>();
  const dsns = state.status === 'ready' ? state.dsns : NO_DSNS;
  const selected = dsns.find((d) => d.id === selectedId);
  const view = useLibraryView(dsns);
  const actions = useLibraryActions({ onChanged, onDeleted });
  const { confirming } = actions;

  return (
    <nav className="dsn-list" aria-labelledby={headingId}>
      <div className="list-header">
        <h2 id={headingId}>Saved DSNs</h2>
        <div className="toolbar">
          <button type="button" className="primary" onClick={onNew}>
            New DSN
          </button>
          {onImportString !== undefined && <ImportStringButton onImport={onImportString} />}
          <button type="button" onClick={() => selected !== undefined && void actions.duplicate(selected)} disabled={selected === undefined}>
            Duplicate
          </button>
          <button type="button" onClick={() => actions.startRename(selected)} disabled={selected === undefined}>
            Rename
          </button>
          <button type="button" className="danger-outline" onClick={() => actions.askDelete(selected)} disabled={selected === undefined}>
            Delete
          </button>
        </div>
        <div className="toolbar toolbar-secondary">
          <button type="button" onClick={() => setDialog('import')} disabled={state.status !== 'ready'}>
            Import…
          </button>
          <button type="button" onClick={() => setDialog('export')} disabled={dsns.length === 0}>
            Export…
          </button>
        </div>
      </div>
      {actions.failure !== undefined && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={actions.failure.error} title={actions.failure.title} />
        </div>
      )}
      {state.status === 'ready' && dsns.length > 0 && <LibraryFilters view={view} total={dsns.length} searchRef={search} onSearchDown={() => items.current?.focusAt(0)} />}
      {state.status === 'loading' && (
        <p className="inline-status" role="status">
          <Spinner /> Loading…
        </p>
      )}
      {state.status === 'error' && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={state.error} title="Could not load the saved DSNs" />
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
      {state.status === 'ready' && dsns.length === 0 && <p className="muted empty">No saved DSNs yet. Fill in the form and Save, or Import a library.</p>}
      {dsns.length > 0 && view.visible.length === 0 && (
        <div className="empty" data-testid="no-match">
          <p className="muted">No DSN matches{view.terms.length > 0 ? ` “${view.query.trim()}”` : ''}{view.tagFilter.length > 0 ? ' with the chosen tags' : ''}.</p>
          <button type="button" className="link-button" onClick={view.clearFilters}>
            Clear search and tags
          </button>
        </div>
      )}
      <DsnItems
        ref={items}
        dsns={view.visible}
        selectedId={selectedId}
        terms={view.terms}
        labelledBy={headingId}
        onSelect={onSelect}
        onDelete={actions.askDelete}
        onRename={actions.startRename}
        onLeaveTop={() => search.current?.focus()}
      />
      <Toast toast={actions.toast} onDismiss={actions.dismissToast} />
      {confirming !== undefined && (
        <ConfirmDialog title="Delete DSN?" confirmLabel="Delete" busy={actions.deleting} onConfirm={() => void actions.confirmDelete()} onCancel={actions.cancelDelete}>
          <p>
            Delete “{confirming.name}”? {confirming.hasPassword ? 'Its stored password is removed too. ' : ''}You can undo this for a few seconds.
          </p>
        </ConfirmDialog>
      )}
      {actions.renaming !== undefined && <RenameDialog dsn={actions.renaming} onRenamed={actions.renamed} onClose={actions.cancelRename} />}
      {dialog === 'export' && <ExportDialog total={dsns.length} shownIds={view.filtered ? view.visible.map((d) => d.id) : undefined} onClose={() => setDialog(undefined)} />}
      {dialog === 'import' && <ImportDialog onImported={onImported} onClose={() => setDialog(undefined)} />}
    </nav>
  );
}
