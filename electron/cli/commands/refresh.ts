/**
 * `iam-dsn refresh NAME --pgpass FILE | --password-file FILE`: the app's token refresher, headless.
 * Writes the first token (a failure there exits with its status, the file untouched), then keeps
 * the file fresh until Ctrl-C or SIGTERM (exit 0; the file keeps its last token). One status line
 * per refresh or failure on stderr, never the token; stdout stays empty.
 */
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { RefresherStatus, RefresherTarget } from '../../../shared/ipc-contract';
import { ok } from '../../../shared/result';
import { expandHome } from '../../main/files/home';
import { type Clock, systemClock } from '../../main/platform/clock';
import type { ScheduleFn } from '../../main/iam-token/refresher';
import type { DsnRef } from '../args';
import { type CliContext, fail } from '../context';
import { EXIT, type ExitStatus, exitStatusFor } from '../exit-codes';
import { plain } from '../output';
import { askStaticSecret, resolveDsn } from './resolve';

/** The parsed command line of `refresh`. */
export interface RefreshCommand {
  dsn: DsnRef;
  target: RefresherTarget;
  /** `--every`: refresh at least this often. */
  everySeconds: number | undefined;
}

/** Calls `listener` when the process is asked to terminate; returns the function that stops listening. */
export type OnTerminate = (listener: () => void) => () => void;

/** SIGTERM of this process. */
export const processTerminate: OnTerminate = (listener) => {
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGTERM', listener);
  };
};

/** Injected by tests; the defaults are the real process, clock and timers. */
export interface RefreshCommandOptions {
  onTerminate?: OnTerminate | undefined;
  clock?: Clock | undefined;
  schedule?: ScheduleFn | undefined;
}

/** How long a stop waits for a write in flight to finish (a rename is quick; a sign may wait on STS). */
const STOP_GRACE_MS = 5_000;

const at = (iso: string | null): string => iso ?? 'unknown';

/** The stderr line for a status change; undefined when there is nothing to say (a failed start is reported by `fail`). */
export function refreshStatusLine(status: RefresherStatus, now: number): string | undefined {
  const time = new Date(now).toISOString();
  const file = status.target.kind === 'pgpass' ? `${status.target.path} (.pgpass line ${status.pgpassEntry ?? '?'})` : status.target.path;
  if (status.state === 'running') {
    return plain(`iam-dsn: ${time} refreshed ${file} (#${status.refreshCount}); token valid until ${at(status.tokenExpiresAt)}; next refresh at ${at(status.nextRefreshAt)}`) + '\n';
  }
  if (status.state === 'error' && status.refreshCount > 0 && status.lastError !== undefined) {
    const { code, message } = status.lastError;
    const then = status.nextRefreshAt === null ? 'refresher stopped' : `retrying at ${status.nextRefreshAt}`;
    return plain(`iam-dsn: ${time} refresh failed: ${message} [${code}]; the file keeps the token valid until ${at(status.tokenExpiresAt)}; ${then}`) + '\n';
  }
  return undefined;
}

/** Runs `refresh` until stopped. */
export async function refreshCommand(command: RefreshCommand, ctx: CliContext, options: RefreshCommandOptions = {}): Promise<ExitStatus> {
  const clock = options.clock ?? systemClock;
  let giveUp: (status: ExitStatus) => void = () => undefined;
  const onRefresherStatus = (status: RefresherStatus): void => {
    const line = refreshStatusLine(status, clock.now());
    if (line !== undefined) ctx.stderr.write(line);
    // A failure no retry can fix (MFA cancelled, …) ends the command with its status.
    if (status.state === 'error' && status.nextRefreshAt === null && status.refreshCount > 0 && status.lastError !== undefined) giveUp(exitStatusFor(status.lastError.code));
  };
  const resolved = resolveDsn(command.dsn, ctx, { clock, schedule: options.schedule, onRefresherStatus });
  if (!resolved.ok) return fail(ctx, resolved.error);
  const r = resolved.value;
  if (r.dsn.authType !== 'iam') {
    return fail(ctx, { code: 'VALIDATION', message: `DSN ${r.label} uses database authentication: there is no IAM token to refresh.`, hint: 'Token files are for DSNs whose authentication is "iam".' });
  }
  const secret = await askStaticSecret(r, ctx);
  if (!secret.ok) return fail(ctx, secret.error);
  // Relative to the working directory, as a command line means it.
  const target: RefresherTarget = { kind: command.target.kind, path: resolve(expandHome(command.target.path, ctx.homedir)) };
  const refreshers = r.services.refreshers;
  const id = r.saved?.id ?? r.label;

  // This run signs the DSN the command resolved, with the secret it was given: no store lookup.
  const started = await refreshers.start(
    { dsnId: id, target },
    { source: () => ok({ dsn: r.dsn, secrets: secret.value ?? {} }), periodMs: command.everySeconds === undefined ? undefined : command.everySeconds * 1000 },
  );
  if (!started.ok) return fail(ctx, started.error);

  const status = await new Promise<ExitStatus>((done) => {
    const finish = (value: ExitStatus): void => {
      offInterrupt();
      offTerminate();
      done(value);
    };
    const offInterrupt = ctx.onInterrupt(() => finish(EXIT.OK));
    const offTerminate = (options.onTerminate ?? processTerminate)(() => finish(EXIT.OK));
    giveUp = finish;
  });
  const last = refreshers.stop(id);
  await Promise.race([refreshers.whenIdle(), once(AbortSignal.timeout(STOP_GRACE_MS), 'abort')]);
  const expires = last.ok ? last.value.tokenExpiresAt : null;
  ctx.stderr.write(plain(`iam-dsn: stopped; ${target.path} keeps the last token${expires === null ? '' : ` (valid until ${expires})`}.`) + '\n');
  return status;
}
