/** A connection test's report: headline, phase timings, server and token facts, diagnosis. */
import type { ConnectionTestReport, PhaseName, PhaseResult, ServerFacts, TokenFacts } from '../../../../shared/connection-test';
import { AppErrorView } from '../../components/AppErrorView';

const PHASE_LABELS: Record<PhaseName, string> = {
  sign: 'Sign token',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  auth: 'Authenticate',
  query: 'Query',
};

const STATUS_ICONS: Record<PhaseResult['status'], string> = { ok: '✓', failed: '✕', skipped: '–' };

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

export function TestReportView({ report }: { report: ConnectionTestReport }) {
  const success = report.outcome === 'success';
  return (
    <div className={`report ${success ? 'report-success' : 'report-failure'}`} data-testid="test-report" data-outcome={report.outcome}>
      <h4 className="report-headline">
        <span aria-hidden="true">{success ? '✓ ' : '✕ '}</span>
        {success ? 'Connection succeeded' : 'Connection failed'}
        <span className="muted"> in {report.totalMs} ms</span>
      </h4>
      {!success && report.error !== undefined && <AppErrorView error={report.error} />}
      <PhaseTable phases={report.phases} />
      <div className="facts">
        {report.server !== undefined && <ServerFactsView server={report.server} />}
        {report.token !== undefined && <TokenFactsView token={report.token} />}
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

function ServerFactsView({ server }: { server: ServerFacts }) {
  return (
    <section className="fact-group" aria-label="Server">
      <h5>Server</h5>
      <dl>
        <dt>Version</dt>
        <dd>{server.serverVersion}</dd>
        <dt>current_user</dt>
        <dd>{server.currentUser}</dd>
        <dt>Database</dt>
        <dd>{server.database}</dd>
        <dt>Encryption</dt>
        <dd>{server.tls === null ? 'not encrypted' : `${server.tls.version}, ${server.tls.cipher}`}</dd>
        <dt>Connected to</dt>
        <dd>{server.connectedTo}</dd>
      </dl>
    </section>
  );
}

function TokenFactsView({ token }: { token: TokenFacts }) {
  return (
    <section className="fact-group" aria-label="IAM token">
      <h5>IAM token</h5>
      <dl>
        <dt>Signed for</dt>
        <dd>{token.signedFor}</dd>
        <dt>Region</dt>
        <dd>{token.region}</dd>
        <dt>Reused until</dt>
        <dd>
          <time dateTime={token.reuseUntil}>{formatTime(token.reuseUntil)}</time>
        </dd>
        <dt>From cache</dt>
        <dd>{token.fromCache ? 'yes (reused)' : 'no (freshly signed)'}</dd>
      </dl>
    </section>
  );
}
