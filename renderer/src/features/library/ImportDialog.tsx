/**
 * Import a JSON library: paste it or choose a file, Check (main validates every entry and tells
 * which names are already saved), pick what to do with those (rename / skip / replace, with a
 * preview), then Import and see what happened to each DSN.
 */
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { IMPORT_CONFLICT_MODES, type ImportConflictMode, type ImportLibraryReport } from '../../../../shared/ipc-contract';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ImportReportView } from './ImportReportView';

interface ImportDialogProps {
  /** Something was written: the list should reload. */
  onImported: () => void;
  onClose: () => void;
}

const MODE_TEXT: Record<ImportConflictMode, { label: string; hint: string }> = {
  rename: { label: 'Import as a new DSN', hint: 'named “<name> (imported)”' },
  skip: { label: 'Skip it', hint: 'the saved DSN stays as it is' },
  replace: { label: 'Replace the saved DSN', hint: 'it takes the file’s settings and keeps its stored password and keys' },
};

function ErrorView({ error }: { error: AppError }) {
  const lines = error.detail?.split('\n').filter((l) => l !== '') ?? [];
  return (
    <div className="callout callout-error" role="alert" data-testid="import-error">
      <p className="app-error-message">
        {error.message} <span className="error-code">({error.code})</span>
      </p>
      {lines.length > 1 && (
        <ul className="import-problems">
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {error.hint !== undefined && <p>{error.hint}</p>}
    </div>
  );
}

export function ImportDialog({ onImported, onClose }: ImportDialogProps) {
  const api = useApi();
  const id = useId();
  const textArea = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [mode, setMode] = useState<ImportConflictMode>('rename');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<ImportLibraryReport>();
  const [done, setDone] = useState<ImportLibraryReport>();
  const [error, setError] = useState<AppError>();
  const closeButton = useRef<HTMLButtonElement>(null);

  // Once imported, the only thing left to do is close.
  useEffect(() => {
    if (done !== undefined) closeButton.current?.focus();
  }, [done]);

  const run = async (json: string, onConflict: ImportConflictMode, dryRun: boolean) => {
    setBusy(true);
    setError(undefined);
    const result = await api.importLibrary(json, { onConflict, dryRun });
    setBusy(false);
    if (!result.ok) {
      setPreview(undefined);
      setError(result.error);
      return;
    }
    if (dryRun) {
      setPreview(result.value);
      return;
    }
    setDone(result.value);
    onImported();
  };

  const edit = (json: string) => {
    setText(json);
    setPreview(undefined);
    setError(undefined);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    const json = await file.text();
    edit(json);
    await run(json, mode, true);
  };

  const choose = (next: ImportConflictMode) => {
    setMode(next);
    if (preview !== undefined) void run(text, next, true);
  };

  const conflicts = preview?.conflicts ?? [];
  return (
    <Dialog title="Import DSNs" onClose={onClose} initialFocus={textArea} busy={busy} size="wide" testId="import-dialog">
      {done === undefined ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-json`}>Library JSON to import</label>
            <textarea
              id={`${id}-json`}
              ref={textArea}
              rows={8}
              value={text}
              spellCheck={false}
              placeholder='{"format": "iam-dsn-manager/library", "version": 1, "dsns": […]}'
              onChange={(event) => edit(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-file`}>Or choose a file</label>
            <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={(event) => void onFile(event)} />
          </div>
          {error !== undefined && <ErrorView error={error} />}
          {preview !== undefined && conflicts.length > 0 && (
            <fieldset className="choice-group" data-testid="import-conflicts">
              <legend>
                {conflicts.length} name{conflicts.length === 1 ? ' is' : 's are'} already saved: {conflicts.slice(0, 5).join(', ')}
                {conflicts.length > 5 ? ` and ${conflicts.length - 5} more` : ''}. For each:
              </legend>
              {IMPORT_CONFLICT_MODES.map((m) => (
                <label key={m}>
                  <input type="radio" name={`${id}-mode`} value={m} checked={mode === m} onChange={() => choose(m)} disabled={busy} /> {MODE_TEXT[m].label}{' '}
                  <span className="muted">({MODE_TEXT[m].hint})</span>
                </label>
              ))}
            </fieldset>
          )}
          {preview !== undefined && <ImportReportView report={preview} />}
        </>
      ) : (
        <ImportReportView report={done} />
      )}
      <div className="dialog-actions">
        {done === undefined && (
          <button type="button" className="primary" onClick={() => void run(text, mode, preview === undefined)} disabled={busy || text.trim() === ''}>
            {preview === undefined ? 'Check' : 'Import'}
          </button>
        )}
        <button type="button" ref={closeButton} onClick={onClose} disabled={busy}>
          {done === undefined ? 'Cancel' : 'Close'}
        </button>
      </div>
    </Dialog>
  );
}
