/**
 * How a test report reads at a glance, from what the report says (pure): succeeded, succeeded
 * with warnings (encrypted but not verified, not encrypted), or failed; the headline; and the
 * warnings, each with the action that deals with it.
 */
import type { ConnectionTestReport, PhaseResult } from '../../../../shared/connection-test';
import type { Dsn } from '../../../../shared/dsn';
import type { FixAction } from '../../../../shared/result';
import { ERROR_FAMILY, FAILURE_HEADLINES } from '../../components/error-family';

export type ReportTone = 'success' | 'warning' | 'failure';

export interface ReportWarning {
  id: 'tls-unverified' | 'not-encrypted';
  text: string;
  action?: FixAction;
}

/**
 * Whether the server certificate was verified: the report's own word when main gives it, else
 * what the tested DSN says (a CA bundle is what turns verification on). Undefined when not encrypted.
 */
export function tlsVerified(report: ConnectionTestReport, tested: Pick<Dsn, 'caBundlePath'>): boolean | undefined {
  const tls = report.server?.tls;
  if (tls === null || tls === undefined) return undefined;
  return tls.verified ?? tested.caBundlePath !== '';
}

export function reportWarnings(report: ConnectionTestReport, tested: Pick<Dsn, 'caBundlePath' | 'sslMode'>): ReportWarning[] {
  if (report.outcome !== 'success' || report.server === undefined) return [];
  const verified = tlsVerified(report, tested);
  if (verified === false) {
    return [
      {
        id: 'tls-unverified',
        text: 'Encrypted, but the server certificate was not verified: no CA bundle is set, so an impostor on the network could not be told apart.',
        action: { kind: 'focus-field', field: 'caBundlePath', label: 'Set a CA bundle' },
      },
    ];
  }
  if (verified === undefined) {
    return [{ id: 'not-encrypted', text: `Not encrypted: sslmode ${tested.sslMode} let the connection go without TLS, password and data in clear.`, action: { kind: 'set-field', field: 'sslMode', value: 'require', label: 'Set SSL mode to require' } }];
  }
  return [];
}

export function reportTone(report: ConnectionTestReport, warnings: readonly ReportWarning[]): ReportTone {
  if (report.outcome !== 'success') return 'failure';
  return warnings.length > 0 ? 'warning' : 'success';
}

export function reportHeadline(report: ConnectionTestReport, tone: ReportTone): string {
  if (tone === 'success') return 'Connection succeeded';
  if (tone === 'warning') return 'Succeeded with warnings';
  return report.error === undefined ? 'Connection failed' : FAILURE_HEADLINES[ERROR_FAMILY[report.error.code]];
}

/** A phase's row as shown: the TLS row of an unverified connection is amber. */
export function phaseTone(phase: PhaseResult, verified: boolean | undefined): 'ok' | 'warning' | 'failed' | 'skipped' {
  if (phase.status === 'ok' && phase.name === 'tls' && verified === false) return 'warning';
  return phase.status;
}
