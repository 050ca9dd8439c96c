/**
 * Export: the DSN in one of the 11 formats. For IAM a mode switch: a recipe that makes its own
 * token where it is used (default, no secret) or a live token (a credential, with its expiry);
 * for database auth, the stored password only when asked. Copy, Save to file, and the notes.
 */
import { useId, useState } from 'react';
import type { AuthType, DsnInput, FieldErrors } from '../../../../shared/dsn';
import { EXPORT_FORMATS, EXPORT_FORMAT_LABELS, type ExportFormat, type ExportOutput } from '../../../../shared/export-types';
import { formatCarriesSecret } from '../../../../shared/formats';
import type { ExportRequest, SavedExport } from '../../../../shared/ipc-contract';
import type { AppError, Result } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { type ExportMode, ExportModeField } from './ExportModeField';
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

/** The export's options as chosen in the panel. */
interface Choice {
  format: ExportFormat;
  mode: ExportMode;
  includePassword: boolean;
}

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

export function ExportPanel({ getInput, authType, onFieldErrors }: ExportPanelProps) {
  const api = useApi();
  const id = useId();
  const [choice, setChoice] = useState<Choice>({ format: 'uri', mode: 'recipe', includePassword: false });
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const iam = authType === 'iam';
  const carries = formatCarriesSecret(choice.format, authType);
  const secretChosen = carries && (iam ? choice.mode === 'live' : choice.includePassword);
  // Before a credential is shown, say what choosing it means; once shown, its own callout (with the expiry) says it.
  const showWarning = secretChosen && !(state.kind === 'done' && state.output.containsSecret);
  const warningId = `${id}-warning`;

  const generate = async (next: Choice) => {
    const dsn = await getInput();
    if (dsn === undefined) {
      setState({ kind: 'invalid' });
      return;
    }
    setState({ kind: 'busy' });
    const result = await api.exportDsn(requestFor(dsn, next));
    if (result.ok) {
      setState({ kind: 'done', output: result.value });
      return;
    }
    if (result.error.fieldErrors !== undefined) onFieldErrors(result.error.fieldErrors);
    setState({ kind: 'error', error: result.error });
  };

  /** Changes an option; once an output is shown, it is regenerated with the new options. */
  const change = (patch: Partial<Choice>) => {
    const next = { ...choice, ...patch };
    setChoice(next);
    if (state.kind === 'done') void generate(next);
  };

  const save = async (): Promise<Result<SavedExport> | undefined> => {
    const dsn = await getInput();
    if (dsn === undefined) {
      setState({ kind: 'invalid' });
      return undefined;
    }
    const result = await api.saveExport(requestFor(dsn, choice));
    if (!result.ok && result.error.fieldErrors !== undefined) onFieldErrors(result.error.fieldErrors);
    return result;
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="export-panel">
      <div className="panel-header">
        <h3 id={`${id}-heading`}>Export</h3>
        <p className="muted">A connection string for psql, libpq, ODBC, JDBC, Python or Node.js, or the DSN as JSON.</p>
      </div>
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
          warningId={showWarning ? warningId : undefined}
        />
        <button type="button" onClick={() => void generate(choice)} disabled={state.kind === 'busy'}>
          Generate
        </button>
        {state.kind === 'busy' && (
          <span className="inline-status" role="status">
            <Spinner /> Generating…
          </span>
        )}
      </div>
      {showWarning && (
        <p id={warningId} className="callout callout-warning" role="note">
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
      {state.kind === 'done' && <ExportOutputView output={state.output} save={save} />}
    </section>
  );
}
