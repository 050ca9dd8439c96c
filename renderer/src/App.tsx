/** The DSN window: the saved DSNs on the left, the selected (or new) DSN on the right; MFA prompts over both. */
import { useRef, useState } from 'react';
import type { SavedDsn } from '../../shared/dsn';
import { DsnEditor } from './features/dsn-form/DsnEditor';
import { DsnList } from './features/library/DsnList';
import { useDsnList } from './features/library/use-dsn-list';
import type { DsnDraft } from './features/import/draft';
import { TagsEditor } from './features/library/TagsEditor';
import { MfaPrompt } from './features/mfa/MfaPrompt';
import { StoreStatusProvider } from './features/store-status/store-status';
import { StoreStatusBanner } from './features/store-status/StoreStatusBanner';

export function App() {
  const { state, reload, refresh, upsert, remove } = useDsnList();
  const [selectedId, setSelectedId] = useState<string>();
  /** Changes when another DSN (or a new one) is opened: the editor starts over. */
  const [editorKey, setEditorKey] = useState(0);
  const mainPane = useRef<HTMLElement>(null);
  /** Fields of an imported connection string for a new, unsaved DSN (until another DSN is opened). */
  const [draft, setDraft] = useState<DsnDraft>();
  const selected = state.status === 'ready' ? state.dsns.find((d) => d.id === selectedId) : undefined;

  const open = (id: string | undefined) => {
    if (id === selectedId && id !== undefined) return;
    setSelectedId(id);
    setDraft(undefined);
    setEditorKey((k) => k + 1);
    if (mainPane.current !== null) mainPane.current.scrollTop = 0;
  };

  /** "Create DSN" in the paste box: a new DSN form filled with the string's fields, not saved yet. */
  const openDraft = (next: DsnDraft) => {
    setSelectedId(undefined);
    setDraft(next);
    setEditorKey((k) => k + 1);
    if (mainPane.current !== null) mainPane.current.scrollTop = 0;
  };

  const onSaved = (dsn: SavedDsn) => {
    upsert(dsn);
    setSelectedId(dsn.id);
  };

  /** A DSN duplicated, renamed or restored in the list: open it (the form starts over with its values). */
  const onChanged = (dsn: SavedDsn) => {
    upsert(dsn);
    setSelectedId(dsn.id);
    setEditorKey((k) => k + 1);
  };

  const onDeleted = (id: string) => {
    remove(id);
    if (id === selectedId) open(undefined);
  };

  return (
    <StoreStatusProvider>
      <div className="app">
        <header className="app-header">
          <h1>IAM DSN Manager</h1>
          <p className="muted">PostgreSQL on Amazon RDS and Aurora with IAM database authentication</p>
        </header>
        <StoreStatusBanner />
        <MfaPrompt />
        <div className="panes">
          <aside className="pane pane-list">
            <DsnList
              state={state}
              selectedId={selectedId}
              onNew={() => open(undefined)}
              onSelect={open}
              onDeleted={onDeleted}
              onRetry={reload}
              onChanged={onChanged}
              onImported={refresh}
              onImportString={openDraft}
            />
          </aside>
          <main className="pane pane-main" ref={mainPane}>
            {selected !== undefined && <TagsEditor key={selected.id} dsn={selected} known={state.status === 'ready' ? state.dsns : []} onSaved={upsert} />}
            <DsnEditor key={editorKey} saved={selected} draft={selected === undefined ? draft : undefined} onSaved={onSaved} />
          </main>
        </div>
      </div>
    </StoreStatusProvider>
  );
}
