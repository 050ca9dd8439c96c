/**
 * The test result beside (or, in a narrow window, below) the form, never pushing it away: running
 * with Cancel, cancelled, the report, or why the test could not run. Close hides it until the
 * next test.
 */
import type { FixAction } from '../../../../shared/result';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { TestReportView } from './TestReportView';
import type { TestState } from './use-connection-test';

interface TestResultPanelProps {
  state: TestState;
  onCancel: () => void;
  onClose: () => void;
  onAction: (action: FixAction) => void;
}

export function TestResultPanel({ state, onCancel, onClose, onAction }: TestResultPanelProps) {
  if (state.kind === 'idle') return null;
  return (
    <aside className="result-panel" aria-label="Test result" data-testid="result-panel">
      <div className="result-panel-header">
        <h2>Test result</h2>
        <button type="button" className="icon-button" aria-label="Close the test result" title="Close" onClick={onClose} disabled={state.kind === 'running'}>
          ×
        </button>
      </div>
      <div className="result-panel-body">
        {state.kind === 'running' && (
          <div className="inline-status" role="status">
            <Spinner /> {state.cancelling ? 'Cancelling…' : 'Testing connection…'}
            <button type="button" onClick={onCancel} disabled={state.cancelling}>
              Cancel
            </button>
          </div>
        )}
        {state.kind === 'cancelled' && (
          <p className="inline-status" role="status">
            Test cancelled.
          </p>
        )}
        {state.kind === 'done' && <TestReportView report={state.report} tested={state.tested} onAction={onAction} />}
        {state.kind === 'error' && (
          <div className="report report-failure" data-testid="test-report" data-outcome="error">
            <h3 className="report-headline">
              <span aria-hidden="true">✕ </span>The test could not run
            </h3>
            <AppErrorView error={state.error} />
          </div>
        )}
      </div>
    </aside>
  );
}
