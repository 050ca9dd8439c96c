/**
 * Test connection: signs a token (IAM), connects with the DSN's SSL mode the way libpq would,
 * logs in, runs one query and reports each phase with a diagnosis. Never throws.
 */
import { performance } from 'node:perf_hooks';
import { DatabaseError } from 'pg';
import type { ConnectionTestReport } from '../../../shared/connection-test';
import { type Dsn, socketTarget } from '../../../shared/dsn';
import type { AppError } from '../../../shared/result';
import type { Clock } from '../ports';
import { diagnoseError, diagnoseTimeout } from './diagnosis';
import { type AttemptOutcome, runAttempt } from './pg-attempt';
import type { SignedToken, TokenSignerPort } from './signer';
import { TesterError } from './tester-error';
import { PhaseBook, buildReport } from './test-report';
import { buildTlsPlan, type ReadTextFile, readTextFile, type TlsPlan } from './tls-plan';

export interface ConnectionTesterDeps {
  signer: TokenSignerPort;
  clock: Clock;
  /** Reads the CA bundle; defaults to fs. */
  readTextFile?: ReadTextFile;
}

export interface TestOptions {
  /** The database password (database auth); never logged or reported. */
  password?: string | undefined;
  signal?: AbortSignal | undefined;
}

type Transport = 'tls' | 'plain';

const CANCELLED: AppError = { code: 'CANCELLED', message: 'The test was cancelled.' };
const ABORTED: unique symbol = Symbol('aborted');
/** Error codes after which a cached token is not reused. */
const TOKEN_REFUSED = new Set(['PAM_AUTH_FAILED', 'PASSWORD_AUTH_FAILED']);

/** The transport libpq tries first for a DSN. IAM never starts in plaintext (allow → TLS first). */
function firstTransport(dsn: Dsn): Transport {
  if (dsn.sslMode === 'disable') return 'plain';
  if (dsn.sslMode === 'allow') return dsn.authType === 'iam' ? 'tls' : 'plain';
  return 'tls';
}

/** libpq's second try: prefer → plaintext when the server refuses TLS; allow → TLS when the server refuses the plaintext login. */
function fallbackTransport(dsn: Dsn, tried: Transport, outcome: AttemptOutcome, error: AppError): Transport | undefined {
  if (outcome.ok || outcome.failure.kind !== 'error') return undefined;
  if (dsn.sslMode === 'prefer' && tried === 'tls' && dsn.authType === 'database' && error.code === 'TLS_NOT_SUPPORTED') return 'plain';
  if (dsn.sslMode === 'allow' && tried === 'plain' && outcome.phase === 'auth' && outcome.failure.error instanceof DatabaseError) return 'tls';
  return undefined;
}

async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (signal === undefined) return work;
  if (signal.aborted) return ABORTED;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Runs connection tests. Deps: a token signer (IAM), a clock, and optionally a file reader for
 * the CA bundle. See {@link buildTlsPlan} for what is verified with and without a CA bundle.
 */
export class ConnectionTester {
  private readonly read: ReadTextFile;

  constructor(private readonly deps: ConnectionTesterDeps) {
    this.read = deps.readTextFile ?? readTextFile;
  }

  /** Runs one test. Resolves with a report, failure included; never rejects. */
  async test(dsn: Dsn, opts: TestOptions = {}): Promise<ConnectionTestReport> {
    const startedAt = this.deps.clock.now();
    try {
      return await this.run(dsn, opts, startedAt);
    } catch (error) {
      // A bug, not a connection problem: report it without its text (which could hold anything).
      const kind = error instanceof Error ? error.name : typeof error;
      return buildReport({
        phases: new PhaseBook(),
        startedAt,
        totalMs: this.deps.clock.now() - startedAt,
        error: { code: 'INTERNAL', message: 'The connection test failed inside the app.', detail: kind },
        secrets: [],
      });
    }
  }

  private async run(dsn: Dsn, opts: TestOptions, startedAt: number): Promise<ConnectionTestReport> {
    const t0 = performance.now();
    const phases = new PhaseBook();
    const secrets: Array<string | undefined> = [opts.password];
    const report = (error?: AppError, extra: { server?: ConnectionTestReport['server']; token?: SignedToken } = {}): ConnectionTestReport =>
      buildReport({ phases, startedAt, totalMs: performance.now() - t0, server: extra.server, token: extra.token?.facts, error, secrets });

    // sign
    let token: SignedToken | undefined;
    if (dsn.authType === 'iam') {
      const t = performance.now();
      const signed = await raceAbort(this.deps.signer.sign(dsn), opts.signal);
      if (signed === ABORTED) {
        phases.set('sign', 'failed', performance.now() - t, 'cancelled');
        return report(CANCELLED);
      }
      if (!signed.ok) {
        phases.set('sign', 'failed', performance.now() - t);
        return report(signed.error);
      }
      token = signed.value;
      secrets.push(token.token);
      const f = token.facts;
      phases.set('sign', 'ok', performance.now() - t, f.fromCache ? `token reused from cache (until ${f.reuseUntil})` : `new token signed for ${f.signedFor} in ${f.region}`);
    } else {
      phases.set('sign', 'skipped', 0, 'database authentication: no token');
    }

    // TLS settings (and the CA bundle) before any socket opens
    let transport = firstTransport(dsn);
    let tlsPlan: TlsPlan | undefined;
    if (dsn.sslMode !== 'disable') {
      const plan = await buildTlsPlan(dsn, this.read);
      if (!plan.ok) {
        phases.set('tls', 'failed', 0, 'CA bundle');
        return report(plan.error, { token });
      }
      tlsPlan = plan.value;
    }
    // Said on the TLS phase of every attempt: why TLS came first, or why this is a second try.
    const tlsPrefix: string[] = [];
    if (dsn.authType === 'iam' && dsn.sslMode === 'allow') tlsPrefix.push('sslmode allow: IAM tokens are only sent over TLS, so TLS was used first');

    const target = socketTarget(dsn);
    const secretFor = async (): Promise<string> => {
      if (token !== undefined) return token.token;
      if (opts.password === undefined || opts.password === '') {
        throw new TesterError('PASSWORD_MISSING', 'The server asks for a password, but none is stored or entered for this DSN.', 'Enter the database password and test again (save the DSN to keep it).');
      }
      return opts.password;
    };

    for (let attemptNo = 1; ; attemptNo++) {
      const plan = transport === 'tls' ? tlsPlan : undefined;
      const outcome = await runAttempt({
        dsn,
        tls: plan !== undefined ? plan.options : null,
        password: secretFor,
        secretNeedsTls: dsn.authType === 'iam',
        signal: opts.signal,
      });
      const tlsNote = plan !== undefined ? plan.note : `not encrypted (sslmode ${dsn.sslMode})`;
      phases.fromSpans(outcome.spans, outcome.ok ? undefined : outcome.phase, {
        tcp: `${target.host}:${target.port}${dsn.connectViaHost !== '' ? ` (connect via, for ${dsn.server}:${dsn.port})` : ''}`,
        tls: [...tlsPrefix, tlsNote].join('; '),
      });

      if (outcome.ok) {
        const server = { ...outcome.facts, connectedTo: `${target.host}:${target.port}` };
        phases.note('auth', dsn.authType === 'iam' ? 'IAM token accepted' : 'logged in');
        phases.note('query', `PostgreSQL ${server.serverVersion}`);
        return report(undefined, { server, token });
      }

      if (outcome.failure.kind === 'cancelled') return report(CANCELLED, { token });
      const ctx = { dsn, phase: outcome.phase, token: token?.facts, tls: plan !== undefined };
      const error = outcome.failure.kind === 'timeout' ? diagnoseTimeout(ctx) : diagnoseError(outcome.failure.error, ctx);
      if (token !== undefined && TOKEN_REFUSED.has(error.code)) this.deps.signer.invalidate(token.cacheKey);

      const next = attemptNo === 1 ? fallbackTransport(dsn, transport, outcome, error) : undefined;
      if (next === undefined) return report(error, { token });
      tlsPrefix.push(
        next === 'plain'
          ? 'the server refused TLS; retried without encryption (sslmode prefer)'
          : `the plaintext login was refused (${error.code}); retried with TLS (sslmode allow)`,
      );
      transport = next;
    }
  }
}
