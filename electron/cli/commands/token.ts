/**
 * `iam-dsn token NAME`: a freshly signed IAM token alone on stdout, so that
 * `PGPASSWORD="$(iam-dsn token prod)"` works; its expiry goes to stderr.
 */
import type { DsnRef } from '../args';
import { type CliContext, fail } from '../context';
import { EXIT, type ExitStatus } from '../exit-codes';
import { plain } from '../output';
import { askStaticSecret, resolveDsn } from './resolve';

/** Signs and prints a token for an IAM DSN. */
export async function tokenCommand(ref: DsnRef, ctx: CliContext): Promise<ExitStatus> {
  const resolved = resolveDsn(ref, ctx);
  if (!resolved.ok) return fail(ctx, resolved.error);
  const r = resolved.value;
  if (r.dsn.authType !== 'iam') {
    return fail(ctx, { code: 'VALIDATION', message: `DSN ${r.label} uses database authentication: there is no IAM token to sign.`, hint: 'Tokens exist for DSNs whose authentication is "iam".' });
  }
  const secret = await askStaticSecret(r, ctx);
  if (!secret.ok) return fail(ctx, secret.error);
  const signed = await r.services.signer.sign(r.dsn, { fresh: true, secrets: secret.value });
  if (!signed.ok) return fail(ctx, signed.error);
  ctx.stdout.write(`${signed.value.token}\n`);
  const facts = signed.value.facts;
  const expiresAt = new Date(signed.value.expiresAt).toISOString();
  ctx.stderr.write(plain(`Token for user ${r.dsn.user} at ${facts.signedFor} (${facts.region}) expires at ${expiresAt}.`) + '\n');
  return EXIT.OK;
}
