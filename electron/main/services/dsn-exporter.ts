/**
 * Exports: the main process decides which secret goes in (a freshly signed token, or the
 * password) and the shared format renderers (shared/formats) write the text and the notes.
 */
import type { Dsn } from '../../../shared/dsn';
import type { ExportFormat, ExportOutput } from '../../../shared/export-types';
import type { ExportOptions } from '../../../shared/formats/common';
import { exportJson } from '../../../shared/formats/json';
import { exportKeyword, exportUri } from '../../../shared/formats/libpq';
import { exportNode } from '../../../shared/formats/node';
import { exportOdbc, exportOdbcCommunity } from '../../../shared/formats/odbc';
import { exportEnv, exportPgpass, exportPsql } from '../../../shared/formats/shell';
import { exportJdbc, exportPython } from '../../../shared/formats/wrappers';
import { ok, type Result } from '../../../shared/result';
import type { TokenSignerPort } from './signer';

/** What to put in the output besides the DSN. */
export type ExportSecretChoice = { kind: 'none' } | { kind: 'token' } | { kind: 'password'; password: string };

/** One renderer per format; a new format fails to compile here until it is wired. */
const RENDERERS: Record<ExportFormat, (dsn: Dsn, options: ExportOptions) => ExportOutput> = {
  uri: exportUri,
  keyword: exportKeyword,
  psql: exportPsql,
  env: exportEnv,
  pgpass: exportPgpass,
  jdbc: exportJdbc,
  python: exportPython,
  odbc: exportOdbc,
  'odbc-community': exportOdbcCommunity,
  node: exportNode,
  json: exportJson,
};

/**
 * Builds exports. A token is always freshly signed (never a cached one; valid 15 minutes);
 * without a secret, the renderers explain how to make the token where the string is used.
 */
export class DsnExporter {
  constructor(private readonly signer: TokenSignerPort) {}

  async export(dsn: Dsn, format: ExportFormat, choice: ExportSecretChoice): Promise<Result<ExportOutput>> {
    const render = RENDERERS[format];
    if (choice.kind === 'password') return ok(render(dsn, { secret: { kind: 'password', value: choice.password } }));
    if (choice.kind === 'none' || format === 'json') return ok(render(dsn, {}));
    const signed = await this.signer.sign(dsn, { fresh: true });
    if (!signed.ok) return signed;
    const expiresAt = new Date(signed.value.expiresAt).toISOString();
    return ok(render(dsn, { secret: { kind: 'token', value: signed.value.token, expiresAt } }));
  }
}
