/**
 * What the app-level prompts share: main's requests of one event kind queued and shown one at a
 * time (the SSH questions; MFA keeps its own queue, which also replaces a request AWS sent back),
 * and the dismissible notice for a request that ended unanswered (both).
 */
import { useEffect, useState } from 'react';
import type { IamDsnEvents } from '../../../shared/ipc-contract';
import { useApi } from '../api';

type PromptEvent = 'mfaRequest' | 'sshPrompt';

/** The queue of one prompt event: the request to show, and how to take it off or put it back. */
export function usePromptQueue<E extends PromptEvent>(event: E) {
  const api = useApi();
  const [queue, setQueue] = useState<Array<IamDsnEvents[E]>>([]);
  const [notice, setNotice] = useState<string>();
  useEffect(
    () =>
      api.on(event, (request) => {
        setNotice(undefined);
        setQueue((q) => (q.some((r) => r.requestId === request.requestId) ? q : [...q, request]));
      }),
    [api, event],
  );
  const done = (requestId: string) => setQueue((q) => q.filter((r) => r.requestId !== requestId));
  /** Shows `request` again first (main still waits for it). */
  const again = (request: IamDsnEvents[E]) => setQueue((q) => [request, ...q.filter((r) => r.requestId !== request.requestId)]);
  return { current: queue[0], done, again, notice, setNotice };
}

/** The notice line under the prompts (a live region, empty when there is nothing to say). */
export function PromptNotice({ notice, onDismiss }: { notice: string | undefined; onDismiss: () => void }) {
  return (
    <div className="mfa-notice" role="status">
      {notice !== undefined && (
        <div className="banner banner-warning">
          <p className="banner-text">{notice}</p>
          <button type="button" className="banner-close" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
