/** A command in a code box with Copy (and a "Copied" confirmation). The command is plain text. */
import { useEffect, useId, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

interface CopyableCommandProps {
  command: string;
  label: string;
}

export function CopyableCommand({ command, label }: CopyableCommandProps) {
  const id = useId();
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <div className="command-box" data-testid="copy-command">
      <p className="label" id={`${id}-label`}>
        {label}
      </p>
      <div className="command-row">
        <pre aria-labelledby={`${id}-label`}>
          <code>{command}</code>
        </pre>
        <button type="button" aria-label="Copy command" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <span className="inline-status" role="status">
        {state === 'copied' && <span className="success">✓ Copied</span>}
        {state === 'failed' && <span className="error-text">Could not copy: select the command and copy it yourself.</span>}
      </span>
    </div>
  );
}
