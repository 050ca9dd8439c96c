/** Fakes for the token refresher tests: a signer, a memory writer and a scheduler on a fake clock. */
import type { PgpassKey } from '../../electron/main/files/pgpass';
import type { SignedToken, SignOptions, SignTarget, StaticSecrets, TokenSignerPort } from '../../electron/main/iam-token/signer';
import type { TokenFileWriterPort } from '../../electron/main/iam-token/token-file-writer';
import type { ScheduleFn } from '../../electron/main/iam-token/refresher';
import type { RefresherTarget } from '../../shared/ipc-contract';
import { ok, type Result } from '../../shared/result';
import type { FakeClock } from './fakes';

/** Signs `TOKEN-<n>` tokens (shaped like RDS ones) that expire `lifeMs` after the clock's now; queued failures first. */
export class FakeSigner implements TokenSignerPort {
  readonly calls: Array<{ target: SignTarget; options: SignOptions | undefined; secrets: StaticSecrets | undefined; signal: AbortSignal | undefined }> = [];
  readonly tokens: string[] = [];
  /** Results to answer before signing again (failures). */
  readonly queue: Array<Result<SignedToken>> = [];
  /** When set, sign() waits for it (to test a stop during signing). */
  hold: Promise<void> | undefined;
  lifeMs = 900_000;

  constructor(private readonly clock: FakeClock) {}

  async sign(target: SignTarget, options?: SignOptions): Promise<Result<SignedToken>> {
    this.calls.push({ target, options, secrets: options?.secrets, signal: options?.signal });
    if (this.hold !== undefined) await this.hold;
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    const n = this.tokens.length + 1;
    const token = `${target.server}:${target.port}/?Action=connect&DBUser=${target.user}&X-Amz-Signature=${n.toString(16).padStart(64, '0')}`;
    this.tokens.push(token);
    const expiresAt = this.clock.now() + this.lifeMs;
    return ok({
      token,
      cacheKey: `k${n}`,
      expiresAt,
      credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'not-used' },
      identity: { source: 'test', accessKeyIdMasked: 'AKIA…LE01' },
      facts: { signedFor: `${target.server}:${target.port}`, region: target.region, reuseUntil: new Date(expiresAt).toISOString(), expiresAt: new Date(expiresAt).toISOString(), fromCache: false },
    });
  }

  invalidate(): void {}
}

/** Keeps what would be written; `failNext` answers errors first. */
export class MemoryWriter implements TokenFileWriterPort {
  readonly writes: Array<{ target: RefresherTarget; token: string; key: PgpassKey | undefined }> = [];
  readonly failNext: Array<Result<void>> = [];
  checkResult: Result<void> = ok(undefined);

  check(): Promise<Result<void>> {
    return Promise.resolve(this.checkResult);
  }

  write(target: RefresherTarget, token: string, key: PgpassKey | undefined): Promise<Result<void>> {
    const failure = this.failNext.shift();
    if (failure !== undefined) return Promise.resolve(failure);
    this.writes.push({ target, token, key });
    return Promise.resolve(ok(undefined));
  }
}

interface Task {
  at: number;
  run: () => void;
  cancelled: boolean;
}

/** setTimeout on a {@link FakeClock}: {@link advance} moves the clock and runs what falls due. */
export class FakeScheduler {
  readonly tasks: Task[] = [];
  /** Every delay asked for, in order. */
  readonly delays: number[] = [];

  constructor(
    private readonly clock: FakeClock,
    /** Awaited after each task, so that the work it started (a refresh) finishes. */
    private readonly idle: () => Promise<void>,
  ) {}

  readonly schedule: ScheduleFn = (delayMs, run) => {
    this.delays.push(delayMs);
    const task: Task = { at: this.clock.now() + delayMs, run, cancelled: false };
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  };

  /** Timers still waiting. */
  pending(): number {
    return this.tasks.filter((t) => !t.cancelled).length;
  }

  /** Moves the clock `ms` forward, running each timer at its time. */
  async advance(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    for (;;) {
      const due = this.tasks.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      due.cancelled = true;
      this.clock.t = Math.max(this.clock.t, due.at);
      due.run();
      await this.idle();
    }
    this.clock.t = end;
  }

  /** Jumps the clock without running timers (a laptop asleep), then runs what the next timer does. */
  async sleepThenWake(ms: number): Promise<void> {
    this.clock.t += ms;
    const next = this.tasks.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at)[0];
    if (next === undefined) return;
    next.cancelled = true;
    next.run();
    await this.idle();
  }
}
