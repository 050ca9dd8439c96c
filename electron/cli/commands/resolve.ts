/**
 * Finds the DSN a command works on (saved, by name, or a DSN file), asks for the secrets the CLI
 * cannot read from the app, and builds the request the app's handlers take.
 */
import { type Dsn, type DsnInput, dsnFieldsSchema, dsnSchema, type SavedDsn } from '../../../shared/dsn';
import { err, ok, type Result } from '../../../shared/result';
import type { DsnStore } from '../../main/library/store';
import type { DsnRef } from '../args';
import type { CliContext } from '../context';
import { emptyStore, findSaved, openStoreReadOnly, readDsnFile } from '../dsn-source';
import { databasePassword, type StaticSecret, staticKeySecret } from '../secrets';
import { defaultStorePath } from '../store-location';

/** A DSN ready for a command. */
export interface ResolvedDsn {
  dsn: Dsn;
  /** The saved view when the DSN comes from the store. */
  saved: SavedDsn | undefined;
  /** The store the handlers read (empty for a DSN file). */
  store: DsnStore;
  /** How the DSN is named in messages: `"prod"` or `file x.json`. */
  label: string;
}

/** The store file a command reads: --store, else the app's. */
export function storePathFor(storePath: string | undefined, ctx: CliContext): string {
  return storePath ?? defaultStorePath({ platform: ctx.platform, env: ctx.env, homedir: ctx.homedir });
}

/** Only the DSN's own fields of an object (a saved view also carries id, flags and a date). */
export function dsnOnly(value: Dsn): Result<Dsn> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(dsnFieldsSchema.shape)) {
    const v: unknown = (value as unknown as Record<string, unknown>)[key];
    if (v !== undefined) fields[key] = v;
  }
  const parsed = dsnSchema.safeParse(fields);
  return parsed.success ? ok(parsed.data) : err('STORE_IO', 'A saved DSN does not pass validation.', { detail: parsed.error.issues.map((i) => i.path.join('.')).join(', ') });
}

/** Loads the DSN named by `ref`. */
export function resolveDsn(ref: DsnRef, ctx: CliContext): Result<ResolvedDsn> {
  if (ref.kind === 'file') {
    const dsn = readDsnFile(ref.path);
    if (!dsn.ok) return dsn;
    return ok({ dsn: dsn.value, saved: undefined, store: emptyStore(ref.path), label: `file ${ref.path}` });
  }
  const opened = openStoreReadOnly(storePathFor(ref.storePath, ctx));
  if (!opened.ok) return opened;
  const saved = findSaved(opened.value, ref.name);
  if (!saved.ok) return saved;
  const dsn = dsnOnly(saved.value);
  if (!dsn.ok) return dsn;
  return ok({ dsn: dsn.value, saved: saved.value, store: opened.value.store, label: `"${saved.value.name}"` });
}

/** Secrets for one request; each only when the request needs it. */
export interface RequestSecrets {
  password?: string | undefined;
  staticSecret?: StaticSecret | undefined;
}

/** Asks for the database password (PGPASSWORD or a prompt). */
export function askPassword(r: ResolvedDsn, ctx: CliContext): Promise<Result<string>> {
  return databasePassword(r.dsn, { env: ctx.env, prompter: ctx.prompter, saved: r.saved !== undefined, storedByApp: r.saved?.hasPassword === true });
}

/** Asks for a static source's secret key when the DSN signs with one; `undefined` otherwise. */
export async function askStaticSecret(r: ResolvedDsn, ctx: CliContext): Promise<Result<StaticSecret | undefined>> {
  const source = r.dsn.credentialSource;
  if (r.dsn.authType !== 'iam' || source.kind !== 'static') return ok(undefined);
  return staticKeySecret(source.accessKeyId, { env: ctx.env, prompter: ctx.prompter, saved: r.saved !== undefined, storedByApp: r.saved?.hasSecretAccessKey === true });
}

/**
 * The handlers' request DSN with the secrets the CLI was given. Never the saved id: with an id the
 * handlers would reach for the stored secrets, which only the app can decrypt.
 */
export function requestInput(r: ResolvedDsn, secrets: RequestSecrets): DsnInput {
  const input: DsnInput = { ...r.dsn };
  if (secrets.password !== undefined) input.password = secrets.password;
  if (secrets.staticSecret !== undefined) {
    input.secretAccessKey = secrets.staticSecret.secretAccessKey;
    if (secrets.staticSecret.sessionToken !== undefined) input.sessionToken = secrets.staticSecret.sessionToken;
  }
  return input;
}
