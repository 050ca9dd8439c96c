/**
 * Token file refresher of a saved IAM DSN: choose a `.pgpass` file or a password file, Start and
 * Stop, and see the status (last and next refresh, token expiry, the last error with a hint).
 * Main does the work (token-refresher.ts); the path is typed, as the app has no file dialog here.
 */
import { useId, useState } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import type { RefresherTargetKind } from '../../../../shared/ipc-contract';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { RefresherStatusView } from './RefresherStatusView';
import { useRefresherStatus } from './use-refresher-status';

interface TokenRefresherPanelProps {
  /** The saved DSN; the refresher signs with its saved settings. */
  dsn: SavedDsn;
  /** The form has unsaved changes (the refresher would not see them). */
  dirty?: boolean;
}

const KIND_LABEL: Record<RefresherTargetKind, string> = {
  pgpass: '.pgpass file (this DSN’s line)',
  'password-file': 'Password file (the token only)',
};

/** A file name from the DSN's name: letters, digits, dot, dash, underscore. */
function slug(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return s === '' ? 'dsn' : s.slice(0, 60);
}

function defaultPath(kind: RefresherTargetKind, dsn: SavedDsn): string {
  return kind === 'pgpass' ? '~/.pgpass' : `~/${slug(dsn.name)}.token`;
}

/** How a tool uses the file. */
function usage(kind: RefresherTargetKind, path: string): string {
  if (kind === 'password-file') return `PGPASSWORD="$(cat ${path})" psql …`;
  return path === '~/.pgpass' ? 'psql … (libpq reads ~/.pgpass by itself)' : `PGPASSFILE=${path} psql …`;
}

export function TokenRefresherPanel({ dsn, dirty = false }: TokenRefresherPanelProps) {
  const api = useApi();
  const { platform } = api;
  const id = useId();
  const [status, setStatus] = useRefresherStatus(dsn.id);
  const [kind, setKind] = useState<RefresherTargetKind>('pgpass');
  const [path, setPath] = useState(() => defaultPath('pgpass', dsn));
  const [busy, setBusy] = useState<'start' | 'stop'>();
  const [error, setError] = useState<AppError>();

  const active = status !== undefined && (status.state === 'running' || (status.state === 'error' && status.nextRefreshAt !== null));
  // While a refresher runs, the fields show its file.
  const shownKind = active ? status.target.kind : kind;
  const shownPath = active ? status.target.path : path;
  const pathError = error?.fieldErrors?.['target.path']?.[0];
  // A start that failed is told once, above; its status (nothing written) would only repeat it.
  const failedStart = error !== undefined && status?.state === 'error' && status.refreshCount === 0;

  const start = async () => {
    setBusy('start');
    setError(undefined);
    const result = await api.startRefresher({ dsnId: dsn.id, target: { kind, path: path.trim() } });
    setBusy(undefined);
    if (result.ok) setStatus(result.value);
    else setError(result.error);
  };

  const stop = async () => {
    setBusy('stop');
    setError(undefined);
    const result = await api.stopRefresher(dsn.id);
    setBusy(undefined);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setStatus(result.value);
    setKind(result.value.target.kind);
    setPath(result.value.target.path);
  };

  return (
    <section className="panel token-refresher" aria-labelledby={`${id}-heading`}>
      <div className="panel-header">
        <h2 id={`${id}-heading`} className="panel-title">
          Token file refresher
        </h2>
        <p className="muted">
          Keeps a fresh IAM token in a file while the app runs, for psql and other libpq tools: a new token before the old one expires, written atomically
          {platform === 'win32' ? '. Windows has no file modes: choose a file in a folder only you can open.' : ', readable by you only (mode 0600).'}
        </p>
      </div>
      <div className="refresher-options">
        <div className="field">
          <label htmlFor={`${id}-kind`}>File kind</label>
          <select
            id={`${id}-kind`}
            value={shownKind}
            disabled={active || busy !== undefined}
            onChange={(event) => {
              const next = event.target.value as RefresherTargetKind;
              if (path === defaultPath(kind, dsn)) setPath(defaultPath(next, dsn));
              setKind(next);
            }}
          >
            {(Object.keys(KIND_LABEL) as RefresherTargetKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field refresher-path">
          <label htmlFor={`${id}-path`}>File path</label>
          <input
            id={`${id}-path`}
            type="text"
            value={shownPath}
            spellCheck={false}
            autoComplete="off"
            disabled={active || busy !== undefined}
            aria-invalid={pathError !== undefined}
            aria-describedby={`${id}-path-hint${pathError !== undefined ? ` ${id}-path-error` : ''}`}
            onChange={(event) => setPath(event.target.value)}
          />
          <div id={`${id}-path-hint`} className="field-hint">
            Absolute, or starting with ~/. Use it as: <code>{usage(shownKind, shownPath.trim() === '' ? 'FILE' : shownPath.trim())}</code>
          </div>
          {pathError !== undefined && (
            <p id={`${id}-path-error`} className="field-error" role="alert">
              {pathError}
            </p>
          )}
        </div>
        <div className="panel-actions">
          {active ? (
            <button type="button" onClick={() => void stop()} disabled={busy !== undefined}>
              Stop
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void start()} disabled={busy !== undefined || path.trim() === ''}>
              Start
            </button>
          )}
          {busy !== undefined && (
            <span className="inline-status" role="status">
              <Spinner /> {busy === 'start' ? 'Writing the first token…' : 'Stopping…'}
            </span>
          )}
        </div>
      </div>
      {dirty && <p className="muted">The refresher signs with the saved settings: save the form first to use your changes.</p>}
      {error !== undefined && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={error} title={busy === undefined && active ? 'Not stopped' : 'Not started'} />
        </div>
      )}
      {status !== undefined && !failedStart && <RefresherStatusView status={status} />}
    </section>
  );
}
