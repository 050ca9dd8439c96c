/**
 * Secrets the CLI must be given because it cannot open the app's: the database password
 * (PGPASSWORD, else a prompt without echo) and a static AWS key's secret (AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN, else prompts). Without a terminal and without the variable it is an error
 * (exit 3) saying why. Secrets are returned to the caller only, never printed.
 */
import type { Dsn } from '../../shared/dsn';
import { err, ok, type Result } from '../../shared/result';
import type { Prompter } from './prompt';

/** Why the app's stored secret is out of reach, in the words the user sees. */
export const KEYCHAIN_REASON = "the app's stored password is encrypted by the OS keychain through Electron and cannot be read by the CLI";
const KEYCHAIN_REASON_KEYS = "the app's stored secret access key is encrypted by the OS keychain through Electron and cannot be read by the CLI";

/** What the CLI knows about the DSN a secret is for. */
export interface SecretContext {
  env: Readonly<Record<string, string | undefined>>;
  /** `undefined` when there is no terminal to ask on. */
  prompter: Prompter | undefined;
  /** The DSN comes from the app's store (as opposed to a DSN file). */
  saved: boolean;
  /** The app holds this secret (encrypted) for the DSN. */
  storedByApp: boolean;
}

/** A failed prompt: Ctrl-C / Ctrl-D. */
function cancelled<T>(): Result<T> {
  return err('CANCELLED', 'Cancelled at the prompt.');
}

function passwordReason(ctx: SecretContext): string {
  if (ctx.storedByApp) return KEYCHAIN_REASON;
  return ctx.saved ? 'no password is saved for this DSN' : 'a DSN file never holds a password';
}

/** The database password for a database-auth DSN: PGPASSWORD, else a prompt (no echo). */
export async function databasePassword(dsn: Dsn, ctx: SecretContext): Promise<Result<string>> {
  const fromEnv = ctx.env.PGPASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return ok(fromEnv);
  const reason = passwordReason(ctx);
  if (ctx.prompter === undefined) {
    return err('PASSWORD_MISSING', `A database password is needed, but ${reason}.`, {
      hint: 'Set PGPASSWORD in the environment, or run iam-dsn on a terminal to be asked for the password.',
    });
  }
  const answer = await ctx.prompter.ask(`A database password is needed: ${reason}.\nPassword for ${dsn.user} on ${dsn.server}:${dsn.port} (not shown): `, { echo: false });
  if (answer.kind !== 'answer') return cancelled();
  if (answer.value === '') return err('PASSWORD_MISSING', 'No password was entered.', { hint: 'Enter the password at the prompt, or set PGPASSWORD.' });
  return ok(answer.value);
}

/** The secret half of a static access key (and its session token for temporary ASIA… keys). */
export interface StaticSecret {
  secretAccessKey: string;
  sessionToken: string | undefined;
}

/**
 * The secret of a `static` credential source: AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) when
 * AWS_ACCESS_KEY_ID is unset or names the same key, else prompts (no echo).
 */
export async function staticKeySecret(accessKeyId: string, ctx: SecretContext): Promise<Result<StaticSecret>> {
  const env = ctx.env;
  const sameKey = env.AWS_ACCESS_KEY_ID === undefined || env.AWS_ACCESS_KEY_ID === '' || env.AWS_ACCESS_KEY_ID === accessKeyId;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const temporary = accessKeyId.startsWith('ASIA');
  if (sameKey && secret !== undefined && secret !== '') {
    const token = env.AWS_SESSION_TOKEN === '' ? undefined : env.AWS_SESSION_TOKEN;
    if (!temporary || token !== undefined) return ok({ secretAccessKey: secret, sessionToken: token });
  }
  const reason = ctx.storedByApp ? KEYCHAIN_REASON_KEYS : ctx.saved ? 'no secret access key is saved for this DSN' : 'a DSN file never holds a secret key';
  if (ctx.prompter === undefined) {
    return err('CREDENTIALS_MISSING', `The secret access key of ${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)} is needed, but ${reason}.`, {
      hint: `Set AWS_SECRET_ACCESS_KEY${temporary ? ' and AWS_SESSION_TOKEN' : ''} (with AWS_ACCESS_KEY_ID unset or ${accessKeyId}), or run iam-dsn on a terminal to be asked.`,
    });
  }
  const key = await ctx.prompter.ask(`The secret access key is needed: ${reason}.\nSecret access key for ${accessKeyId} (not shown): `, { echo: false });
  if (key.kind !== 'answer') return cancelled();
  if (key.value === '') return err('CREDENTIALS_MISSING', 'No secret access key was entered.');
  if (!temporary) return ok({ secretAccessKey: key.value, sessionToken: undefined });
  const token = await ctx.prompter.ask(`Session token for ${accessKeyId} (temporary key; not shown): `, { echo: false });
  if (token.kind !== 'answer') return cancelled();
  if (token.value === '') return err('CREDENTIALS_MISSING', 'No session token was entered; temporary (ASIA…) keys need one.');
  return ok({ secretAccessKey: key.value, sessionToken: token.value });
}

/**
 * The SSH bastion's password of a tunnel with password authentication: IAM_DSN_SSH_PASSWORD, else
 * a prompt (no echo). The app's stored one is out of reach, as for the database password.
 */
export async function sshPassword(label: string, ctx: SecretContext): Promise<Result<string>> {
  const fromEnv = ctx.env.IAM_DSN_SSH_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return ok(fromEnv);
  const reason = ctx.storedByApp ? KEYCHAIN_REASON : ctx.saved ? 'no SSH password is saved for this DSN' : 'a DSN file never holds a password';
  if (ctx.prompter === undefined) {
    return err('SSH_LOGIN_REFUSED', `The SSH tunnel needs the bastion password, but ${reason}.`, {
      hint: 'Set IAM_DSN_SSH_PASSWORD in the environment, or run iam-dsn on a terminal to be asked; ssh-agent avoids passwords altogether.',
    });
  }
  const answer = await ctx.prompter.ask(`SSH password for ${label} (not shown): `, { echo: false });
  if (answer.kind !== 'answer') return cancelled();
  if (answer.value === '') return err('SSH_LOGIN_REFUSED', 'No SSH password was entered.');
  return ok(answer.value);
}
