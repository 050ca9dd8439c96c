/**
 * Export DSNs as a JSON library: the open one, the ones the list shows (search, tags) or all of
 * them. The JSON is shown in a read-only field to copy, and can be saved as a file. It never holds
 * a secret.
 */
import { useId, useRef, useState } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import type { LibraryExport } from '../../../../shared/ipc-contract';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Dialog } from '../../components/Dialog';

interface ExportDialogProps {
  total: number;
  /** The ids the list shows when it is filtered; undefined when it shows all. */
  shownIds: readonly string[] | undefined;
  /** The DSN open in the editor (saved). */
  openDsn: SavedDsn | undefined;
  onClose: () => void;
}

type Scope = 'open' | 'shown' | 'all';

/** Saves `text` as a download named `fileName` (Electron asks where). */
function saveFile(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportDialog({ total, shownIds, openDsn, onClose }: ExportDialogProps) {
  const api = useApi();
  const id = useId();
  const first = useRef<HTMLButtonElement>(null);
  const [scope, setScope] = useState<Scope>(shownIds !== undefined ? 'shown' : openDsn !== undefined ? 'open' : 'all');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LibraryExport>();
  const [error, setError] = useState<AppError>();
  const [copied, setCopied] = useState<'copied' | 'failed'>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    setCopied(undefined);
    const ids = scope === 'shown' && shownIds !== undefined ? [...shownIds] : scope === 'open' && openDsn !== undefined ? [openDsn.id] : undefined;
    const answer = await api.exportLibrary(ids);
    setBusy(false);
    if (answer.ok) setResult(answer.value);
    else setError(answer.error);
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <Dialog title="Export DSNs" onClose={onClose} initialFocus={first} busy={busy} size="wide" testId="export-dialog">
      <p className="muted">A JSON file for backup or another computer. Secrets are never included: passwords and secret keys are entered again after an import.</p>
      {(shownIds !== undefined || openDsn !== undefined) && (
        <fieldset className="choice-group" disabled={result !== undefined}>
          <legend>Which DSNs</legend>
          {openDsn !== undefined && (
            <label>
              <input type="radio" name={`${id}-scope`} checked={scope === 'open'} onChange={() => setScope('open')} /> The open one, “{openDsn.name}”
            </label>
          )}
          {shownIds !== undefined && (
            <label>
              <input type="radio" name={`${id}-scope`} checked={scope === 'shown'} onChange={() => setScope('shown')} /> The {shownIds.length} shown (search and tags)
            </label>
          )}
          <label>
            <input type="radio" name={`${id}-scope`} checked={scope === 'all'} onChange={() => setScope('all')} /> All {total} saved
          </label>
        </fieldset>
      )}
      {error !== undefined && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={error} title="Not exported" />
        </div>
      )}
      {result !== undefined && (
        <div className="field">
          <label htmlFor={`${id}-json`}>Library JSON</label>
          <textarea id={`${id}-json`} readOnly rows={10} value={result.json} spellCheck={false} data-testid="library-json" />
          <p className="inline-status" role="status">
            {copied === 'copied' ? '✓ Copied' : copied === 'failed' ? 'Could not copy: select the text and copy it yourself.' : `${result.count} DSN${result.count === 1 ? '' : 's'} exported, no secrets.`}
          </p>
        </div>
      )}
      <div className="dialog-actions">
        {result === undefined ? (
          <button type="button" ref={first} className="primary" onClick={() => void run()} disabled={busy}>
            Export
          </button>
        ) : (
          <>
            {/* The Export button is gone: focus moves on to Copy. */}
            <button type="button" autoFocus onClick={() => void copy(result.json)}>
              Copy
            </button>
            <button type="button" onClick={() => saveFile(result.json, result.fileName)}>
              Save as {result.fileName}
            </button>
          </>
        )}
        <button type="button" onClick={onClose} disabled={busy}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
