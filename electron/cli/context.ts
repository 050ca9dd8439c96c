/**
 * What every command gets: the outside world (streams, environment, terminal) and the app's own
 * services, built by the one wiring (electron/main/app-services.ts) with the CLI's ports.
 */
import { type AppPorts, type AppServices, createAppServices, type StoreFilePort } from '../main/app-services';
import { systemClock } from '../main/platform/clock';
import { nullLogger } from '../main/platform/logger';
import type { AppError } from '../../shared/result';
import { unavailableCipher } from './dsn-source';
import { exitStatusFor, type ExitStatus } from './exit-codes';
import { formatError, type TextSink } from './output';
import { terminalMfaNotifier } from './mfa-terminal';
import type { Prompter } from './prompt';

/** The process around a command; tests pass their own. */
export interface CliContext {
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  /** `undefined` when stdin is not a terminal: nothing can be asked. */
  prompter: Prompter | undefined;
  platform: NodeJS.Platform;
  homedir: string;
  /** Calls `listener` on Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt(listener: () => void): () => void;
}

/** Ports a command may bring besides the CLI's own (the refresh command: its clock, timers and status lines). */
export type CliPorts = Partial<Pick<AppPorts, 'clock' | 'schedule' | 'onRefresherStatus'>>;

/**
 * The app's services over `storeFile`, through the one wiring: no OS keychain (the CLI cannot
 * open the app's secrets), no log file, and MFA codes asked on the terminal instead of the window.
 */
export function createCliServices(storeFile: StoreFilePort, ctx: CliContext, ports: CliPorts = {}): AppServices {
  // The notifier answers the broker the services hold; it is asked only once they exist.
  const services: AppServices = createAppServices({
    clock: ports.clock ?? systemClock,
    logger: nullLogger,
    cipher: unavailableCipher,
    storeFile,
    showMfaRequest: terminalMfaNotifier(ctx.prompter, ctx.stderr, () => (requestId, code) => services.mfa.answer(requestId, code)),
    homedir: ctx.homedir,
    schedule: ports.schedule,
    onRefresherStatus: ports.onRefresherStatus,
  });
  return services;
}

/** Prints an error on stderr and returns its exit status. */
export function fail(ctx: CliContext, error: AppError): ExitStatus {
  ctx.stderr.write(formatError(error));
  return exitStatusFor(error.code);
}
