/** The `json` export: the DSN itself, field by field, never a secret. */
import { assumeRoleSchema, type CredentialSource, type Dsn, dsnFieldsSchema } from '../dsn';
import type { ExportOutput } from '../export-types';
import type { ExportOptions } from './common';

/** The DSN's fields in schema order; anything else the object carries (a password, an id) is dropped. */
export function dsnFieldsOnly(dsn: Dsn): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(dsnFieldsSchema.shape) as Array<keyof Dsn>) {
    const value = dsn[key];
    if (value === undefined) continue;
    out[key] = value;
  }
  out.credentialSource = credentialSourceFields(dsn.credentialSource);
  if (dsn.assumeRole !== undefined) {
    // Only the schema's keys: an object carrying more (a secret) leaks nothing.
    const role: Record<string, unknown> = {};
    for (const key of Object.keys(assumeRoleSchema.shape) as Array<keyof typeof dsn.assumeRole>) role[key] = dsn.assumeRole[key];
    out.assumeRole = role;
  }
  return out;
}

/** The credential source's own keys; a static source keeps its key id, never a secret key. */
function credentialSourceFields(source: CredentialSource): CredentialSource {
  switch (source.kind) {
    case 'default':
      return { kind: 'default' };
    case 'profile':
      return { kind: 'profile', profile: source.profile };
    case 'static':
      return { kind: 'static', accessKeyId: source.accessKeyId };
  }
}

/** The `json` export. A secret in the options is never included. */
export function exportJson(dsn: Dsn, options: ExportOptions): ExportOutput {
  const notes = ['The DSN as JSON, for backup or sharing: it never holds a password or token. Import it with "Import connection string".'];
  if (options.secret !== undefined) notes.push(`The ${options.secret.kind} given was not included: JSON exports never hold secrets.`);
  return { format: 'json', text: JSON.stringify(dsnFieldsOnly(dsn), null, 2), containsSecret: false, tokenExpiresAt: undefined, notes };
}
