/**
 * Export, following the form live: a recipe (no secret) is rendered here from the form's current
 * values with the shared exporters on every change, so it is never stale. A live token or the
 * stored password comes from main on request; once the form changes it is marked out of date,
 * with Copy and Save off, until a new one is made.
 */
import { useId, useMemo, useState } from 'react';
import type { DsnInput } from '../../../../shared/dsn';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS, exportDsn, formatCarriesSecret, type ExportFormat, type ExportOutput } from '../../../../shared/formats';
import type { ExportRequest, SavedExport } from '../../../../shared/ipc-contract';
import type { AppError, Result } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { asDsn } from '../dsn-form/live-input';
import { Spinner } from '../../components/Spinner';
import { type ExportMode, ExportModeField } from './ExportModeField';
import { ExportOutputView } from './ExportOutputView';

interface ExportPanelProps {
  /** The form's current values as a DSN; undefined while a field is invalid. */
  input: DsnInput | undefined;
  /** Opens the tab of the first invalid field. */
  onShowErrors: () => void;
}

interface Choice {
  format: ExportFormat;
  mode: ExportMode;
  includePassword: boolean;
}

type LiveState = { kind: 'none' } | { kind: 'busy' } | { kind: 'done'; output: ExportOutput; made: string } | { kind: 'error'; error: AppError };

/** The request for `dsn`: a secret only when chosen, valid for the DSN's authentication and carried by the format. */
function requestFor(dsn: DsnInput, choice: Choice): ExportRequest {
  const carries = formatCarriesSecret(choice.format, dsn.authType);
  return {
    dsn,
    format: choice.format,
    includeToken: carries && dsn.authType === 'iam' && choice.mode === 'live',
    includePassword: carries && dsn.authType === 'database' && choice.includePassword,
  };
}

/** What a live output was made from: the DSN and the options. */
function fingerprint(dsn: DsnInput | undefined, choice: Choice): string {
  return JSON.stringify([dsn ?? null, choice.format, choice.mode, choice.includePassword]);
}

export function ExportPanel({ input, onShowErrors }: ExportPanelProps) {
  const api = useApi();
  const id = useId();
  const [choice, setChoice] = useState<Choice>({ format: 'uri', mode: 'recipe', includePassword: false });
  const [live, setLive] = useState<LiveState>({ kind: 'none' });
  const authType = input?.authType ?? 'iam';
  const carries = formatCarriesSecret(choice.format, authType);
  const secretChosen = carries && (authType === 'iam' ? choice.mode === 'live' : choice.includePassword);
  const now = fingerprint(input, choice);
  const recipe = useMemo(() => (input !== undefined && !secretChosen ? exportDsn(asDsn(input), choice.format) : undefined), [input, secretChosen, choice.format]);
  const stale = live.kind === 'done' && live.made !== now;

  const makeLive = async (next: Choice) => {
    if (input === undefined) return;
    setLive({ kind: 'busy' });
    const result = await api.exportDsn(requestFor(input, next));
    setLive(result.ok ? { kind: 'done', output: result.value, made: fingerprint(input, next) } : { kind: 'error', error: result.error });
  };

  /** An option changed: a secret asked for is made at once (the user chose it); a recipe simply follows. */
  const change = (patch: Partial<Choice>) => {
    const next = { ...choice, ...patch };
    setChoice(next);
    const wantsSecret = formatCarriesSecret(next.format, authType) && (authType === 'iam' ? next.mode === 'live' : next.includePassword);
    if (wantsSecret) void makeLive(next);
    else setLive({ kind: 'none' });
  };

  const save = async (): Promise<Result<SavedExport> | undefined> => (input === undefined ? undefined : api.saveExport(requestFor(input, choice)));

  return (
    <section className="panel export-panel" aria-labelledby={`${id}-heading`} data-testid="export-panel">
      <h2 id={`${id}-heading`} className="panel-title">
        Export
      </h2>
      <p className="muted">A connection string for psql, libpq, ODBC, JDBC, Python or Node.js, or the DSN as JSON. It follows the form as you edit it.</p>
      <div className="export-options">
        <div className="field">
          <label htmlFor={`${id}-format`}>Export format</label>
          <select id={`${id}-format`} value={choice.format} onChange={(event) => change({ format: event.target.value as ExportFormat })}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <ExportModeField
          authType={authType}
          format={choice.format}
          carriesSecret={carries}
          mode={choice.mode}
          onModeChange={(mode) => change({ mode })}
          includePassword={choice.includePassword}
          onIncludePasswordChange={(includePassword) => change({ includePassword })}
          warningId={secretChosen ? `${id}-warning` : undefined}
        />
      </div>
      {secretChosen && (
        <p id={`${id}-warning`} className="callout callout-warning" role="note">
          <strong>The output is a credential.</strong>{' '}
          {authType === 'iam'
            ? 'Anyone who has it can connect as this user until the token expires (15 minutes at most). Keep it out of chats, tickets and shell history.'
            : 'It holds the database password in clear and does not expire. Keep it out of chats, tickets and shell history.'}
        </p>
      )}
      {input === undefined ? (
        <div className="callout callout-error" role="status" data-testid="export-invalid">
          <p>A field the connection needs is not valid: the export shows again once it is fixed.</p>
          <button type="button" onClick={onShowErrors}>
            Show the problem
          </button>
        </div>
      ) : recipe !== undefined ? (
        <ExportOutputView output={recipe} save={save} />
      ) : (
        <LiveOutput live={live} stale={stale} save={save} onMake={() => void makeLive(choice)} authType={authType} />
      )}
    </section>
  );
}

interface LiveOutputProps {
  live: LiveState;
  stale: boolean;
  save: () => Promise<Result<SavedExport> | undefined>;
  onMake: () => void;
  authType: DsnInput['authType'];
}

function LiveOutput({ live, stale, save, onMake, authType }: LiveOutputProps) {
  const what = authType === 'iam' ? 'token' : 'password';
  return (
    <>
      {live.kind === 'busy' && (
        <p className="inline-status" role="status">
          <Spinner /> {authType === 'iam' ? 'Signing a token…' : 'Reading the password…'}
        </p>
      )}
      {live.kind === 'error' && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={live.error} title="Export failed" />
          <button type="button" onClick={onMake}>
            Try again
          </button>
        </div>
      )}
      {stale && (
        <div className="callout callout-warning" role="status" data-testid="export-stale">
          <p>
            <strong>Out of date:</strong> the form changed since this {what} was made. Copy and Save are off until you make a new one.
          </p>
          <button type="button" className="primary" onClick={onMake}>
            {authType === 'iam' ? 'Make a new token' : 'Export again'}
          </button>
        </div>
      )}
      {live.kind === 'done' && <ExportOutputView output={live.output} save={save} stale={stale} />}
      {live.kind === 'none' && (
        <button type="button" className="primary" onClick={onMake}>
          {authType === 'iam' ? 'Make a token' : 'Export with the password'}
        </button>
      )}
    </>
  );
}
