/**
 * Test connection: signs a token (IAM), connects with the DSN's SSL mode the way libpq would,
 * logs in, runs one query and reports each phase with a diagnosis. Never throws.
 *
 * Token lifecycle: the token reaches the server only through pg's password callback. When the
 * server refuses a token that came from the signer's cache, it is invalidated and the login is
 * retried exactly once with a freshly signed token. Concurrent tests of the same DSN share one
 * attempt (see shared-attempts.ts).
 */
import { performance } from 'node:perf_hooks';
import { type ConnectionTestReport, type ServerFacts, type TokenFacts, TUNNEL_PHASES } from '../../../shared/connection-test';
import { type Dsn, socketTarget } from '../../../shared/dsn';
import { networkOf, sshOf } from '../../../shared/network';
import type { AppError, Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import type { TunnelOpen, TunnelPort } from '../tunnels/tunnel-service';
import { ABORTED, fallbackTransport, firstTransport, raceAbort } from './attempt-plan';
import type { CallerIdentityPort } from './caller-identity';
import { inspectServerCertificate } from './cert-facts';
import { type DiagnosisContext, diagnoseError, diagnoseTimeout, wantsCertificate } from './diagnosis/diagnosis';
import { CALLER_LOOKUP_TIMEOUT_MS, type CallerLookup, reportIdentity, startCallerLookup } from './caller-lookup';
import { parseTokenClaims, type TokenClaims } from './diagnosis/local-checks';
import { type AttemptOutcome, runAttempt } from './pg-attempt';
import type { StaticSecrets } from '../credentials/types';
import type { SignedToken, TokenSignerPort } from '../iam-token/signer';
import { AttemptKeyMaker, SharedAttempts } from './shared-attempts';
import { TesterError } from './tester-error';
import { PhaseBook, buildReport } from './report';
import { regionFromEndpoint } from '../../../shared/region';
import { buildTlsPlan, type ReadTextFile, readTextFile, type TlsPlan } from './tls-plan';

/** What a {@link ConnectionTester} needs. */
export interface ConnectionTesterDeps {
  signer: TokenSignerPort;
  clock: Clock;
  /** Reads the CA bundle; defaults to fs. */
  readTextFile?: ReadTextFile;
  /** Optional caller-ARN lookup (STS GetCallerIdentity), run in parallel with the connection. */
  callerIdentity?: CallerIdentityPort | undefined;
  /** Deadline of that lookup in ms (default {@link CALLER_LOOKUP_TIMEOUT_MS}). */
  callerIdentityTimeoutMs?: number | undefined;
  /** Opens SSH tunnels for DSNs whose network is `ssh`. */
  tunnels?: TunnelPort | undefined;
}

/** Options of one test. */
export interface TestOptions {
  /** The database password (database auth); never logged or reported. */
  password?: string | undefined;
  /** The secret key and session token of a `static` credential source, for the signer. Never reported. */
  secrets?: StaticSecrets | undefined;
  /** The SSH bastion's password (an SSH tunnel with password authentication); never logged or reported. */
  sshPassword?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** What the application layer asks of a tester; {@link ConnectionTester} is the real one. */
export interface ConnectionTesterPort {
  /** Resolves with a report, failure included; never rejects. */
  test(dsn: Dsn, opts?: TestOptions): Promise<ConnectionTestReport>;
}

const CANCELLED: AppError = { code: 'CANCELLED', message: 'The test was cancelled.' };
/** Error codes after which a token is not reused (and a cached one is retried once, fresh). */
const TOKEN_REFUSED = new Set(['PAM_AUTH_FAILED', 'PASSWORD_AUTH_FAILED']);
/** How long the certificate inspection after a TLS verification failure may take at most. */
const INSPECT_TIMEOUT_MS = 3000;

/** The state of one test run, shared by its steps. */
interface Run {
  dsn: Dsn;
  password: string | undefined;
  /** For the signer only; never in the report. */
  staticSecrets: StaticSecrets;
  /** For the tunnel only; never in the report. */
  sshPassword: string | undefined;
  signal: AbortSignal;
  startedAt: number;
  t0: number;
  phases: PhaseBook;
  secrets: Array<string | undefined>;
  token?: SignedToken | undefined;
  claims?: TokenClaims | undefined;
  retried: boolean;
  lookup?: CallerLookup | undefined;
}

/**
 * Runs connection tests. Deps: a token signer (IAM), a clock, and optionally a file reader for
 * the CA bundle and a caller-identity lookup. See {@link buildTlsPlan} for what is verified.
 */
export class ConnectionTester implements ConnectionTesterPort {
  private readonly read: ReadTextFile;
  private readonly keys = new AttemptKeyMaker();
  private readonly shared = new SharedAttempts<ConnectionTestReport>();

  constructor(private readonly deps: ConnectionTesterDeps) {
    this.read = deps.readTextFile ?? readTextFile;
  }

  /** Tests running now (distinct attempts, after sharing). */
  get runningAttempts(): number {
    return this.shared.size;
  }

  /**
   * Runs one test, or joins the identical one already running. Resolves with a report, failure
   * included; never rejects. Aborting `opts.signal` cancels only this caller's wait unless no
   * other caller is waiting for the same attempt.
   */
  test(dsn: Dsn, opts: TestOptions = {}): Promise<ConnectionTestReport> {
    const joinedAt = this.deps.clock.now();
    const t = performance.now();
    // Typed keys and the bastion password change the attempt too: another secret is another attempt.
    const secrets = opts.secrets ?? {};
    const key = this.keys.keyOf(dsn, [opts.password, opts.sshPassword, secrets.secretAccessKey, secrets.sessionToken]);
    return this.shared.run(
      key,
      opts.signal,
      // The shared attempt answers to its own signal (aborted only when every caller cancelled),
      // which the signer's MFA prompt and the tunnel's prompts get too.
      (signal) => this.guarded(dsn, { password: opts.password, sshPassword: opts.sshPassword, secrets }, signal),
      () => buildReport({ phases: new PhaseBook(), startedAt: joinedAt, totalMs: performance.now() - t, error: CANCELLED, secrets: [] }),
    );
  }

  private async guarded(dsn: Dsn, given: { password: string | undefined; sshPassword: string | undefined; secrets: StaticSecrets }, signal: AbortSignal): Promise<ConnectionTestReport> {
    const startedAt = this.deps.clock.now();
    const { password, sshPassword, secrets: staticSecrets } = given;
    const secrets = [password, sshPassword, staticSecrets.secretAccessKey, staticSecrets.sessionToken];
    const run: Run = { dsn, password, sshPassword, staticSecrets, signal, startedAt, t0: performance.now(), phases: new PhaseBook(), secrets, retried: false };
    try {
      return await this.run(run);
    } catch (error) {
      run.lookup?.cancel();
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

  private async report(run: Run, error?: AppError, server?: ServerFacts): Promise<ConnectionTestReport> {
    const callerArn = run.lookup === undefined ? undefined : await run.lookup.result();
    run.lookup?.cancel();
    const token = run.token === undefined ? undefined : this.tokenFacts(run.token);
    return buildReport({
      phases: run.phases,
      startedAt: run.startedAt,
      totalMs: performance.now() - run.t0,
      server,
      token,
      identity: reportIdentity(run.token, callerArn),
      retriedWithFreshToken: run.token === undefined ? undefined : run.retried,
      error,
      secrets: run.secrets,
    });
  }

  private tokenFacts(token: SignedToken): TokenFacts {
    return { ...token.facts, expiresAt: token.facts.expiresAt ?? new Date(token.expiresAt).toISOString() };
  }

  /** Signs (or re-signs, `fresh`) the token; records the sign phase. An AppError on failure. */
  private async sign(run: Run, fresh: boolean): Promise<AppError | undefined> {
    const t = performance.now();
    const earlier = run.phases.get('sign');
    const signed: Result<SignedToken> | typeof ABORTED = await raceAbort(this.deps.signer.sign(run.dsn, { fresh, secrets: run.staticSecrets, signal: run.signal }), run.signal);
    const took = performance.now() - t + (earlier?.durationMs ?? 0);
    const prefix = earlier?.note !== undefined ? `${earlier.note}; the server refused it, so ` : '';
    if (signed === ABORTED) {
      run.phases.set('sign', 'failed', took, `${prefix}cancelled`);
      return CANCELLED;
    }
    if (!signed.ok) {
      run.phases.set('sign', 'failed', took, fresh ? `${prefix}signing a fresh token failed` : undefined);
      return signed.error;
    }
    const token = signed.value;
    run.token = token;
    run.claims = parseTokenClaims(token.token);
    run.secrets.push(token.token);
    const f = token.facts;
    const what = fresh
      ? `a fresh token was signed for ${f.signedFor} in ${f.region}`
      : f.fromCache
        ? `token reused from cache (until ${f.reuseUntil})`
        : `new token signed for ${f.signedFor} in ${f.region}`;
    run.phases.set('sign', 'ok', took, `${prefix}${what}${regionMismatch(run.dsn.server, f.region)}`);
    return undefined;
  }

  private async run(run: Run): Promise<ConnectionTestReport> {
    const { dsn, phases } = run;
    if (dsn.authType === 'iam') {
      const failed = await this.sign(run, false);
      if (failed !== undefined) return this.report(run, failed);
      const hook = this.deps.callerIdentity;
      if (hook !== undefined && run.token !== undefined) {
        run.lookup = startCallerLookup(hook, dsn, run.token, this.deps.callerIdentityTimeoutMs ?? CALLER_LOOKUP_TIMEOUT_MS, run.signal);
      }
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
        return this.report(run, plan.error);
      }
      tlsPlan = plan.value;
    }
    // Said on the TLS phase of every attempt: why TLS came first, or why this is a second try.
    const tlsPrefix: string[] = [];
    if (dsn.authType === 'iam' && dsn.sslMode === 'allow') tlsPrefix.push('sslmode allow: IAM tokens are only sent over TLS, so TLS was used first');
    let authPrefix: string | undefined;

    const target = socketTarget(dsn);
    // The server asks for the secret through pg's callback: always the token of the current attempt.
    const secretFor = async (): Promise<string> => {
      if (run.token !== undefined) return run.token.token;
      if (run.password === undefined || run.password === '') {
        throw new TesterError('PASSWORD_MISSING', 'The server asks for a password, but none is stored or entered for this DSN.', 'Enter the database password and test again (save the DSN to keep it).');
      }
      return run.password;
    };

    let fallbackUsed = false;
    const network = networkOf(dsn).kind;
    const tunnelled = network === 'ssh';
    for (;;) {
      const plan = transport === 'tls' ? tlsPlan : undefined;
      // Through an SSH tunnel, every attempt gets its own forward (over one pooled SSH connection).
      const tunnel = tunnelled ? await this.openTunnel(run) : undefined;
      if (tunnel !== undefined && !tunnel.ok) return this.report(run, tunnel.error);
      const route = tunnel?.ok === true ? tunnel.route : `${target.host}:${target.port}`;
      const outcome = await runAttempt({ dsn, tls: plan !== undefined ? plan.options : null, password: secretFor, secretNeedsTls: dsn.authType === 'iam', signal: run.signal, stream: tunnel?.ok === true ? tunnel.stream : undefined });
      // A phase's note says what happened in it, never the plan: the plan's "verified against …"
      // only for a handshake that completed; nothing for a phase never reached.
      const failedAt = outcome.ok ? undefined : outcome.phase;
      const handshook = outcome.spans.tls !== undefined && failedAt !== 'tls';
      const tlsNote = plan === undefined ? `not encrypted (sslmode ${dsn.sslMode})` : handshook ? plan.note : undefined;
      const tlsNotes = [...tlsPrefix, ...(tlsNote === undefined ? [] : [tlsNote])];
      phases.fromSpans(outcome.spans, failedAt, {
        tcp: tunnelled ? `through the SSH tunnel ${route} (for ${dsn.server}:${dsn.port})` : `${target.host}:${target.port}${network === 'connect-via' ? ` (connect via, for ${dsn.server}:${dsn.port})` : ''}`,
        tls: outcome.spans.tls === undefined && plan !== undefined ? undefined : tlsNotes.length > 0 ? tlsNotes.join('; ') : undefined,
        auth: authPrefix,
      });

      if (outcome.ok) {
        const tls = outcome.facts.tls === null ? null : { ...outcome.facts.tls, verified: plan?.verified ?? false };
        const server = { ...outcome.facts, tls, connectedTo: route };
        phases.note('auth', dsn.authType === 'iam' ? (run.retried ? 'the fresh token was accepted' : 'IAM token accepted') : 'logged in');
        const member = server.rdsIamMember === undefined ? '' : `; ${server.currentUser} is ${server.rdsIamMember ? '' : 'not '}a member of rds_iam`;
        phases.note('query', `PostgreSQL ${server.serverVersion}${member}`);
        return this.report(run, undefined, server);
      }
      if (outcome.failure.kind === 'cancelled') return this.report(run, CANCELLED);

      const error = await this.diagnose(run, outcome, plan !== undefined);
      const token = run.token;
      if (token !== undefined && TOKEN_REFUSED.has(error.code)) {
        this.deps.signer.invalidate(token.cacheKey);
        if (token.facts.fromCache && !run.retried) {
          // A cached token can be refused although it is not expired (revoked session, rotated
          // keys, a server clock ahead): one fresh token settles it. Never more than one.
          const failed = await this.sign(run, true);
          if (failed !== undefined) {
            phases.note('auth', `the cached token was refused (${error.code}); no fresh token could be signed`);
            return this.report(run, failed);
          }
          run.retried = true;
          authPrefix = `the cached token was refused (${error.code}); retried once with a fresh token`;
          continue;
        }
        if (run.retried) phases.note('auth', 'the fresh token was refused too');
      }

      const next = fallbackUsed ? undefined : fallbackTransport(dsn, transport, outcome, error);
      if (next === undefined) return this.report(run, error);
      fallbackUsed = true;
      tlsPrefix.push(
        next === 'plain'
          ? 'the server refused TLS; retried without encryption (sslmode prefer)'
          : `the plaintext login was refused (${error.code}); retried with TLS (sslmode allow)`,
      );
      transport = next;
    }
  }

  /**
   * Opens the SSH forward of one attempt and records the tunnel phases: those of the first forward
   * (a later attempt's only adds a note, its connection being the pooled one).
   */
  private async openTunnel(run: Run): Promise<TunnelOpen> {
    const tunnels = this.deps.tunnels;
    if (tunnels === undefined) return { ok: false, error: { code: 'INTERNAL', message: 'SSH tunnels are not available here.' }, phases: {} };
    const opened = await tunnels.open(run.dsn, { password: run.sshPassword, signal: run.signal, purpose: `DSN "${run.dsn.name}"` });
    const first = run.phases.get('forward') === undefined;
    for (const name of TUNNEL_PHASES) {
      const phase = opened.phases[name];
      if (phase === undefined) continue;
      if (first) run.phases.set(name, phase.status, phase.durationMs, phase.notes.length > 0 ? phase.notes.join('; ') : undefined);
      else if (name === 'forward') run.phases.note('forward', `another forward for the next attempt: ${phase.status}`);
    }
    return opened;
  }

  /** The diagnosis of a failed attempt; after a TLS verification failure, with the server's certificate. */
  private async diagnose(run: Run, outcome: Extract<AttemptOutcome, { ok: false }>, tls: boolean): Promise<AppError> {
    const { dsn } = run;
    const ctx: DiagnosisContext = { dsn, phase: outcome.phase, token: run.token?.facts, tls, now: this.deps.clock.now(), peerCert: outcome.peerCert, claims: run.claims };
    if (outcome.failure.kind === 'timeout') return diagnoseTimeout(ctx);
    if (outcome.failure.kind !== 'error') return CANCELLED;
    const error = diagnoseError(outcome.failure.error, ctx);
    // Through a tunnel the second handshake would need another forward: the first diagnosis stands.
    if (!wantsCertificate(error.code) || sshOf(dsn) !== undefined) return error;
    const target = socketTarget(dsn);
    const timeoutMs = Math.min(INSPECT_TIMEOUT_MS, dsn.connectTimeoutSeconds * 1000);
    const peerCert = await inspectServerCertificate({ host: target.host, port: target.port, servername: dsn.server, timeoutMs, signal: run.signal });
    if (peerCert === undefined) return error;
    run.phases.note('tls', 'certificate read with a second handshake that sent nothing');
    return diagnoseError(outcome.failure.error, { ...ctx, peerCert });
  }
}

/** Said even when the test succeeds: the Region field and the endpoint name disagree (a CNAME or a proxy in front may hide it today). */
function regionMismatch(server: string, region: string): string {
  const named = regionFromEndpoint(server);
  return named === undefined || named === region ? '' : `; the Region field (${region}) differs from the region in the endpoint name (${named}): check Region`;
}
