/**
 * The left pane: New DSN, the saved DSNs (buttons; ↑/↓/Home/End move between them, Delete key
 * asks to delete), and Delete with a confirmation dialog.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Spinner } from '../../components/Spinner';
import type { DsnListState } from './use-dsn-list';

interface DsnListProps {
  state: DsnListState;
  selectedId: string | undefined;
  onNew: () => void;
  onSelect: (id: string) => void;
  onDeleted: (id: string) => void;
  onRetry: () => void;
}

export function DsnList({ state, selectedId, onNew, onSelect, onDeleted, onRetry }: DsnListProps) {
  const api = useApi();
  const headingId = useId();
  const list = useRef<HTMLUListElement>(null);
  const [confirming, setConfirming] = useState<SavedDsn>();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<AppError>();
  const dsns = state.status === 'ready' ? state.dsns : [];
  const selected = dsns.find((d) => d.id === selectedId);

  const askDelete = (dsn: SavedDsn | undefined) => {
    if (dsn === undefined) return;
    setDeleteError(undefined);
    setConfirming(dsn);
  };

  const confirmDelete = async () => {
    if (confirming === undefined) return;
    setDeleting(true);
    const result = await api.deleteDsn(confirming.id);
    setDeleting(false);
    setConfirming(undefined);
    if (result.ok) onDeleted(confirming.id);
    else setDeleteError(result.error);
  };

  const onItemKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const buttons = Array.from(list.current?.querySelectorAll<HTMLButtonElement>('button.dsn-item') ?? []);
    const targets: Record<string, number | undefined> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1 };
    const target = targets[event.key];
    if (target !== undefined) {
      event.preventDefault();
      buttons[Math.max(0, Math.min(buttons.length - 1, target))]?.focus();
    } else if (event.key === 'Delete') {
      event.preventDefault();
      askDelete(dsns[index]);
    }
  };

  return (
    <nav className="dsn-list" aria-labelledby={headingId}>
      <div className="list-header">
        <h2 id={headingId}>Saved DSNs</h2>
        <div className="toolbar">
          <button type="button" className="primary" onClick={onNew}>
            New DSN
          </button>
          <button type="button" className="danger-outline" onClick={() => askDelete(selected)} disabled={selected === undefined}>
            Delete
          </button>
        </div>
      </div>
      {deleteError !== undefined && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={deleteError} title="Not deleted" />
        </div>
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
      {state.status === 'ready' && dsns.length === 0 && <p className="muted empty">No saved DSNs yet. Fill in the form and Save.</p>}
      <ul ref={list} className="dsn-items" aria-labelledby={headingId} data-testid="dsn-list">
        {dsns.map((dsn, index) => (
          <li key={dsn.id}>
            <button
              type="button"
              className="dsn-item"
              aria-current={dsn.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(dsn.id)}
              onKeyDown={(event) => onItemKeyDown(event, index)}
            >
              <span className="dsn-item-name">{dsn.name}</span>
              <span className="dsn-item-meta">
                <span className={`badge badge-${dsn.authType}`}>{dsn.authType === 'iam' ? 'IAM' : 'DB'}</span> {dsn.user}@{dsn.server}:
                {dsn.port}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {confirming !== undefined && (
        <ConfirmDialog
          title="Delete DSN?"
          confirmLabel="Delete"
          busy={deleting}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setConfirming(undefined)}
        >
          <p>
            Delete “{confirming.name}”? {confirming.hasPassword ? 'Its stored password is removed too. ' : ''}This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </nav>
  );
}
