/**
 * The left pane, the DSN library: New, Import (a connection string, or a file of another tool)
 * and Export; search, grouping and sort over a compact tree whose rows have a context menu (Open,
 * Test, Duplicate, Rename, Copy psql command, Favorite, Delete). Delete asks first, then offers
 * Undo for 10 s. What changes the open DSN goes through the window (it guards unsaved edits).
 */
import { lazy, Suspense, useId, useMemo, useRef, useState, type RefObject } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import { AppErrorView } from '../../components/AppErrorView';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Menu, type MenuItem } from '../../components/Menu';
import { Spinner } from '../../components/Spinner';
import { usePersistentState } from '../../components/use-persistent-state';
import type { DsnDraft } from '../import/draft';
import { ariaShortcut, shortcutLabel, withShortcut } from '../shell/commands';
import { DsnTree, type DsnTreeHandle } from './DsnTree';
import { LibraryFilters } from './LibraryFilters';
import { RenameDialog } from './RenameDialog';
import { useTestResults } from './test-results';
import { Toast } from './Toast';
import { GROUP_BYS, treeRows, type GroupBy } from './tree-model';
import type { DsnListState } from './use-dsn-list';
import type { useLibraryActions } from './use-library-actions';
import { useLibraryView } from './use-library-view';

const ExportDialog = lazy(() => import('./ExportDialog').then((m) => ({ default: m.ExportDialog })));
const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));
const ImportStringDialog = lazy(() => import('../import/ImportStringDialog').then((m) => ({ default: m.ImportStringDialog })));

/** What a row's menu and keys ask the window to do with a DSN. */
export interface RowCommands {
  open: (dsn: SavedDsn) => void;
  test: (dsn: SavedDsn) => void;
  duplicate: (dsn: SavedDsn) => void;
  copyPsql: (dsn: SavedDsn) => void;
  toggleFavorite: (dsn: SavedDsn) => void;
}

interface SidebarProps {
  state: DsnListState;
  selectedId: string | undefined;
  selectedDirty: boolean;
  actions: ReturnType<typeof useLibraryActions>;
  commands: RowCommands;
  onNew: () => void;
  onRetry: () => void;
  /** An import wrote DSNs: reload the list. */
  onImported: () => void;
  /** "Import connection string…" → Create DSN: a new, unsaved DSN filled with the string's fields. */
  onImportString: (draft: DsnDraft) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

const NO_DSNS: SavedDsn[] = [];

const isGroupBy = (value: unknown): value is GroupBy => typeof value === 'string' && (GROUP_BYS as readonly string[]).includes(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

export function Sidebar({ state, selectedId, selectedDirty, actions, commands, onNew, onRetry, onImported, onImportString, searchRef }: SidebarProps) {
  const headingId = useId();
  const tree = useRef<DsnTreeHandle>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const [dialog, setDialog] = useState<'import-file' | 'import-string' | 'export'>();
  const [menu, setMenu] = useState<{ label: string; items: MenuItem[]; at: { x: number; y: number } }>();
  const [groupBy, setGroupBy] = usePersistentState<GroupBy>('iam-dsn:group-by', 'none', isGroupBy);
  const [collapsed, setCollapsed] = usePersistentState<string[]>('iam-dsn:collapsed-groups', [], isStringList);
  const results = useTestResults();
  const dsns = state.status === 'ready' ? state.dsns : NO_DSNS;
  const view = useLibraryView(dsns);
  const rows = useMemo(() => treeRows(view.visible, groupBy, new Set(collapsed), (id) => results.get(id)?.callerArn), [view.visible, groupBy, collapsed, results]);
  const { confirming } = actions;

  const toggleGroup = (key: string) => setCollapsed(collapsed.includes(key) ? collapsed.filter((k) => k !== key) : [...collapsed, key]);

  const rowMenu = (dsn: SavedDsn, at: { x: number; y: number }) =>
    setMenu({
      label: `DSN ${dsn.name}`,
      at,
      items: [
        { label: 'Open', run: () => commands.open(dsn) },
        { label: 'Test connection', run: () => commands.test(dsn), shortcut: dsn.id === selectedId ? shortcutLabel('test') : undefined },
        { label: 'Duplicate', run: () => commands.duplicate(dsn), shortcut: shortcutLabel('duplicate'), ariaShortcut: ariaShortcut('duplicate') },
        { label: 'Rename…', run: () => actions.startRename(dsn), shortcut: 'F2', ariaShortcut: 'F2' },
        { label: 'Copy psql command', run: () => commands.copyPsql(dsn), shortcut: shortcutLabel('copy-psql'), ariaShortcut: ariaShortcut('copy-psql') },
        { label: dsn.favorite ? 'Remove from favorites' : 'Add to favorites', run: () => commands.toggleFavorite(dsn) },
        { label: 'Delete…', run: () => actions.askDelete(dsn), shortcut: 'Del', ariaShortcut: 'Delete', danger: true },
      ],
    });

  const importMenu = () => {
    const box = importButton.current?.getBoundingClientRect();
    setMenu({
      label: 'Import',
      at: { x: box?.left ?? 0, y: box?.bottom ?? 0 },
      items: [
        { label: 'Import connection string…', run: () => setDialog('import-string') },
        { label: 'Import from a file (pgAdmin, DBeaver, pg_service.conf, .pgpass, a library)…', run: () => setDialog('import-file') },
      ],
    });
  };

  return (
    <nav className="sidebar" aria-labelledby={headingId}>
      <div className="sidebar-header">
        <h2 id={headingId}>DSNs</h2>
        <div className="toolbar">
          <button type="button" className="primary" onClick={onNew} title={withShortcut('new')} aria-keyshortcuts={ariaShortcut('new')}>
            New DSN
          </button>
          <button type="button" ref={importButton} aria-haspopup="menu" onClick={importMenu} disabled={state.status !== 'ready'}>
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
      {state.status === 'ready' && dsns.length > 0 && (
        <LibraryFilters view={view} total={dsns.length} groupBy={groupBy} onGroupBy={setGroupBy} searchRef={searchRef} onSearchDown={() => tree.current?.focusAt(0)} />
      )}
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
      {state.status === 'ready' && dsns.length === 0 && (
        <div className="empty" data-testid="library-empty">
          <p>No saved DSNs yet.</p>
          <p className="muted">Fill in the form and Save, or import what pgAdmin, DBeaver, pg_service.conf or a connection string already has.</p>
        </div>
      )}
      {dsns.length > 0 && view.visible.length === 0 && (
        <div className="empty" data-testid="no-match">
          <p className="muted">
            No DSN matches{view.terms.length > 0 ? ` “${view.query.trim()}”` : ''}
            {view.tagFilter.length > 0 ? ' with the chosen tags' : ''}.
          </p>
          <button type="button" className="link-button" onClick={view.clearFilters}>
            Clear search and tags
          </button>
        </div>
      )}
      <DsnTree
        ref={tree}
        rows={rows}
        selectedId={selectedId}
        selectedDirty={selectedDirty}
        terms={view.terms}
        labelledBy={headingId}
        lastTest={results.get}
        onOpen={commands.open}
        onToggleGroup={toggleGroup}
        onMenu={rowMenu}
        onDelete={actions.askDelete}
        onRename={actions.startRename}
        onLeaveTop={() => searchRef.current?.focus()}
      />
      <Toast toast={actions.toast} onDismiss={actions.dismissToast} />
      {menu !== undefined && <Menu label={menu.label} items={menu.items} at={menu.at} onClose={() => setMenu(undefined)} />}
      {confirming !== undefined && (
        <ConfirmDialog title="Delete DSN?" confirmLabel="Delete" busy={actions.deleting} onConfirm={() => void actions.confirmDelete()} onCancel={actions.cancelDelete}>
          <p>
            Delete “{confirming.name}”? {confirming.hasPassword ? 'Its stored password is removed too. ' : ''}
            {confirming.id === selectedId && selectedDirty ? 'Its unsaved changes are lost. ' : ''}You can undo this for a few seconds.
          </p>
        </ConfirmDialog>
      )}
      {actions.renaming !== undefined && <RenameDialog dsn={actions.renaming} onRenamed={actions.renamed} onClose={actions.cancelRename} />}
      <Suspense fallback={null}>
        {dialog === 'export' && (
          <ExportDialog total={dsns.length} shownIds={view.filtered ? view.visible.map((d) => d.id) : undefined} openDsn={dsns.find((d) => d.id === selectedId)} onClose={() => setDialog(undefined)} />
        )}
        {dialog === 'import-file' && <ImportDialog onImported={onImported} onClose={() => setDialog(undefined)} />}
        {dialog === 'import-string' && (
          <ImportStringDialog
            onClose={() => setDialog(undefined)}
            onCreate={(draft) => {
              setDialog(undefined);
              onImportString(draft);
            }}
          />
        )}
      </Suspense>
    </nav>
  );
}
