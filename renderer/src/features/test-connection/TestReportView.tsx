/** A connection test's report: headline, phase timings, server, token and identity facts, diagnosis. */
import type { ConnectionTestReport, PhaseName, PhaseResult } from '../../../../shared/connection-test';
import { AppErrorView } from '../../components/AppErrorView';
import { IdentityFactsView, ServerFactsView, TokenFactsView } from './ReportFacts';

const PHASE_LABELS: Record<PhaseName, string> = {
  sign: 'Sign token',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  auth: 'Authenticate',
  query: 'Query',
};

const STATUS_ICONS: Record<PhaseResult['status'], string> = { ok: '✓', failed: '✕', skipped: '–' };

export function TestReportView({ report }: { report: ConnectionTestReport }) {
  const success = report.outcome === 'success';
  return (
    <div className={`report ${success ? 'report-success' : 'report-failure'}`} data-testid="test-report" data-outcome={report.outcome}>
      <h4 className="report-headline">
        <span aria-hidden="true">{success ? '✓ ' : '✕ '}</span>
        {success ? 'Connection succeeded' : 'Connection failed'}
        <span className="muted"> in {report.totalMs} ms</span>
      </h4>
      {report.retriedWithFreshToken === true && (
        <p className="report-note" role="note" data-testid="retried-note">
          The server refused the cached token, so the test retried once with a fresh token.
        </p>
      )}
      {!success && report.error !== undefined && <AppErrorView error={report.error} />}
      <PhaseTable phases={report.phases} />
      <div className="facts">
        {report.server !== undefined && <ServerFactsView server={report.server} />}
        {report.token !== undefined && <TokenFactsView token={report.token} />}
        {report.identity !== undefined && <IdentityFactsView identity={report.identity} />}
      </div>
    </div>
  );
}

function PhaseTable({ phases }: { phases: PhaseResult[] }) {
  return (
    <table className="phases">
      <caption>Phases</caption>
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Time
          </th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {phases.map((phase) => (
          <tr key={phase.name} data-testid={`phase-${phase.name}`} data-status={phase.status} className={`phase-${phase.status}`}>
            <th scope="row">
              {PHASE_LABELS[phase.name]} <span className="muted">({phase.name})</span>
            </th>
            <td>
              <span aria-hidden="true">{STATUS_ICONS[phase.status]} </span>
              {phase.status}
            </td>
            <td className="num">{phase.status === 'skipped' ? '—' : `${phase.durationMs} ms`}</td>
            <td>{phase.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
