/**
 * The exported string in a read-only textarea, Copy with a "Copied" confirmation, Save to file,
 * and notes. A credential gets a warning that counts down to the token's expiry.
 */
import { useEffect, useId, useState } from 'react';
import type { ExportOutput } from '../../../../shared/export-types';
import type { SavedExport } from '../../../../shared/ipc-contract';
import type { Result } from '../../../../shared/result';
import { SaveToFile } from './SaveToFile';
import { formatClock, formatDuration, useSecondsUntil } from './use-countdown';

type CopyState = 'idle' | 'copied' | 'failed';

interface ExportOutputViewProps {
  output: ExportOutput;
  /** Saves this export (with the options it was made with) to a file the user picks. */
  save: () => Promise<Result<SavedExport> | undefined>;
}

function rowsFor(output: ExportOutput): number {
  const lines = output.text.split('\n').length;
  return Math.min(16, Math.max(output.format === 'keyword' ? 4 : 3, lines + 1));
}

function CredentialWarning({ output }: { output: ExportOutput }) {
  const left = useSecondsUntil(output.tokenExpiresAt);
  return (
    <p className="callout callout-warning" role="note" data-testid="credential-warning">
      <strong>This text is a credential.</strong>{' '}
      {output.tokenExpiresAt === undefined ? (
        'The password in it does not expire.'
      ) : left === 0 ? (
        <>
          The token in it stopped working at <time dateTime={output.tokenExpiresAt}>{formatClock(output.tokenExpiresAt)}</time>: Generate again for a new one.
        </>
      ) : (
        <>
          The token in it stops working at <time dateTime={output.tokenExpiresAt}>{formatClock(output.tokenExpiresAt)}</time>
          {left !== undefined && (
            <>
              {' '}
              (in{' '}
              <span role="timer" aria-live="off" data-testid="token-countdown">
                {formatDuration(left)}
              </span>
              )
            </>
          )}
          . Connections opened before then stay up.
        </>
      )}
    </p>
  );
}

export function ExportOutputView({ output, save }: ExportOutputViewProps) {
  const id = useId();
  const [copy, setCopy] = useState<{ state: CopyState; text: string }>({ state: 'idle', text: '' });
  // "Copied" belongs to the text that was copied; a regenerated output starts fresh.
  const copyState: CopyState = copy.text === output.text ? copy.state : 'idle';

  useEffect(() => {
    if (copy.state !== 'copied') return;
    const timer = setTimeout(() => setCopy({ state: 'idle', text: '' }), 4000);
    return () => clearTimeout(timer);
  }, [copy]);

  const copyText = async () => {
    try {
      await navigator.clipboard.writeText(output.text);
      setCopy({ state: 'copied', text: output.text });
    } catch {
      setCopy({ state: 'failed', text: output.text });
    }
  };

  return (
    <div className="export-output" data-testid="export-output" data-contains-secret={output.containsSecret ? 'true' : 'false'}>
      {output.containsSecret && <CredentialWarning output={output} />}
      <div className="field">
        <label htmlFor={`${id}-text`}>Connection string</label>
        <textarea id={`${id}-text`} readOnly rows={rowsFor(output)} value={output.text} spellCheck={false} />
      </div>
      <div className="panel-actions">
        <button type="button" onClick={() => void copyText()}>
          Copy
        </button>
        <span className="inline-status" role="status">
          {copyState === 'copied' && <span className="success">✓ Copied</span>}
          {copyState === 'failed' && <span className="error-text">Could not copy: select the text and copy it yourself.</span>}
        </span>
        {/* A new output (other format, mode or values) starts without the previous save's result. */}
        <SaveToFile key={`${output.format}:${output.text}`} save={save} />
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
