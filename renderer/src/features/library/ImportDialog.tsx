/**
 * Import DSNs from a file: this app's library JSON, or what other tools keep — pgAdmin's
 * servers.json, DBeaver's data-sources.json, pg_service.conf, .pgpass lines. Paste it or choose
 * the file; Check reads it (other tools' files here in the page, with the shared importer, which
 * never opens a file the text names), previews each DSN and what was left out, and main says
 * which names are already saved; then pick what to do with those and Import.
 */
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { importToolFile, TOOL_FORMAT_NAMES, type ToolImport } from '../../../../shared/formats';
import { IMPORT_CONFLICT_MODES, type ImportConflictMode, type ImportLibraryReport } from '../../../../shared/ipc-contract';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ImportReportView } from './ImportReportView';
import { ToolImportPreview } from './ToolImportPreview';

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

/** This app's own library document, recognised by its "format" (main validates the rest). */
function isLibraryDocument(text: string): boolean {
  return /^\s*\{[\s\S]*"format"\s*:\s*"iam-dsn-manager\/library"/.test(text);
}

/** The text main imports: the library document itself, or the DSNs read from another tool's file. */
type Prepared = { ok: true; json: string; tool?: ToolImport } | { ok: false; error: AppError };

function prepare(text: string): Prepared {
  if (isLibraryDocument(text)) return { ok: true, json: text };
  const read = importToolFile(text);
  if (!read.ok) return read;
  const json = JSON.stringify({ format: 'iam-dsn-manager/library', version: 1, exportedAt: new Date().toISOString(), dsns: read.value.entries.map((e) => e.dsn) });
  return { ok: true, json, tool: read.value };
}

export function ImportDialog({ onImported, onClose }: ImportDialogProps) {
  const api = useApi();
  const id = useId();
  const textArea = useRef<HTMLTextAreaElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const [text, setText] = useState('');
  const [mode, setMode] = useState<ImportConflictMode>('rename');
  const [busy, setBusy] = useState(false);
  const [tool, setTool] = useState<ToolImport>();
  const [preview, setPreview] = useState<ImportLibraryReport>();
  const [done, setDone] = useState<ImportLibraryReport>();
  const [error, setError] = useState<AppError>();

  // Once imported, the only thing left to do is close.
  useEffect(() => {
    if (done !== undefined) closeButton.current?.focus();
  }, [done]);

  const run = async (source: string, onConflict: ImportConflictMode, dryRun: boolean) => {
    setError(undefined);
    const prepared = prepare(source);
    if (!prepared.ok) {
      setTool(undefined);
      setPreview(undefined);
      setError(prepared.error);
      return;
    }
    setTool(prepared.tool);
    if (prepared.tool !== undefined && prepared.tool.entries.length === 0) {
      setPreview(undefined);
      return;
    }
    setBusy(true);
    const result = await api.importLibrary(prepared.json, { onConflict, dryRun });
    setBusy(false);
    if (!result.ok) {
      setPreview(undefined);
      setError(result.error);
    } else if (dryRun) {
      setPreview(result.value);
    } else {
      setDone(result.value);
      onImported();
    }
  };

  const edit = (value: string) => {
    setText(value);
    setPreview(undefined);
    setTool(undefined);
    setError(undefined);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    const content = await file.text();
    edit(content);
    await run(content, mode, true);
  };

  const choose = (next: ImportConflictMode) => {
    setMode(next);
    if (preview !== undefined) void run(text, next, true);
  };

  const conflicts = preview?.conflicts ?? [];
  const nothingToImport = tool !== undefined && tool.entries.length === 0;
  return (
    <Dialog title="Import DSNs" onClose={onClose} initialFocus={textArea} busy={busy} size="wide" testId="import-dialog">
      {done === undefined ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-text`}>File to import</label>
            <textarea
              id={`${id}-text`}
              ref={textArea}
              rows={7}
              value={text}
              spellCheck={false}
              aria-describedby={`${id}-formats`}
              placeholder='{"format": "iam-dsn-manager/library", …}, a servers.json, a data-sources.json, [service] sections or host:port:db:user:password lines'
              onChange={(event) => edit(event.target.value)}
            />
            <span id={`${id}-formats`} className="field-hint">
              This app’s library export, or {Object.values(TOOL_FORMAT_NAMES).join(', ')}. Passwords in it are never imported, and files it names are never read.
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-file`}>Or choose a file</label>
            <input id={`${id}-file`} type="file" accept=".json,.conf,.pgpass,application/json,text/plain" onChange={(event) => void onFile(event)} />
          </div>
          {error !== undefined && <ErrorView error={error} />}
          {tool !== undefined && <ToolImportPreview imported={tool} />}
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
          <button type="button" className="primary" onClick={() => void run(text, mode, preview === undefined)} disabled={busy || text.trim() === '' || nothingToImport}>
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
