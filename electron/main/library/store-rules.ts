/**
 * The store's rules, kept apart from its file handling: which names clash, which secrets a change
 * keeps, and the errors it answers with. Pure functions; the store supplies the encryption.
 */
import { type Dsn, type DsnInput, foldName } from '../../../shared/dsn';
import { sameSshLogin, sshOf } from '../../../shared/network';
import { err, ok, type Result } from '../../../shared/result';
import { fileError } from '../files/file-errors';
import { ENCRYPTED_FIELD, type SecretName, type SecretValues, type StoredDsn } from './store-file';

/** What a save writes: ciphertexts for the record, plain texts for this session only. */
export interface SecretPlan {
  stored: SecretValues;
  session: SecretValues;
}

/** How each secret is named in messages. */
export const SECRET_LABEL: Record<SecretName, string> = { password: 'password', secretAccessKey: 'secret access key', sessionToken: 'session token', sshPassword: 'SSH password' };

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** STORE_IO for a failed write of the store file at `path`, in the words of the one file-error mapping. */
export function ioError<T>(action: string, path: string, error: unknown): Result<T> {
  // Not the disk: the content could not be turned into JSON (a value nested too deep, a cycle).
  if (error instanceof RangeError || error instanceof TypeError) {
    return err('STORE_IO', `The DSN could not be ${action}: the store's content could not be serialised as JSON (${error.name}); nothing was written.`, {
      hint: 'The store file holds a value the app cannot write back. Restart the app (it drops unknown values nested too deep when it opens the file), then try again.',
      detail: error.name,
    });
  }
  const cause = fileError(path, error);
  return err('STORE_IO', `The DSN could not be ${action}: the store file cannot be written. ${cause.message}`, { hint: cause.hint, detail: cause.detail });
}

export function notFound<T>(id: string): Result<T> {
  return err('NOT_FOUND', 'This DSN is not saved (it may have been deleted).', { detail: `id ${id}` });
}

/** NAME_TAKEN, shown on the name field. */
export function nameTaken<T>(name: string, hint: string): Result<T> {
  return err('NAME_TAKEN', `A DSN named "${name}" already exists.`, { hint, fieldErrors: { name: ['Another DSN already has this name'] } });
}

/** The first name that two records share (ignoring case), if any. */
export function firstNameClash(records: readonly StoredDsn[]): string | undefined {
  const seen = new Set<string>();
  for (const r of records) {
    const key = foldName(r.dsn.name);
    if (seen.has(key)) return r.dsn.name;
    seen.add(key);
  }
  return undefined;
}

/**
 * The secrets an update without typed secrets keeps: the password always; typed keys while the
 * source stays `static` with the same key id; the SSH password while the tunnel logs in the same way.
 */
export function keptSecrets(before: StoredDsn, dsn: Dsn): SecretName[] {
  const was = before.dsn.credentialSource;
  const now = dsn.credentialSource;
  const sameKey = was.kind === 'static' && now.kind === 'static' && was.accessKeyId === now.accessKeyId;
  const kept: SecretName[] = sameKey ? ['password', 'secretAccessKey', 'sessionToken'] : ['password'];
  if (sameSshLogin(before.dsn, dsn)) kept.push('sshPassword');
  return kept;
}

/** Copies the kept secrets' ciphertexts from `before` onto `record`; returns the kept session secrets. */
export function carrySecrets(before: StoredDsn, record: StoredDsn, session: SecretValues): SecretValues {
  const kept: SecretValues = {};
  for (const name of keptSecrets(before, record.dsn)) {
    const encrypted = before[ENCRYPTED_FIELD[name]];
    if (encrypted !== undefined) record[ENCRYPTED_FIELD[name]] = encrypted;
    if (session[name] !== undefined) kept[name] = session[name];
  }
  return kept;
}

/**
 * The secrets a save replaces: each given one that is not empty (the password as typed; the SSH
 * password as typed, and only for a tunnel that logs in with one; the typed keys' secret and token
 * trimmed, and only for a `static` source: they are dropped with it).
 */
export function givenSecrets(input: DsnInput): SecretValues {
  const given: SecretValues = {};
  if (input.password !== undefined && input.password !== '') given.password = input.password;
  if (input.sshPassword !== undefined && input.sshPassword !== '' && sshOf(input)?.auth === 'password') given.sshPassword = input.sshPassword;
  if (input.credentialSource.kind !== 'static') return given;
  const secret = nonEmpty(input.secretAccessKey);
  if (secret !== undefined) given.secretAccessKey = secret;
  const token = nonEmpty(input.sessionToken);
  if (token !== undefined) given.sessionToken = token;
  return given;
}

/** What {@link planSecrets} needs from the store. */
export interface SecretHooks {
  /** The secret held in memory for this session, if any. */
  session(name: SecretName): string | undefined;
  /** The base64 ciphertext of a {@link givenSecrets} value, or undefined when it must stay in memory for this session. */
  encrypted(name: SecretName): string | undefined;
}

/**
 * Which secrets the saved record keeps, replaces or drops, and where each one lives. A secret
 * given replaces the stored one (empty keeps it); `clearPassword` / `clearStaticKeys` remove them;
 * typed keys are kept only while the source stays `static` with the same access key id.
 */
export function planSecrets(existing: StoredDsn | undefined, input: DsnInput, hooks: SecretHooks): Result<SecretPlan> {
  const plan: SecretPlan = { stored: {}, session: {} };
  const keep = (name: SecretName): void => {
    const encrypted = existing?.[ENCRYPTED_FIELD[name]];
    if (encrypted !== undefined) plan.stored[name] = encrypted;
    const session = hooks.session(name);
    if (session !== undefined) plan.session[name] = session;
  };
  const given = givenSecrets(input);
  const put = (name: SecretName): void => {
    const plain = given[name];
    if (plain === undefined) return;
    const encrypted = hooks.encrypted(name);
    plan.stored[name] = encrypted;
    plan.session[name] = encrypted === undefined ? plain : undefined;
  };

  if (input.clearPassword !== true) keep('password');
  put('password');

  // The SSH password: kept while the tunnel logs in the same way (see sameSshLogin); a new one needs a password tunnel.
  if (input.clearSshPassword !== true && existing !== undefined && sameSshLogin(existing.dsn, input)) keep('sshPassword');
  put('sshPassword');

  const source = input.credentialSource;
  if (source.kind !== 'static') return ok(plan); // typed keys are dropped with the source
  const before = existing?.dsn.credentialSource;
  const sameKey = before?.kind === 'static' && before.accessKeyId === source.accessKeyId;
  if (sameKey && input.clearStaticKeys !== true) {
    keep('secretAccessKey');
    keep('sessionToken');
  }
  put('secretAccessKey');
  put('sessionToken');
  if (input.authType === 'iam' && plan.stored.secretAccessKey === undefined && plan.session.secretAccessKey === undefined) {
    return err('VALIDATION', 'Secret access key is required for typed keys.', { fieldErrors: { secretAccessKey: ['Secret access key is required for typed keys'] } });
  }
  return ok(plan);
}
