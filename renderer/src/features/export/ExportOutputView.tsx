/**
 * The exported text in a read-only box: a credential is masked until "Show" (Copy copies the real
 * text either way) and says once, as a countdown, when its token stops working. Copy and Save to
 * file are off while the text is out of date.
 */
import { useId, useState } from 'react';
import type { ExportOutput } from '../../../../shared/export-types';
import type { SavedExport } from '../../../../shared/ipc-contract';
import type { Result } from '../../../../shared/result';
import { CopyableCommand } from '../../components/CopyableCommand';
import { formatDuration, formatLocal } from '../../components/time';
import { useCopy } from '../../components/use-copy';
import { SaveToFile } from './SaveToFile';
import { useSecondsUntil } from './use-countdown';

interface ExportOutputViewProps {
  output: ExportOutput;
  /** Saves this export (with the options it was made with) to a file the user picks. */
  save: () => Promise<Result<SavedExport> | undefined>;
  /** The form changed since the output was made: shown, but neither copied nor saved. */
  stale?: boolean;
}

function rowsFor(text: string): number {
  return Math.min(14, Math.max(3, text.split('\n').length + 1));
}

function CredentialWarning({ expiresAt }: { expiresAt: string | undefined }) {
  const left = useSecondsUntil(expiresAt);
  return (
    <p className="callout callout-warning" role="note" data-testid="credential-warning">
      <strong>This text is a credential.</strong>{' '}
      {expiresAt === undefined ? (
        'The password in it does not expire.'
      ) : left === 0 ? (
        'Its token has expired: make a new one.'
      ) : (
        <>
          Its token stops working in{' '}
          <time dateTime={expiresAt} title={formatLocal(expiresAt)}>
            <span role="timer" aria-live="off" data-testid="token-countdown">
              {left === undefined ? '…' : formatDuration(left)}
            </span>
          </time>
          ; connections opened before then stay up.
        </>
      )}
    </p>
  );
}

export function ExportOutputView({ output, save, stale = false }: ExportOutputViewProps) {
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const { state, copy } = useCopy(output.text);
  const masked = output.containsSecret && !revealed && output.maskedText !== undefined;
  const shown = masked ? (output.maskedText ?? '') : output.text;

  return (
    <div className={`export-output${stale ? ' export-output-stale' : ''}`} data-testid="export-output" data-contains-secret={output.containsSecret ? 'true' : 'false'} data-masked={masked}>
      {output.containsSecret && !stale && <CredentialWarning expiresAt={output.tokenExpiresAt} />}
      {output.tunnelCommand !== undefined && (
        <div className="tunnel-command" data-testid="tunnel-command">
          <p className="section-note">
            <strong>1. Open the SSH tunnel first</strong> (in a terminal of its own; it stays open). <strong>2.</strong> Then use the text below.
          </p>
          <CopyableCommand command={output.tunnelCommand} label="SSH tunnel command" />
        </div>
      )}
      <div className="field">
        <div className="field-label-row">
          <label htmlFor={`${id}-text`}>Connection string</label>
          {output.containsSecret && (
            <button type="button" className="link-button" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
              {revealed ? 'Hide the secret' : 'Show the secret'}
            </button>
          )}
        </div>
        <textarea id={`${id}-text`} readOnly rows={rowsFor(shown)} value={shown} spellCheck={false} aria-describedby={masked ? `${id}-masked` : undefined} />
        {masked && (
          <span id={`${id}-masked`} className="field-hint">
            The secret is hidden on screen; Copy and Save to file use the real text.
          </span>
        )}
      </div>
      <div className="panel-actions">
        <button type="button" onClick={() => void copy()} disabled={stale}>
          Copy
        </button>
        <span className="inline-status" role="status">
          {state === 'copied' && <span className="success">✓ Copied</span>}
          {state === 'failed' && <span className="error-text">Could not copy: select the text and copy it yourself.</span>}
        </span>
        {/* A new output (other format, mode or values) starts without the previous save's result. */}
        <SaveToFile key={`${output.format}:${output.text}`} save={save} disabled={stale} fresh={output.containsSecret && output.tokenExpiresAt !== undefined} />
      </div>
      {output.notes.length > 0 && (
        <ul className="notes" aria-label="Notes">
          {output.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
