/**
 * Export: the DSN as a libpq URI or keyword/value string, optionally with a live token (iam) or
 * the stored password (database), and Copy to clipboard.
 */
import { useId, useState } from 'react';
import type { AuthType, DsnInput, FieldErrors } from '../../../../shared/dsn';
import { EXPORT_FORMATS, EXPORT_FORMAT_LABELS, type ExportFormat, type ExportOutput } from '../../../../shared/export-types';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { ExportOutputView } from './ExportOutputView';

interface ExportPanelProps {
  getInput: () => Promise<DsnInput | undefined>;
  authType: AuthType;
  onFieldErrors: (fieldErrors: FieldErrors) => void;
}

type ExportState =
  | { kind: 'idle' }
  | { kind: 'invalid' }
  | { kind: 'busy' }
  | { kind: 'done'; output: ExportOutput }
  | { kind: 'error'; error: AppError };

export function ExportPanel({ getInput, authType, onFieldErrors }: ExportPanelProps) {
  const api = useApi();
  const id = useId();
  const [format, setFormat] = useState<ExportFormat>('uri');
  const [includeSecret, setIncludeSecret] = useState(false);
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const iam = authType === 'iam';
  const secretLabel = iam ? 'Include a live token' : 'Include password';

  const generate = async (nextFormat: ExportFormat, include: boolean) => {
    const dsn = await getInput();
    if (dsn === undefined) {
      setState({ kind: 'invalid' });
      return;
    }
    setState({ kind: 'busy' });
    const result = await api.exportDsn({
      dsn,
      format: nextFormat,
      includeToken: include && dsn.authType === 'iam',
      includePassword: include && dsn.authType === 'database',
    });
    if (result.ok) {
      setState({ kind: 'done', output: result.value });
      return;
    }
    if (result.error.fieldErrors !== undefined) onFieldErrors(result.error.fieldErrors);
    setState({ kind: 'error', error: result.error });
  };

  /** Once an output is shown, changing the options regenerates it. */
  const regenerateIfShown = (nextFormat: ExportFormat, include: boolean) => {
    if (state.kind === 'done') void generate(nextFormat, include);
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <div className="panel-header">
        <h3 id={`${id}-heading`}>Export</h3>
        <p className="muted">A connection string for psql, libpq and most PostgreSQL drivers.</p>
      </div>
      <div className="export-options">
        <div className="field">
          <label htmlFor={`${id}-format`}>Export format</label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(event) => {
              const next = event.target.value as ExportFormat;
              setFormat(next);
              regenerateIfShown(next, includeSecret);
            }}
          >
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-checkbox">
          <input
            id={`${id}-secret`}
            type="checkbox"
            checked={includeSecret}
            aria-describedby={includeSecret ? `${id}-warning` : undefined}
            onChange={(event) => {
              setIncludeSecret(event.target.checked);
              regenerateIfShown(format, event.target.checked);
            }}
          />
          <label htmlFor={`${id}-secret`}>{secretLabel}</label>
        </div>
        <button type="button" onClick={() => void generate(format, includeSecret)} disabled={state.kind === 'busy'}>
          Generate
        </button>
        {state.kind === 'busy' && (
          <span className="inline-status" role="status">
            <Spinner /> Generating…
          </span>
        )}
      </div>
      {includeSecret && (
        <p id={`${id}-warning`} className="callout callout-warning" role="note">
          <strong>Warning: the output is a credential.</strong>{' '}
          {iam
            ? 'Anyone who has it can connect as this user until the token expires: at most 15 minutes after it is generated. Do not paste it into chats, tickets or shell history.'
            : 'It contains the database password in clear text and does not expire. Do not paste it into chats, tickets or shell history.'}
        </p>
      )}
      {state.kind === 'invalid' && (
        <p className="error-text" role="status">
          Fix the highlighted fields first.
        </p>
      )}
      {state.kind === 'error' && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={state.error} title="Export failed" />
        </div>
      )}
      {state.kind === 'done' && <ExportOutputView output={state.output} />}
    </section>
  );
}
