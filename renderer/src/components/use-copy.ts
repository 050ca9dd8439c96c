/**
 * Copy to the clipboard with the state a Copy button shows: "Copied" for 4 s, or "failed" (the
 * user then selects the text). The state belongs to the text copied: a changed text starts idle.
 */
import { useCallback, useEffect, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

export function useCopy(text: string): { state: CopyState; copy: (override?: string) => Promise<boolean> } {
  const [copied, setCopied] = useState<{ state: CopyState; text: string }>({ state: 'idle', text: '' });

  useEffect(() => {
    if (copied.state !== 'copied') return;
    const timer = setTimeout(() => setCopied({ state: 'idle', text: '' }), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = useCallback(
    async (override?: string): Promise<boolean> => {
      const value = override ?? text;
      try {
        await navigator.clipboard.writeText(value);
        setCopied({ state: 'copied', text });
        return true;
      } catch {
        setCopied({ state: 'failed', text });
        return false;
      }
    },
    [text],
  );

  return { state: copied.text === text ? copied.state : 'idle', copy };
}
