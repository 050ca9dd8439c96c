/**
 * The `iam-dsn` executable (built to out/cli/iam-dsn.js): plain Node, no Electron. Wires the real
 * process (stdout, stderr, environment, the terminal, Ctrl-C) into {@link runCli}.
 */
import { homedir } from 'node:os';
import type { CliContext } from './context';
import { plainSink } from './output';
import { TerminalPrompter } from './prompt';
import { runCli } from './run';

const interruptListeners = new Set<() => void>();

/** Last resort for a bug: report its kind only (its text could quote anything) and exit 1. */
function crash(error: unknown): never {
  process.stderr.write(`iam-dsn: internal error (${error instanceof Error ? error.name : typeof error}) [INTERNAL]\n`);
  process.exit(1);
}
process.on('uncaughtException', crash);
// As in the app (which logs them by kind): a late rejection, e.g. of a lookup nobody waits for any
// more, neither stops the command nor prints its text.
process.on('unhandledRejection', () => undefined);
// A reader that went away (`iam-dsn list | head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(0) : crash(error)));

/** Ctrl-C cancels what is running (a test); a second Ctrl-C, or one with nothing to cancel, exits 130. */
process.on('SIGINT', () => {
  if (interruptListeners.size === 0) process.exit(130);
  for (const listener of [...interruptListeners]) listener();
  interruptListeners.clear();
});

const context: CliContext = {
  stdout: process.stdout,
  // Every line on stderr may quote DSN text (a user name, a server): through the one sanitiser.
  stderr: plainSink(process.stderr),
  env: process.env,
  prompter: process.stdin.isTTY ? new TerminalPrompter(process.stdin, process.stderr) : undefined,
  platform: process.platform,
  homedir: homedir(),
  onInterrupt(listener) {
    interruptListeners.add(listener);
    return () => interruptListeners.delete(listener);
  },
};

const status = await runCli(process.argv.slice(2), context);
// Exit once the output is flushed: sockets and keep-alive agents must not keep the process up.
process.stdout.write('', () => process.stderr.write('', () => process.exit(status)));
