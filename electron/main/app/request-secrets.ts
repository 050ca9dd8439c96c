/**
 * Which secrets a test or an export uses — the rules the window, the CLI and the bench share:
 * a secret typed in the request wins; else a saved DSN's stored one, and stored typed keys only
 * while the request still names the same access key id (as when it is saved), a stored SSH
 * password only while the request's tunnel still logs in to the same bastion as the same user;
 * `clearPassword` / `clearStaticKeys` / `clearSshPassword` turn the stored ones off for this
 * request too.
 */
import type { DsnInput } from '../../../shared/dsn';
import { sameSshLogin, sshOf } from '../../../shared/network';
import { err, ok, type Result } from '../../../shared/result';
import type { StaticSecrets } from '../credentials/types';
import type { DsnStorePort } from '../library/store';

/** The store's secret lookups these rules need. */
export type SecretLookup = Pick<DsnStorePort, 'get' | 'passwordFor' | 'staticSecretsFor' | 'sshPasswordFor'>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The database password: typed in the request, else the stored one of a saved DSN. `undefined` when there is none. */
export async function passwordOf(store: SecretLookup, input: DsnInput): Promise<Result<string | undefined>> {
  if (input.password !== undefined && input.password !== '') return ok(input.password);
  if (input.id === undefined || input.clearPassword === true) return ok(undefined);
  const stored = await store.passwordFor(input.id);
  if (!stored.ok && stored.error.code === 'NOT_FOUND') return ok(undefined);
  return stored;
}

/**
 * The SSH bastion's password, for a tunnel that logs in with one: typed in the request, else the
 * stored one of the saved DSN while the request's tunnel logs in to the same bastion as the same
 * user (a password typed for one bastion never goes to another). `undefined` when there is none.
 */
export async function sshPasswordOf(store: SecretLookup, input: DsnInput): Promise<Result<string | undefined>> {
  if (sshOf(input)?.auth !== 'password') return ok(undefined);
  if (input.sshPassword !== undefined && input.sshPassword !== '') return ok(input.sshPassword);
  if (input.id === undefined || input.clearSshPassword === true) return ok(undefined);
  const saved = store.get(input.id);
  if (!saved.ok || !sameSshLogin(saved.value, input)) return ok(undefined);
  const stored = await store.sshPasswordFor(input.id);
  if (!stored.ok && stored.error.code === 'NOT_FOUND') return ok(undefined);
  return stored;
}

/** The typed keys' secrets: each typed in the request, else stored with the saved DSN while it is `static` with the same key id. */
export async function staticSecretsOf(store: SecretLookup, input: DsnInput): Promise<Result<StaticSecrets>> {
  const source = input.credentialSource;
  if (source.kind !== 'static') return ok({});
  let stored: StaticSecrets = {};
  if (input.id !== undefined && input.clearStaticKeys !== true) {
    const saved = store.get(input.id);
    const before = saved.ok ? saved.value.credentialSource : undefined;
    if (before?.kind === 'static' && before.accessKeyId === source.accessKeyId) {
      const secrets = await store.staticSecretsFor(input.id);
      if (!secrets.ok && secrets.error.code !== 'NOT_FOUND') return secrets;
      if (secrets.ok) stored = secrets.value;
    }
  }
  return ok({
    secretAccessKey: nonEmpty(input.secretAccessKey) ?? stored.secretAccessKey,
    sessionToken: nonEmpty(input.sessionToken) ?? stored.sessionToken,
  });
}

/** The typed keys' secrets when a token will be signed with them: VALIDATION on the field when the secret key is missing. */
export async function signingSecretsOf(store: SecretLookup, input: DsnInput): Promise<Result<StaticSecrets>> {
  const secrets = await staticSecretsOf(store, input);
  if (!secrets.ok) return secrets;
  if (input.credentialSource.kind === 'static' && secrets.value.secretAccessKey === undefined) {
    return err('VALIDATION', 'Secret access key is required for typed keys.', { fieldErrors: { secretAccessKey: ['Secret access key is required for typed keys'] } });
  }
  return secrets;
}

/** Every secret of a request, for the last-line scrub of what goes back. */
export function secretsList(secrets: StaticSecrets, ...more: Array<string | undefined>): Array<string | undefined> {
  return [secrets.secretAccessKey, secrets.sessionToken, ...more];
}
