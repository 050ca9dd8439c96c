/**
 * `iam-dsn test NAME`: the app's Test connection through the app's own service, so `--json`
 * prints exactly the report object the window receives; the exit status tells the failure's kind.
 */
import { randomUUID } from 'node:crypto';
import type { DsnRef } from '../args';
import { type CliContext, fail } from '../context';
import { EXIT, exitStatusFor, type ExitStatus } from '../exit-codes';
import { formatReport } from '../output';
import { askPassword, askSshPassword, askStaticSecret, type RequestSecrets, requestInput, resolveDsn } from './resolve';

/** Options of `iam-dsn test`. */
export interface TestOptions {
  dsn: DsnRef;
  json: boolean;
  /** Bastion host key fingerprints accepted without asking (--accept-host-key). */
  acceptHostKeys?: readonly string[] | undefined;
}

/** Runs one connection test and prints its report. Ctrl-C cancels it like the window's Cancel. */
export async function testCommand(options: TestOptions, ctx: CliContext): Promise<ExitStatus> {
  const resolved = resolveDsn(options.dsn, ctx, { acceptHostKeys: options.acceptHostKeys });
  if (!resolved.ok) return fail(ctx, resolved.error);
  const r = resolved.value;
  const secrets: RequestSecrets = {};
  if (r.dsn.authType === 'database') {
    const password = await askPassword(r, ctx);
    if (!password.ok) return fail(ctx, password.error);
    secrets.password = password.value;
  }
  const staticSecret = await askStaticSecret(r, ctx);
  if (!staticSecret.ok) return fail(ctx, staticSecret.error);
  secrets.staticSecret = staticSecret.value;
  const bastionPassword = await askSshPassword(r, ctx);
  if (!bastionPassword.ok) return fail(ctx, bastionPassword.error);
  secrets.sshPassword = bastionPassword.value;

  const tests = r.services.tests;
  const requestId = randomUUID();
  const stopListening = ctx.onInterrupt(() => void tests.cancel(requestId));
  const answer = await tests.test({ requestId, dsn: requestInput(r, secrets) }).finally(() => {
    stopListening();
    // The CLI ends after one test: no SSH connection is kept open for a next one.
    r.services.tunnels.closeAll();
  });
  if (!answer.ok) return fail(ctx, answer.error);
  const report = answer.value;
  ctx.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, r.label));
  return report.outcome === 'success' ? EXIT.OK : exitStatusFor(report.error?.code ?? 'INTERNAL');
}
