/**
 * A connection test's report, most important first: one headline in the user's words, then for a
 * failure what happened, the likely cause and ONE primary action that fixes it where the app can,
 * with "Other things to check" and the raw text folded; for a success its warnings (an amber
 * "encrypted, not verified"). Below: the phases with their timings, then what the server, the
 * token and AWS said. Every string is a text node.
 */
import type { ConnectionTestReport, PhaseName, PhaseResult } from '../../../../shared/connection-test';
import type { DsnInput } from '../../../../shared/dsn';
import type { AppError, FixAction } from '../../../../shared/result';
import { DETAIL_LABELS, ERROR_FAMILY } from '../../components/error-family';
import { ssoLoginCommand } from '../../components/hint-command';
import { Time } from '../../components/Time';
import { FixActionButton } from './FixActionButton';
import { IdentityFactsView, ServerFactsView, TokenFactsView } from './ReportFacts';
import { phaseTone, reportHeadline, reportTone, reportWarnings, tlsVerified } from './report-summary';

const PHASE_LABELS: Record<PhaseName, string> = {
  sign: 'Sign token',
  'ssh-connect': 'SSH connect',
  'host-key': 'Host key',
  'ssh-auth': 'SSH login',
  forward: 'Forward',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  auth: 'Authenticate',
  query: 'Query',
};

const TONE_ICONS = { success: '✓', warning: '⚠', failure: '✕' } as const;
const PHASE_ICONS = { ok: '✓', warning: '⚠', failed: '✕', skipped: '–' } as const;

interface TestReportViewProps {
  report: ConnectionTestReport;
  /** The values the test ran with. */
  tested: DsnInput;
  /** Runs a fix the report offers (set a field, open IAM setup, go to a field). */
  onAction: (action: FixAction) => void;
}

/** The one action of a failure: main's, else the sign-in command of an SSO hint. */
function primaryAction(error: AppError): FixAction | undefined {
  if (error.action !== undefined) return error.action;
  const sso = error.code === 'SSO_LOGIN_REQUIRED' ? ssoLoginCommand(error.hint) : undefined;
  return sso === undefined ? undefined : { kind: 'copy', text: sso, label: `Copy ${sso}` };
}

export function TestReportView({ report, tested, onAction }: TestReportViewProps) {
  const warnings = reportWarnings(report, tested);
  const tone = reportTone(report, warnings);
  const verified = tlsVerified(report, tested);
  const error = report.outcome === 'failure' ? report.error : undefined;
  return (
    <div className={`report report-${tone}`} data-testid="test-report" data-outcome={report.outcome} data-tone={tone}>
      <h3 className="report-headline">
        <span aria-hidden="true">{TONE_ICONS[tone]} </span>
        {reportHeadline(report, tone)}
      </h3>
      <p className="report-when muted">
        <Time iso={report.startedAt} /> · {report.totalMs} ms
      </p>
      {error !== undefined && <FailureView error={error} onAction={onAction} />}
      {warnings.length > 0 && (
        <ul className="report-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w.id} data-testid={`warning-${w.id}`}>
              <p>{w.text}</p>
              {w.action !== undefined && <FixActionButton action={w.action} onAction={onAction} />}
            </li>
          ))}
        </ul>
      )}
      {report.retriedWithFreshToken === true && (
        <p className="report-note" role="note" data-testid="retried-note">
          The server refused the cached token, so the test retried once with a fresh token.
        </p>
      )}
      <PhaseTable phases={report.phases} verified={verified} />
      {(report.server !== undefined || report.token !== undefined || report.identity !== undefined) && (
        <details className="facts-details" open>
          <summary>Server, token and identity</summary>
          <div className="facts">
            {report.server !== undefined && <ServerFactsView server={report.server} verified={verified} />}
            {report.token !== undefined && <TokenFactsView token={report.token} />}
            {report.identity !== undefined && <IdentityFactsView identity={report.identity} />}
          </div>
        </details>
      )}
    </div>
  );
}

function FailureView({ error, onAction }: { error: AppError; onAction: (action: FixAction) => void }) {
  const action = primaryAction(error);
  return (
    <div className="report-failure-body">
      <p className="report-message" data-testid="error-message">
        {error.message} <span className="error-code">({error.code})</span>
      </p>
      {error.cause !== undefined && (
        <p className="report-cause" data-testid="error-cause">
          <strong>Likely cause:</strong> {error.cause}
        </p>
      )}
      {action !== undefined && <FixActionButton action={action} onAction={onAction} primary />}
      {error.hint !== undefined && error.hint !== '' && (
        <details className="report-more">
          <summary>Other things to check</summary>
          <p className="hint-text" data-testid="error-hint">
            {error.hint}
          </p>
        </details>
      )}
      {error.detail !== undefined && error.detail !== '' && (
        <details className="report-more">
          <summary>{DETAIL_LABELS[ERROR_FAMILY[error.code]]}</summary>
          <pre data-testid="error-detail">{error.detail}</pre>
        </details>
      )}
    </div>
  );
}

function PhaseTable({ phases, verified }: { phases: PhaseResult[]; verified: boolean | undefined }) {
  return (
    <table className="phases">
      <caption>Phases</caption>
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col">Result</th>
          <th scope="col" className="num">
            Time
          </th>
        </tr>
      </thead>
      <tbody>
        {phases.map((phase) => {
          const tone = phaseTone(phase, verified);
          const result = tone === 'warning' ? 'encrypted, not verified' : phase.status === 'skipped' ? 'not reached' : phase.status;
          return (
            <tr key={phase.name} data-testid={`phase-${phase.name}`} data-status={phase.status} data-tone={tone} className={`phase-${tone}`}>
              <th scope="row">{PHASE_LABELS[phase.name]}</th>
              <td>
                <span aria-hidden="true">{PHASE_ICONS[tone]} </span>
                {result}
                {/* A skipped phase has nothing to say; an unverified TLS row's warning says it above. */}
                {phase.status !== 'skipped' && tone !== 'warning' && phase.note !== undefined && phase.note !== '' && <span className="phase-note"> — {phase.note}</span>}
              </td>
              <td className="num">{phase.status === 'skipped' ? '—' : `${phase.durationMs} ms`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
