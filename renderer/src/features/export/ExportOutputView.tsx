/** The exported string in a read-only textarea, Copy with a "Copied" confirmation, and notes. */
import { useEffect, useId, useState } from 'react';
import type { ExportOutput } from '../../../../shared/export-types';

type CopyState = 'idle' | 'copied' | 'failed';

function formatExpiry(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

export function ExportOutputView({ output }: { output: ExportOutput }) {
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
    <div className="export-output" data-testid="export-output">
      {output.containsSecret && (
        <p className="callout callout-warning" role="note">
          <strong>This text is a credential.</strong>{' '}
          {output.tokenExpiresAt !== undefined ? (
            <>
              The token in it stops working at <time dateTime={output.tokenExpiresAt}>{formatExpiry(output.tokenExpiresAt)}</time>.
            </>
          ) : (
            'The password in it does not expire.'
          )}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-text`}>Connection string</label>
        <textarea id={`${id}-text`} readOnly rows={output.format === 'keyword' ? 4 : 3} value={output.text} spellCheck={false} />
      </div>
      <div className="panel-actions">
        <button type="button" onClick={() => void copyText()}>
          Copy
        </button>
        <span className="inline-status" role="status">
          {copyState === 'copied' && <span className="success">✓ Copied</span>}
          {copyState === 'failed' && <span className="error-text">Could not copy: select the text and copy it yourself.</span>}
        </span>
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
