/**
 * `iam-dsn export NAME --format F`: the app's export through the app's own service. The text
 * goes to stdout; notes, a secret warning and the token's expiry go to stderr.
 */
import type { ExportFormat } from '../../../shared/export-types';
import type { DsnRef } from '../args';
import { type CliContext, fail } from '../context';
import { EXIT, type ExitStatus } from '../exit-codes';
import { plain } from '../output';
import { askPassword, askStaticSecret, type RequestSecrets, requestInput, resolveDsn } from './resolve';

/** Options of `iam-dsn export`. */
export interface ExportOptions {
  dsn: DsnRef;
  format: ExportFormat;
  withToken: boolean;
  withPassword: boolean;
}

/** Exports a DSN in one format; a secret only with --with-token / --with-password. */
export async function exportCommand(options: ExportOptions, ctx: CliContext): Promise<ExitStatus> {
  const resolved = resolveDsn(options.dsn, ctx);
  if (!resolved.ok) return fail(ctx, resolved.error);
  const r = resolved.value;
  const secrets: RequestSecrets = {};
  // Ask only for what the request will use; a mismatched flag is refused by the service (exit 2).
  if (options.withPassword && r.dsn.authType === 'database') {
    const password = await askPassword(r, ctx);
    if (!password.ok) return fail(ctx, password.error);
    secrets.password = password.value;
  }
  if (options.withToken && r.dsn.authType === 'iam') {
    const staticSecret = await askStaticSecret(r, ctx);
    if (!staticSecret.ok) return fail(ctx, staticSecret.error);
    secrets.staticSecret = staticSecret.value;
  }

  const request = { dsn: requestInput(r, secrets), format: options.format, includeToken: options.withToken, includePassword: options.withPassword };
  const answer = await r.services.exports.exportDsn(request);
  if (!answer.ok) return fail(ctx, answer.error);
  const output = answer.value;
  // A tunnelled DSN: the ssh command to run first, then the string that goes through it.
  if (output.tunnelCommand !== undefined) ctx.stdout.write(`${output.tunnelCommand}\n`);
  ctx.stdout.write(output.text.endsWith('\n') ? output.text : `${output.text}\n`);
  for (const note of output.notes) ctx.stderr.write(`note: ${plain(note)}\n`);
  if (output.containsSecret) ctx.stderr.write('warning: the output holds a secret; treat it like a password.\n');
  if (output.tokenExpiresAt !== undefined) ctx.stderr.write(`The token in it expires at ${output.tokenExpiresAt}.\n`);
  return EXIT.OK;
}
