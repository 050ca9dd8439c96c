/** The DSN window: the saved DSNs on the left, the selected (or new) DSN on the right; MFA prompts over both. */
import { useRef, useState } from 'react';
import type { SavedDsn } from '../../shared/dsn';
import { DsnEditor } from './features/dsn-form/DsnEditor';
import { DsnList } from './features/dsn-list/DsnList';
import { useDsnList } from './features/dsn-list/use-dsn-list';
import { MfaPrompt } from './features/mfa/MfaPrompt';
import { StoreStatusProvider } from './features/store-status/store-status';
import { StoreStatusBanner } from './features/store-status/StoreStatusBanner';

export function App() {
  const { state, reload, upsert, remove } = useDsnList();
  const [selectedId, setSelectedId] = useState<string>();
  /** Changes when another DSN (or a new one) is opened: the editor starts over. */
  const [editorKey, setEditorKey] = useState(0);
  const mainPane = useRef<HTMLElement>(null);
  const selected = state.status === 'ready' ? state.dsns.find((d) => d.id === selectedId) : undefined;

  const open = (id: string | undefined) => {
    if (id === selectedId && id !== undefined) return;
    setSelectedId(id);
    setEditorKey((k) => k + 1);
    if (mainPane.current !== null) mainPane.current.scrollTop = 0;
  };

  const onSaved = (dsn: SavedDsn) => {
    upsert(dsn);
    setSelectedId(dsn.id);
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
            <DsnList state={state} selectedId={selectedId} onNew={() => open(undefined)} onSelect={open} onDeleted={onDeleted} onRetry={reload} />
          </aside>
          <main className="pane pane-main" ref={mainPane}>
            <DsnEditor key={editorKey} saved={selected} onSaved={onSaved} />
          </main>
        </div>
      </div>
    </StoreStatusProvider>
  );
}
