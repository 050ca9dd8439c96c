/** A generated text (policy, SQL, command) in a code box, with Copy and a "Copied" confirmation. */
import { useEffect, useId, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

interface CopyBlockProps {
  /** Shown above the box; it also names the box. */
  title: string;
  /** What the Copy button copies, for its accessible name: "Copy <copyName>". */
  copyName: string;
  text: string;
  /** Explains the text, under the box. */
  note?: string;
  testId?: string;
}

/** A titled code box whose Copy button is named "Copy <copyName>". */
export function CopyBlock({ title, copyName, text, note, testId }: CopyBlockProps) {
  const id = useId();
  const [copy, setCopy] = useState<{ state: CopyState; text: string }>({ state: 'idle', text: '' });
  // "Copied" belongs to the text that was copied; a changed text starts fresh.
  const state: CopyState = copy.text === text ? copy.state : 'idle';

  useEffect(() => {
    if (copy.state !== 'copied') return;
    const timer = setTimeout(() => setCopy({ state: 'idle', text: '' }), 4000);
    return () => clearTimeout(timer);
  }, [copy]);

  const copyText = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopy({ state: 'copied', text });
    } catch {
      setCopy({ state: 'failed', text });
    }
  };

  return (
    <div className="copy-block" data-testid={testId}>
      <div className="copy-block-header">
        <p className="copy-block-title" id={`${id}-title`}>
          {title}
        </p>
        <span className="inline-status" role="status">
          {state === 'copied' && <span className="success">✓ Copied</span>}
          {state === 'failed' && <span className="error-text">Could not copy: select the text and copy it yourself.</span>}
        </span>
        <button type="button" aria-label={`Copy ${copyName}`} onClick={() => void copyText()}>
          Copy
        </button>
      </div>
      <pre aria-labelledby={`${id}-title`} tabIndex={0}>
        <code>{text}</code>
      </pre>
      {note !== undefined && <p className="copy-block-note">{note}</p>}
    </div>
  );
}
