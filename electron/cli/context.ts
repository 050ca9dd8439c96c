/**
 * What every command gets: the outside world (streams, environment, terminal) and the app's own
 * services wired the way the composition root wires them, minus Electron.
 */
import { systemClock } from '../main/platform/clock';
import { nullLogger } from '../main/platform/logger';
import { type ApiHandlers, createApiHandlers } from '../main/ipc/api-handlers';
import { StsCallerIdentity } from '../main/connection-test/caller-identity';
import { ConnectionTester } from '../main/connection-test/tester';
import type { DsnStorePort } from '../main/library/store';
import { MfaBroker } from '../main/credentials/mfa-broker';
import { TokenSigner } from '../main/iam-token/signer';
import type { AppError } from '../../shared/result';
import { exitStatusFor, type ExitStatus } from './exit-codes';
import { formatError, type TextSink } from './output';
import { type MfaAnswer, terminalMfaNotifier } from './mfa-terminal';
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

/** The app's services as the CLI uses them. */
export interface CliServices {
  signer: TokenSigner;
  handlers: ApiHandlers;
}

/**
 * Builds the signer, the tester and the IPC handlers over `store`, as electron/main/index.ts
 * does, with an MfaBroker that asks on the terminal instead of the window.
 */
export function createCliServices(store: DsnStorePort, ctx: CliContext): CliServices {
  let answer: MfaAnswer = () => ({ accepted: false, reason: 'unknown-request' });
  const mfa = new MfaBroker({ notify: terminalMfaNotifier(ctx.prompter, ctx.stderr, () => answer), clock: systemClock });
  answer = (requestId, code) => mfa.answer(requestId, code);
  const signer = new TokenSigner({ clock: systemClock, mfa });
  // As the app: the report names the caller (STS GetCallerIdentity at the DSN's STS endpoint) when STS answers in time.
  const tester = new ConnectionTester({ signer, clock: systemClock, callerIdentity: new StsCallerIdentity() });
  const handlers = createApiHandlers({ store, signer, tester, logger: nullLogger, clock: systemClock, mfa });
  return { signer, handlers };
}

/** Prints an error on stderr and returns its exit status. */
export function fail(ctx: CliContext, error: AppError): ExitStatus {
  ctx.stderr.write(formatError(error));
  return exitStatusFor(error.code);
}
