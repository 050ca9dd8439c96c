/**
 * Exports: the main process decides which secret goes in (a freshly signed token, or the
 * password) and the shared format renderers (shared/formats) write the text and the notes.
 */
import type { Dsn } from '../../../shared/dsn';
import { EXPORT_FORMAT_LABELS, type ExportFormat, type ExportOutput } from '../../../shared/export-types';
import { type ExportOptions, exportDsn, formatCarriesSecret } from '../../../shared/formats';
import { ok, type Result } from '../../../shared/result';
import type { StaticSecrets } from '../credentials/types';
import type { TokenSignerPort } from '../iam-token/signer';

/** What to put in the output besides the DSN; a token is signed with `secrets` when the source is typed keys. */
export type ExportSecretChoice = { kind: 'none' } | { kind: 'token'; secrets: StaticSecrets } | { kind: 'password'; password: string };

/**
 * Builds exports. A token is always freshly signed (never a cached one; valid 15 minutes);
 * without a secret, the renderers explain how to make the token where the string is used. No
 * token is signed for a format that never carries one ({@link formatCarriesSecret}: JSON, and for
 * IAM the AWS wrappers and the AWS ODBC driver, which sign their own): no credential is minted
 * only to be thrown away.
 */
export class DsnExporter {
  constructor(private readonly signer: TokenSignerPort) {}

  async export(dsn: Dsn, format: ExportFormat, choice: ExportSecretChoice): Promise<Result<ExportOutput>> {
    const render = (d: Dsn, options: ExportOptions): ExportOutput => exportDsn(d, format, options);
    if (choice.kind === 'password') return ok(render(dsn, { secret: { kind: 'password', value: choice.password } }));
    if (choice.kind === 'none') return ok(render(dsn, {}));
    if (!formatCarriesSecret(format, dsn.authType)) {
      const output = render(dsn, {});
      if (format === 'json') return ok(output);
      return ok({ ...output, notes: [...output.notes, `No token was signed: ${EXPORT_FORMAT_LABELS[format]} signs its own token for each connection.`] });
    }
    const signed = await this.signer.sign(dsn, { fresh: true, secrets: choice.secrets });
    if (!signed.ok) return signed;
    const expiresAt = new Date(signed.value.expiresAt).toISOString();
    return ok(render(dsn, { secret: { kind: 'token', value: signed.value.token, expiresAt } }));
  }
}
