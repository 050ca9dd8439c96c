/** Builds the phase list and the final {@link ConnectionTestReport} of a connection test. */
import type { ConnectionTestReport, IdentityFacts, PhaseName, PhaseResult, ServerFacts, TokenFacts } from '../../../shared/connection-test';
import { PHASES, TUNNEL_PHASES } from '../../../shared/connection-test';
import type { AppError } from '../../../shared/result';
import type { AttemptPhase, Span } from './pg-attempt';
import { redactSecrets } from '../files/redact';

/** Collects one result per phase, in the order of {@link PHASES}. */
export class PhaseBook {
  private readonly results = new Map<PhaseName, PhaseResult>();

  /** Records (or replaces) a phase's result. */
  set(name: PhaseName, status: PhaseResult['status'], durationMs: number, note?: string): void {
    this.results.set(name, { name, status, durationMs: Math.max(0, Math.round(durationMs)), note });
  }

  /** Reads a phase's result, if recorded. */
  get(name: PhaseName): PhaseResult | undefined {
    return this.results.get(name);
  }

  /** Notes on a phase, added to any earlier note. */
  note(name: PhaseName, note: string): void {
    const r = this.results.get(name);
    if (r === undefined) this.results.set(name, { name, status: 'skipped', durationMs: 0, note });
    else r.note = r.note === undefined ? note : `${r.note}; ${note}`;
  }

  /**
   * Records the spans of an attempt: phases with a span are ok (or failed, for `failedAt`), the
   * others skipped. Replaces what an earlier attempt recorded for these phases.
   */
  fromSpans(spans: Partial<Record<AttemptPhase, Span>>, failedAt: AttemptPhase | undefined, notes: Partial<Record<AttemptPhase, string>>): void {
    for (const name of ['tcp', 'tls', 'auth', 'query'] as const) {
      const span = spans[name];
      if (span === undefined) this.set(name, 'skipped', 0, notes[name]);
      else this.set(name, name === failedAt ? 'failed' : 'ok', (span.end ?? span.start) - span.start, notes[name]);
    }
  }

  /** Every phase in order; phases never recorded are skipped, and the tunnel's are left out when there is none. */
  list(): PhaseResult[] {
    const tunnelled = TUNNEL_PHASES.some((name) => this.results.has(name));
    return PHASES.filter((name) => tunnelled || !(TUNNEL_PHASES as readonly string[]).includes(name)).map((name) => this.results.get(name) ?? { name, status: 'skipped', durationMs: 0 });
  }
}

/** Everything a report is made of. */
export interface ReportParts {
  phases: PhaseBook;
  startedAt: number;
  totalMs: number;
  server?: ServerFacts | undefined;
  token?: TokenFacts | undefined;
  identity?: IdentityFacts | undefined;
  /** A cached token was refused and one fresh token was tried. */
  retriedWithFreshToken?: boolean | undefined;
  error?: AppError | undefined;
  /** Secrets that must not appear anywhere in the report. */
  secrets: ReadonlyArray<string | undefined>;
}

function scrub(error: AppError, secrets: ReadonlyArray<string | undefined>): AppError {
  const clean = (s: string | undefined): string | undefined => (s === undefined ? undefined : redactSecrets(s, secrets));
  return { ...error, message: redactSecrets(error.message, secrets), hint: clean(error.hint), detail: clean(error.detail) };
}

/** The report, with every secret scrubbed from error texts as a last line of defence. */
export function buildReport(parts: ReportParts): ConnectionTestReport {
  const phases = parts.phases.list().map((p) => (p.note === undefined ? p : { ...p, note: redactSecrets(p.note, parts.secrets) }));
  return {
    outcome: parts.error === undefined ? 'success' : 'failure',
    phases,
    totalMs: Math.max(0, Math.round(parts.totalMs)),
    startedAt: new Date(parts.startedAt).toISOString(),
    server: parts.server,
    token: parts.token,
    identity: parts.identity,
    retriedWithFreshToken: parts.retriedWithFreshToken,
    error: parts.error === undefined ? undefined : scrub(parts.error, parts.secrets),
  };
}
