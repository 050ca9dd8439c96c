/**
 * Export and import of connection strings: one pure function each way. No I/O, no network, no
 * electron: the caller (main process) signs a token or reads a password and passes it in.
 *
 * Export modes for IAM DSNs: without a token the output is a **recipe** that makes its own token
 * where it is used (`aws rds generate-db-auth-token`, a signer callback, the AWS wrappers' IAM
 * plugins); with a token it is **live**: the token is embedded and `containsSecret` is set.
 */
import type { Dsn } from '../dsn';
import { EXPORT_FORMATS, type ExportFormat, type ExportOutput } from '../export-types';
import type { ExportOptions } from './common';
import { exportJson } from './json';
import { exportKeyword, exportUri } from './libpq';
import { exportNode } from './node';
import { exportOdbc, exportOdbcCommunity } from './odbc';
import { exportEnv, exportPgpass, exportPsql } from './shell';
import { sshTunnelRecipe } from './ssh';
import { exportJdbc, exportPython } from './wrappers';

export { EXPORT_FORMAT_LABELS, EXPORT_FORMATS, type ExportFormat, type ExportOutput } from '../export-types';
export type { ExportOptions, ExportSecret } from './common';
export { IMPORT_FORMAT_NAMES, importConnectionString, type ImportFormat, type ImportOutcome } from './import';
export { importToolFile, MAX_TOOL_ENTRIES, MAX_TOOL_FILE_CHARS, TOOL_FORMAT_NAMES, TOOL_FORMATS, type ToolEntry, type ToolFormat, type ToolImport, type ToolSkip } from './tool-import';

const EXPORTERS: Record<ExportFormat, (dsn: Dsn, options: ExportOptions) => ExportOutput> = {
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
 * Formats that carry a secret given in the options, by authentication type. The AWS wrappers and
 * the AWS ODBC driver sign their own tokens, and JSON never holds a secret.
 */
export function formatCarriesSecret(format: ExportFormat, authType: Dsn['authType']): boolean {
  if (format === 'json') return false;
  if (authType === 'iam') return !['jdbc', 'python', 'odbc'].includes(format);
  return true;
}

/**
 * Exports a DSN in one format. Reads only the DSN's own fields (an object that also carries a
 * password or an id leaks neither). Never throws for a valid DSN.
 */
export function exportDsn(dsn: Dsn, format: ExportFormat, options: ExportOptions = {}): ExportOutput {
  const output = EXPORTERS[format](dsn, options);
  const secret = options.secret;
  // The same export with a placeholder in the secret's place: every format writes these letters as they are.
  const masked = output.containsSecret && secret !== undefined ? EXPORTERS[format](dsn, { ...options, secret: { ...secret, value: secret.kind === 'token' ? 'HIDDEN_TOKEN' : 'HIDDEN_PASSWORD' } }).text : undefined;
  const withMask = masked === undefined ? output : { ...output, maskedText: masked };
  // JSON carries the tunnel's settings itself; every other format connects through its local end.
  const tunnel = format === 'json' ? undefined : sshTunnelRecipe(dsn);
  if (tunnel === undefined) return withMask;
  return { ...withMask, tunnelCommand: tunnel.command, notes: [...tunnel.notes, ...withMask.notes] };
}

/** Every format's export of a DSN, in {@link EXPORT_FORMATS} order. */
export function exportAll(dsn: Dsn, options: ExportOptions = {}): ExportOutput[] {
  return EXPORT_FORMATS.map((f) => exportDsn(dsn, f, options));
}
