/**
 * Finds the DSN a command works on (saved, by name, or a DSN file) and the app's services over its
 * store, asks for the secrets the CLI cannot read from the app, and builds the request the app's
 * services take.
 */
import { type Dsn, type DsnInput, dsnFieldsOf, dsnSchema, type SavedDsn } from '../../../shared/dsn';
import { err, ok, type Result } from '../../../shared/result';
import type { AppServices } from '../../main/app-services';
import type { DsnRef } from '../args';
import { type CliContext, type CliPorts, createCliServices } from '../context';
import { findSaved, noStoreFile, openStoreReadOnly, readDsnFile } from '../dsn-source';
import { sshOf } from '../../../shared/network';
import { databasePassword, sshPassword, type StaticSecret, staticKeySecret } from '../secrets';
import { defaultStorePath } from '../store-location';

/** A DSN ready for a command. */
export interface ResolvedDsn {
  dsn: Dsn;
  /** The saved view when the DSN comes from the store. */
  saved: SavedDsn | undefined;
  /** The app's services over the store the DSN comes from (no store for a DSN file). */
  services: AppServices;
  /** How the DSN is named in messages: `"prod"` or `file x.json`. */
  label: string;
}

/** The store file a command reads: --store, else the app's. */
export function storePathFor(storePath: string | undefined, ctx: CliContext): string {
  return storePath ?? defaultStorePath({ platform: ctx.platform, env: ctx.env, homedir: ctx.homedir });
}

/** Loads the DSN named by `ref`, with the services a command runs it through. */
export function resolveDsn(ref: DsnRef, ctx: CliContext, ports: CliPorts = {}): Result<ResolvedDsn> {
  if (ref.kind === 'file') {
    const dsn = readDsnFile(ref.path);
    if (!dsn.ok) return dsn;
    return ok({ dsn: dsn.value, saved: undefined, services: createCliServices(noStoreFile(ref.path), ctx, ports), label: `file ${ref.path}` });
  }
  const opened = openStoreReadOnly(storePathFor(ref.storePath, ctx));
  if (!opened.ok) return opened;
  const services = createCliServices(opened.value.storeFile, ctx, ports);
  const listed = services.dsns.list();
  if (!listed.ok) return listed;
  const saved = findSaved(opened.value, listed.value, ref.name);
  if (!saved.ok) return saved;
  // A saved view carries an id, flags and a date: only the DSN's own fields, checked again.
  const checked = dsnSchema.safeParse(dsnFieldsOf(saved.value));
  if (!checked.success) return err('STORE_IO', 'A saved DSN does not pass validation.', { detail: checked.error.issues.map((i) => i.path.join('.')).join(', ') });
  return ok({ dsn: checked.data, saved: saved.value, services, label: `"${saved.value.name}"` });
}

/** Secrets for one request; each only when the request needs it. */
export interface RequestSecrets {
  password?: string | undefined;
  staticSecret?: StaticSecret | undefined;
  sshPassword?: string | undefined;
}

/** Asks for the database password (PGPASSWORD or a prompt). */
export function askPassword(r: ResolvedDsn, ctx: CliContext): Promise<Result<string>> {
  return databasePassword(r.dsn, { env: ctx.env, prompter: ctx.prompter, saved: r.saved !== undefined, storedByApp: r.saved?.hasPassword === true });
}

/** Asks for the bastion password when the DSN's SSH tunnel logs in with one (IAM_DSN_SSH_PASSWORD or a prompt); `undefined` otherwise. */
export async function askSshPassword(r: ResolvedDsn, ctx: CliContext): Promise<Result<string | undefined>> {
  const ssh = sshOf(r.dsn);
  if (ssh?.auth !== 'password') return ok(undefined);
  const label = `${ssh.user === '' ? '' : `${ssh.user}@`}${ssh.host}${ssh.port === undefined ? '' : `:${ssh.port}`}`;
  return sshPassword(label, { env: ctx.env, prompter: ctx.prompter, saved: r.saved !== undefined, storedByApp: r.saved?.hasSshPassword === true });
}

/** Asks for a static source's secret key when the DSN signs with one; `undefined` otherwise. */
export async function askStaticSecret(r: ResolvedDsn, ctx: CliContext): Promise<Result<StaticSecret | undefined>> {
  const source = r.dsn.credentialSource;
  if (r.dsn.authType !== 'iam' || source.kind !== 'static') return ok(undefined);
  return staticKeySecret(source.accessKeyId, { env: ctx.env, prompter: ctx.prompter, saved: r.saved !== undefined, storedByApp: r.saved?.hasSecretAccessKey === true });
}

/**
 * The request DSN with the secrets the CLI was given, typed in as the window would type them.
 * Never the saved id: with an id the services would reach for the stored secrets, which only the
 * app can decrypt.
 */
export function requestInput(r: ResolvedDsn, secrets: RequestSecrets): DsnInput {
  const input: DsnInput = { ...r.dsn };
  if (secrets.password !== undefined) input.password = secrets.password;
  if (secrets.sshPassword !== undefined) input.sshPassword = secrets.sshPassword;
  if (secrets.staticSecret !== undefined) {
    input.secretAccessKey = secrets.staticSecret.secretAccessKey;
    if (secrets.staticSecret.sessionToken !== undefined) input.sessionToken = secrets.staticSecret.sessionToken;
  }
  return input;
}
