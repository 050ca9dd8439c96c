/**
 * Test connection: runs the form's current DSN through sign → tcp → tls → auth → query in the
 * main process, with Cancel while it runs, and shows the report.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ConnectionTestReport } from '../../../../shared/connection-test';
import type { DsnInput, FieldErrors } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { TestReportView } from './TestReportView';

type TestState =
  | { kind: 'idle' }
  | { kind: 'invalid' }
  | { kind: 'running'; requestId: string; cancelling: boolean }
  | { kind: 'cancelled' }
  | { kind: 'done'; report: ConnectionTestReport }
  | { kind: 'error'; error: AppError };

interface TestConnectionPanelProps {
  /** Validates the form; the DSN when valid, else `undefined` (the form shows the errors). */
  getInput: () => Promise<DsnInput | undefined>;
  onFieldErrors: (fieldErrors: FieldErrors) => void;
}

export function TestConnectionPanel({ getInput, onFieldErrors }: TestConnectionPanelProps) {
  const api = useApi();
  const headingId = useId();
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  /** The request whose answer we still want; answers to any other request are ignored. */
  const current = useRef<string | undefined>(undefined);

  useEffect(
    () => () => {
      // Leaving the DSN (or the window) abandons a running test.
      const requestId = current.current;
      current.current = undefined;
      if (requestId !== undefined) void api.cancelTest(requestId);
    },
    [api],
  );

  const run = async () => {
    const dsn = await getInput();
    if (dsn === undefined) {
      setState({ kind: 'invalid' });
      return;
    }
    const requestId = crypto.randomUUID();
    current.current = requestId;
    setState({ kind: 'running', requestId, cancelling: false });
    const result = await api.testConnection({ requestId, dsn });
    if (current.current !== requestId) return;
    current.current = undefined;
    if (!result.ok) {
      if (result.error.code === 'CANCELLED') {
        setState({ kind: 'cancelled' });
        return;
      }
      if (result.error.fieldErrors !== undefined) onFieldErrors(result.error.fieldErrors);
      setState({ kind: 'error', error: result.error });
      return;
    }
    const report = result.value;
    setState(report.error?.code === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'done', report });
  };

  const cancel = async (requestId: string) => {
    setState({ kind: 'running', requestId, cancelling: true });
    await api.cancelTest(requestId);
    if (current.current !== requestId) return;
    current.current = undefined;
    setState({ kind: 'cancelled' });
  };

  const running = state.kind === 'running';
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h3 id={headingId}>Test connection</h3>
        <p className="muted">Connects with the values above (saved or not), authenticates and runs a query, timing each step.</p>
      </div>
      <div className="panel-actions">
        <button type="button" className="primary" onClick={() => void run()} disabled={running} aria-busy={running}>
          Test connection
        </button>
        {state.kind === 'running' && (
          <>
            <span className="inline-status" role="status">
              <Spinner /> {state.cancelling ? 'Cancelling…' : 'Testing connection…'}
            </span>
            <button type="button" onClick={() => void cancel(state.requestId)} disabled={state.cancelling}>
              Cancel
            </button>
          </>
        )}
        {state.kind === 'cancelled' && (
          <span className="inline-status" role="status">
            Test cancelled.
          </span>
        )}
        {state.kind === 'invalid' && (
          <span className="inline-status error-text" role="status">
            Fix the highlighted fields first.
          </span>
        )}
      </div>
      {state.kind === 'done' && <TestReportView report={state.report} />}
      {state.kind === 'error' && (
        <div className="report report-failure" data-testid="test-report" data-outcome="error">
          <h4 className="report-headline">
            <span aria-hidden="true">✕ </span>The test could not run
          </h4>
          <AppErrorView error={state.error} />
        </div>
      )}
    </section>
  );
}
