/**
 * One Test connection at a time for the editor: run with the form's values, cancel, and the
 * state the result panel shows. Leaving the DSN (unmount) cancels a running test.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionTestReport } from '../../../../shared/connection-test';
import type { DsnInput, FieldErrors } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';

export type TestState =
  | { kind: 'idle' }
  | { kind: 'running'; requestId: string; cancelling: boolean }
  | { kind: 'cancelled' }
  | { kind: 'done'; report: ConnectionTestReport; tested: DsnInput }
  | { kind: 'error'; error: AppError };

export function useConnectionTest(onFieldErrors: (fieldErrors: FieldErrors) => void) {
  const api = useApi();
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  /** The request whose answer we still want; answers to any other request are ignored. */
  const current = useRef<string | undefined>(undefined);

  useEffect(
    () => () => {
      const requestId = current.current;
      current.current = undefined;
      if (requestId !== undefined) void api.cancelTest(requestId);
    },
    [api],
  );

  const run = useCallback(
    async (dsn: DsnInput): Promise<ConnectionTestReport | undefined> => {
      const requestId = crypto.randomUUID();
      current.current = requestId;
      setState({ kind: 'running', requestId, cancelling: false });
      const result = await api.testConnection({ requestId, dsn });
      if (current.current !== requestId) return undefined;
      current.current = undefined;
      if (!result.ok) {
        if (result.error.code === 'CANCELLED') setState({ kind: 'cancelled' });
        else {
          if (result.error.fieldErrors !== undefined) onFieldErrors(result.error.fieldErrors);
          setState({ kind: 'error', error: result.error });
        }
        return undefined;
      }
      const report = result.value;
      setState(report.error?.code === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'done', report, tested: dsn });
      return report;
    },
    [api, onFieldErrors],
  );

  const cancel = useCallback(async () => {
    const requestId = current.current;
    if (requestId === undefined) return;
    setState({ kind: 'running', requestId, cancelling: true });
    await api.cancelTest(requestId);
    if (current.current !== requestId) return;
    current.current = undefined;
    setState({ kind: 'cancelled' });
  }, [api]);

  const dismiss = useCallback(() => {
    if (current.current === undefined) setState({ kind: 'idle' });
  }, []);

  return { state, run, cancel, dismiss };
}
