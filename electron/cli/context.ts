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
import { terminalSshNotifier } from './ssh-terminal';
import { appKnownHostsPath } from './store-location';

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

/** Ports a command may bring besides the CLI's own (the refresh command: its clock, timers and status lines), and its choices. */
export interface CliPorts extends Partial<Pick<AppPorts, 'clock' | 'schedule' | 'onRefresherStatus'>> {
  /** Bastion host key fingerprints accepted without asking (`test --accept-host-key`). */
  acceptHostKeys?: readonly string[] | undefined;
}

/**
 * The app's services over `storeFile`, through the one wiring: no OS keychain (the CLI cannot
 * open the app's secrets), no log file, and MFA codes and SSH questions asked on the terminal
 * instead of the window. Host keys accepted there go to the app's own known-hosts file.
 */
export function createCliServices(storeFile: StoreFilePort, ctx: CliContext, ports: CliPorts = {}): AppServices {
  // The notifiers answer the brokers the services hold; they are asked only once those exist.
  const services: AppServices = createAppServices({
    clock: ports.clock ?? systemClock,
    logger: nullLogger,
    cipher: unavailableCipher,
    storeFile,
    showMfaRequest: terminalMfaNotifier(ctx.prompter, ctx.stderr, () => (requestId, code) => services.mfa.answer(requestId, code)),
    showSshPrompt: terminalSshNotifier(ctx.prompter, ctx.stderr, ports.acceptHostKeys ?? [], () => (requestId, answer) => services.sshPrompts.answer(requestId, answer)),
    tunnelFiles: { knownHostsFile: appKnownHostsPath({ platform: ctx.platform, env: ctx.env, homedir: ctx.homedir }) },
    homedir: ctx.homedir,
    env: ctx.env,
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
