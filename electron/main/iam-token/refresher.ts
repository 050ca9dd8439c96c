/**
 * Token refreshers: per DSN, a password file or a `.pgpass` line kept fresh with a new IAM token
 * before the old one expires (at 80% of min(15 minutes, the DSN's token expiration), sooner when
 * the signer says the token ends earlier). Failures are retried with backoff and reported in the
 * status with their code; the file keeps its last valid token. Time and timers are injected, so
 * tests run in milliseconds; a long wait is cut into short ones checked against the wall clock, so
 * a laptop waking from sleep refreshes at once. The token is never logged, kept or returned.
 */
import type { Dsn } from '../../../shared/dsn';
import { MAX_TOKEN_EXPIRATION_SECONDS } from '../../../shared/dsn';
import type { RefresherStatus, RefresherTarget, StartRefresherRequest } from '../../../shared/ipc-contract';
import { type AppError, type ErrorCode, err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { StaticSecrets } from '../credentials/types';
import { type PgpassKey, pgpassEntryText, pgpassKeyFor } from '../files/pgpass';
import type { TokenSignerPort } from './signer';
import { TokenFileWriter, type TokenFileWriterPort } from './token-file-writer';

/** A DSN to sign for, with the secrets of a `static` credential source (main process only). */
export interface RefreshSubject {
  dsn: Dsn;
  secrets: StaticSecrets;
}

/** Looks a DSN up at every refresh (so edits, deletes and new keys apply). */
export type RefreshSource = (dsnId: string) => Result<RefreshSubject> | Promise<Result<RefreshSubject>>;

/** Runs `task` after `delayMs`; returns the function that cancels it. */
export type ScheduleFn = (delayMs: number, task: () => void) => () => void;

/** setTimeout / clearTimeout. */
export const realSchedule: ScheduleFn = (delayMs, task) => {
  const timer = setTimeout(task, delayMs);
  return () => clearTimeout(timer);
};

/** 2 s, 4 s, 8 s … at most 60 s. */
export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
}

export interface TokenRefresherDeps {
  signer: TokenSignerPort;
  source: RefreshSource;
  clock: Clock;
  writer?: TokenFileWriterPort | undefined;
  schedule?: ScheduleFn | undefined;
  logger?: Logger | undefined;
  /** Told of every status change (the app pushes it to the window; the CLI prints it). */
  onStatus?: ((status: RefresherStatus) => void) | undefined;
  /** Share of the token's life after which it is replaced; default 0.8. */
  refreshFraction?: number | undefined;
  /** A refresh period (ms) that applies when shorter than the one from the token's life (tests). */
  periodMs?: number | undefined;
  /** Wait before retry `attempt` (1, 2, …) after a failure; default {@link defaultRetryDelayMs}. */
  retryDelayMs?: ((attempt: number) => number) | undefined;
  /** Longest single timer; the clock is checked after each. Default 30 s. */
  maxWaitMs?: number | undefined;
}

/** What one start may set for its own run. */
export interface RefreshStartOptions {
  /** Where this run's DSN comes from (the CLI: the DSN it resolved, with the secrets it was given); default the refresher's source. */
  source?: RefreshSource | undefined;
  /** A refresh period (ms) for this run, when shorter than the one from the token's life (`--every`). */
  periodMs?: number | undefined;
}

/** What the app services and the CLI use; {@link TokenRefresher} implements it. */
export interface TokenRefresherPort {
  start(request: StartRefresherRequest, options?: RefreshStartOptions): Promise<Result<RefresherStatus>>;
  stop(dsnId: string): Result<RefresherStatus>;
  statuses(): RefresherStatus[];
  stopAll(): void;
  /** Resolves once no refresh is in flight (a stopped refresher may still be finishing a write). */
  whenIdle(): Promise<void>;
}

/** Failures a retry cannot fix without the user: the refresher stops in `error`. */
const FINAL_CODES = new Set<ErrorCode>(['NOT_FOUND', 'CANCELLED', 'MFA_REQUIRED', 'MFA_FAILED']);
/** Shortest wait between two refreshes. */
const MIN_DELAY_MS = 200;

interface Run {
  dsnId: string;
  source: RefreshSource;
  periodMs: number | undefined;
  target: RefresherTarget;
  state: RefresherStatus['state'];
  pgpassEntry: string | undefined;
  lastRefreshAt: number | undefined;
  nextRefreshAt: number | undefined;
  tokenExpiresAt: number | undefined;
  refreshCount: number;
  failures: number;
  lastError: AppError | undefined;
  active: boolean;
  /** The refresh in flight, if any. */
  busy: Promise<unknown> | undefined;
  abort: AbortController;
  cancelTimer: (() => void) | undefined;
}

/** What one successful refresh tells the scheduler. */
interface Refreshed {
  /** When the new token expires (ms since the epoch). */
  expiresAt: number;
  /** The DSN's token expiration, in seconds. */
  lifeSeconds: number;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** The refreshers of one process, one per DSN id. */
export class TokenRefresher implements TokenRefresherPort {
  private readonly runs = new Map<string, Run>();
  private readonly writer: TokenFileWriterPort;
  private readonly schedule: ScheduleFn;
  private readonly fraction: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly maxWaitMs: number;

  constructor(private readonly deps: TokenRefresherDeps) {
    this.writer = deps.writer ?? new TokenFileWriter();
    this.schedule = deps.schedule ?? realSchedule;
    this.fraction = deps.refreshFraction ?? 0.8;
    this.retryDelayMs = deps.retryDelayMs ?? defaultRetryDelayMs;
    this.maxWaitMs = deps.maxWaitMs ?? 30_000;
  }

  /** Checks the DSN and the file, writes the first token, then keeps refreshing. A first failure writes nothing more. */
  async start(request: StartRefresherRequest, options: RefreshStartOptions = {}): Promise<Result<RefresherStatus>> {
    const { dsnId, target } = request;
    const source = options.source ?? this.deps.source;
    const subject = await this.subject(source, dsnId);
    if (!subject.ok) return subject;
    const key = target.kind === 'pgpass' ? pgpassKeyFor(subject.value.dsn) : ok(undefined);
    if (!key.ok) return key;
    const checked = await this.writer.check(target);
    if (!checked.ok) return checked;
    // Checked after the awaits above, so that two starts at once cannot both take one file.
    const clash = [...this.runs.values()].find((r) => r.active && r.dsnId !== dsnId && r.target.kind === 'password-file' && target.kind === 'password-file' && r.target.path === target.path);
    if (clash !== undefined) {
      return err('VALIDATION', `${target.path} is already kept fresh for another DSN.`, { hint: 'Give each DSN its own password file (a .pgpass file can be shared).', fieldErrors: { 'target.path': ['Used by another DSN'] } });
    }

    this.deactivate(this.runs.get(dsnId));
    const run: Run = {
      dsnId,
      source,
      periodMs: options.periodMs ?? this.deps.periodMs,
      target,
      state: 'running',
      pgpassEntry: key.value === undefined ? undefined : pgpassEntryText(key.value),
      lastRefreshAt: undefined,
      nextRefreshAt: undefined,
      tokenExpiresAt: undefined,
      refreshCount: 0,
      failures: 0,
      lastError: undefined,
      active: true,
      busy: undefined,
      abort: new AbortController(),
      cancelTimer: undefined,
    };
    this.runs.set(dsnId, run);
    this.deps.logger?.info('Token refresher started', { dsnId, kind: target.kind, path: target.path });
    const first = await this.refresh(run, subject.value);
    return first.ok ? ok(this.status(run)) : first;
  }

  /** Stops a DSN's refresher (idempotent); the file keeps its last token. */
  stop(dsnId: string): Result<RefresherStatus> {
    const run = this.runs.get(dsnId);
    if (run === undefined) return err('NOT_FOUND', 'No token refresher has run for this DSN.');
    if (run.active) {
      this.deactivate(run);
      run.state = 'stopped';
      run.nextRefreshAt = undefined;
      this.deps.logger?.info('Token refresher stopped', { dsnId, refreshes: run.refreshCount });
      this.emit(run);
    }
    return ok(this.status(run));
  }

  statuses(): RefresherStatus[] {
    return [...this.runs.values()].map((r) => this.status(r));
  }

  /** Stops every refresher (app quit). */
  stopAll(): void {
    for (const run of this.runs.values()) if (run.active) this.stop(run.dsnId);
  }

  async whenIdle(): Promise<void> {
    await Promise.all([...this.runs.values()].map((r) => r.busy));
  }

  private async subject(source: RefreshSource, dsnId: string): Promise<Result<RefreshSubject>> {
    const found = await source(dsnId);
    if (!found.ok) return found;
    if (found.value.dsn.authType !== 'iam') {
      return err('VALIDATION', `DSN "${found.value.dsn.name}" uses database authentication: it has no IAM token to refresh.`, { hint: 'Token files are for DSNs whose authentication is "iam".' });
    }
    return found;
  }

  /** One refresh: sign a fresh token, write it, then schedule the next refresh or a retry. */
  private async refresh(run: Run, given?: RefreshSubject): Promise<Result<void>> {
    const work = this.signAndWrite(run, given).catch((error: unknown) =>
      err<Refreshed>('INTERNAL', 'The token refresher failed unexpectedly.', { detail: error instanceof Error ? error.name : typeof error }),
    );
    run.busy = work;
    const result = await work;
    run.busy = undefined;
    if (!run.active) return result.ok ? ok(undefined) : result;
    const now = this.deps.clock.now();
    if (result.ok) {
      run.state = 'running';
      run.failures = 0;
      run.lastError = undefined;
      run.lastRefreshAt = now;
      run.tokenExpiresAt = result.value.expiresAt;
      run.refreshCount += 1;
      run.nextRefreshAt = now + this.delayAfterSuccess(result.value, now, run.periodMs);
      this.deps.logger?.info('Token file refreshed', { dsnId: run.dsnId, kind: run.target.kind, expiresAt: iso(result.value.expiresAt), count: run.refreshCount });
    } else {
      run.failures += 1;
      run.state = 'error';
      run.lastError = result.error;
      const final = FINAL_CODES.has(result.error.code) || run.refreshCount === 0;
      run.nextRefreshAt = final ? undefined : now + this.retryDelayMs(run.failures);
      this.deps.logger?.warn('Token refresh failed', { dsnId: run.dsnId, code: result.error.code, attempt: run.failures, retry: !final });
      if (final) this.deactivate(run);
    }
    if (run.nextRefreshAt !== undefined) this.arm(run);
    this.emit(run);
    return result.ok ? ok(undefined) : result;
  }

  /** Signs with a fresh token and writes it; answers the token's expiry. The token goes no further. */
  private async signAndWrite(run: Run, given: RefreshSubject | undefined): Promise<Result<Refreshed>> {
    const subject = given === undefined ? await this.subject(run.source, run.dsnId) : ok(given);
    if (!subject.ok) return subject;
    const { dsn, secrets } = subject.value;
    let key: PgpassKey | undefined;
    if (run.target.kind === 'pgpass') {
      const found = pgpassKeyFor(dsn);
      if (!found.ok) return found;
      key = found.value;
      run.pgpassEntry = pgpassEntryText(key);
    }
    const signed = await this.deps.signer.sign(dsn, { fresh: true, secrets, signal: run.abort.signal });
    if (!signed.ok) return signed;
    if (!run.active) return err('CANCELLED', 'The refresher was stopped.');
    const written = await this.writer.write(run.target, signed.value.token, key);
    return written.ok ? ok({ expiresAt: signed.value.expiresAt, lifeSeconds: dsn.tokenExpirationSeconds }) : written;
  }

  /** 80% of min(15 min, the DSN's token expiration, the given period), and before 80% of what is left of this token. */
  private delayAfterSuccess(refreshed: Refreshed, now: number, periodMs: number | undefined): number {
    const seconds = Math.min(MAX_TOKEN_EXPIRATION_SECONDS, refreshed.lifeSeconds);
    const period = Math.min(this.fraction * seconds * 1000, periodMs ?? Number.POSITIVE_INFINITY);
    const left = refreshed.expiresAt - now;
    return Math.max(MIN_DELAY_MS, Math.min(period, this.fraction * left));
  }

  /** Waits for `nextRefreshAt` in steps of at most `maxWaitMs`, checking the clock after each. */
  private arm(run: Run): void {
    run.cancelTimer?.();
    const due = run.nextRefreshAt;
    if (due === undefined || !run.active) return;
    const wait = Math.max(0, Math.min(due - this.deps.clock.now(), this.maxWaitMs));
    run.cancelTimer = this.schedule(wait, () => {
      run.cancelTimer = undefined;
      if (!run.active || this.runs.get(run.dsnId) !== run || run.busy !== undefined) return;
      if (this.deps.clock.now() < due) this.arm(run);
      else void this.refresh(run);
    });
  }

  private deactivate(run: Run | undefined): void {
    if (run === undefined) return;
    run.active = false;
    run.cancelTimer?.();
    run.cancelTimer = undefined;
    run.abort.abort();
  }

  private status(run: Run): RefresherStatus {
    return {
      dsnId: run.dsnId,
      target: { ...run.target },
      state: run.state,
      lastRefreshAt: iso(run.lastRefreshAt),
      nextRefreshAt: iso(run.nextRefreshAt),
      tokenExpiresAt: iso(run.tokenExpiresAt),
      refreshCount: run.refreshCount,
      pgpassEntry: run.pgpassEntry,
      lastError: run.lastError,
    };
  }

  private emit(run: Run): void {
    if (this.runs.get(run.dsnId) !== run) return;
    try {
      this.deps.onStatus?.(this.status(run));
    } catch {
      // A listener's failure (a closed window) must not stop the refresher.
    }
  }
}
