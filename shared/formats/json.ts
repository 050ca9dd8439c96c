/** The `json` export: the DSN itself, field by field, never a secret. */
import { type Dsn, dsnFieldsOf } from '../dsn';
import type { ExportOutput } from '../export-types';
import type { ExportOptions } from './common';

/** The `json` export. A secret in the options is never included. */
export function exportJson(dsn: Dsn, options: ExportOptions): ExportOutput {
  const notes = ['The DSN as JSON, for backup or sharing: it never holds a password or token. Import it with "Import connection string".'];
  if (options.secret !== undefined) notes.push(`The ${options.secret.kind} given was not included: JSON exports never hold secrets.`);
  return { format: 'json', text: JSON.stringify(dsnFieldsOf(dsn), null, 2), containsSecret: false, tokenExpiresAt: undefined, notes };
}
