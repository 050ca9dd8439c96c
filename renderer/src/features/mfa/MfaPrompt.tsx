/**
 * App-level: listens for main's MFA requests (`api.on('mfaRequest')`), shows one dialog at a
 * time, answers with {@link IamDsnApi.answerMfa}, and says so when a request ended unanswered.
 * After a code the dialog stays open while AWS checks it: main's `mfaResult` closes it, and a
 * rejected code comes back as the same request (`previousCodeRejected`), asked again in place.
 */
import { useEffect, useState } from 'react';
import type { MfaRequest } from '../../../../shared/ipc-contract';
import { useApi } from '../../api';
import { PromptNotice } from '../../components/prompt-queue';
import { MfaDialog } from './MfaDialog';

const REJECTED = 'AWS rejected that code. Codes change every 30 seconds and each works once: enter the next one your device shows.';

export function MfaPrompt() {
  const api = useApi();
  const [queue, setQueue] = useState<MfaRequest[]>([]);
  const [notice, setNotice] = useState<string>();
  /** Requests whose last code main refused as malformed: asked again, with main's message. */
  const [refused, setRefused] = useState<{ requestId: string; message: string }>();
  /** The request whose code AWS is checking: its dialog waits, disabled. */
  const [checking, setChecking] = useState<string>();

  useEffect(
    () =>
      api.on('mfaRequest', (request) => {
        setNotice(undefined);
        if (request.previousCodeRejected === true) {
          setChecking((c) => (c === request.requestId ? undefined : c));
          setRefused({ requestId: request.requestId, message: REJECTED });
        }
        setQueue((q) => (q.some((r) => r.requestId === request.requestId) ? q.map((r) => (r.requestId === request.requestId ? request : r)) : [...q, request]));
      }),
    [api],
  );
  useEffect(
    () =>
      api.on('mfaResult', ({ requestId }) => {
        setChecking((c) => (c === requestId ? undefined : c));
        setQueue((q) => q.filter((r) => r.requestId !== requestId));
      }),
    [api],
  );

  const current = queue[0];
  const done = (requestId: string) => setQueue((q) => q.filter((r) => r.requestId !== requestId));

  const answer = (request: MfaRequest, code: string | null) => {
    // A code keeps the dialog while AWS checks it; Cancel closes it.
    if (code === null) done(request.requestId);
    else {
      setChecking(request.requestId);
      setRefused(undefined);
    }
    void api.answerMfa(request.requestId, code).then((result) => {
      if (code !== null && !(result.ok && result.value.accepted)) {
        setChecking(undefined);
        done(request.requestId);
      }
      if (!result.ok && result.error.code === 'VALIDATION' && code !== null) {
        // The request is still open in main: ask again.
        setRefused({ requestId: request.requestId, message: result.error.message });
        setQueue((q) => [request, ...q.filter((r) => r.requestId !== request.requestId)]);
      } else if (!result.ok) {
        setNotice(`The MFA answer did not reach the app: ${result.error.message}`);
      } else if (!result.value.accepted && code !== null) {
        setNotice('The MFA request had already ended. Test again to get a new one.');
      }
    });
  };

  const expire = (request: MfaRequest) => {
    done(request.requestId);
    setNotice(`The MFA request for ${request.purpose} expired without a code. Test again to get a new one.`);
  };

  return (
    <>
      {current !== undefined && (
        <MfaDialog
          key={current.requestId}
          request={current}
          error={refused?.requestId === current.requestId ? refused.message : undefined}
          checking={checking === current.requestId}
          onAnswer={(code) => answer(current, code)}
          onExpire={() => expire(current)}
        />
      )}
      <PromptNotice notice={notice} onDismiss={() => setNotice(undefined)} />
    </>
  );
}
