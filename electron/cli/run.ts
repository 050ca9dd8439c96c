/**
 * `iam-dsn`'s dispatcher: parses the command line and runs one command against a
 * {@link CliContext}. Resolves with the exit status; never throws (a bug is exit 1, by kind only).
 */
import { readFileSync } from 'node:fs';
import { parseCommandLine } from './args';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { listCommand } from './commands/list';
import { refreshCommand } from './commands/refresh';
import { testCommand } from './commands/test';
import { tokenCommand } from './commands/token';
import { type CliContext, fail } from './context';
import { EXIT, type ExitStatus } from './exit-codes';
import { helpText } from './help';

/** The package version (package.json is two levels up from both this file and out/cli/iam-dsn.js). */
export function cliVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs `iam-dsn` with `argv` (the arguments after the script). */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<ExitStatus> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) return fail(ctx, parsed.error);
  const command = parsed.value;
  try {
    switch (command.name) {
      case 'help':
        ctx.stdout.write(helpText(command.topic, cliVersion(), ctx.platform));
        return EXIT.OK;
      case 'version':
        ctx.stdout.write(`${cliVersion()}\n`);
        return EXIT.OK;
      case 'list':
        return listCommand(command, ctx);
      case 'token':
        return await tokenCommand(command.dsn, ctx);
      case 'test':
        return await testCommand(command, ctx);
      case 'export':
        return await exportCommand(command, ctx);
      case 'import':
        return await importCommand({ text: command.text, stdin: command.stdin, name: command.dsnName }, ctx);
      case 'refresh':
        return await refreshCommand(command, ctx);
    }
  } catch (error) {
    // Reported by kind only: the text of an unexpected error could quote anything.
    return fail(ctx, { code: 'INTERNAL', message: 'iam-dsn failed unexpectedly.', detail: error instanceof Error ? error.name : typeof error });
  }
}
