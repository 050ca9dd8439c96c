/**
 * What the app's token refreshers start from: the IPC request, validated (the DSN id and the file),
 * and the saved DSN with its stored secrets, read from the store at every refresh.
 */
import { isAbsolute, join, normalize } from 'node:path';
import { z } from 'zod';
import { REFRESHER_TARGET_KINDS, type StartRefresherRequest } from '../../../shared/ipc-contract';
import { err, ok } from '../../../shared/result';
import type { DsnStorePort } from '../library/store';
import { dsnIdSchema, toDsn } from '../ipc/schemas';
import type { RefreshSource } from './refresher';

/** `~/x` (or `~`) → the home folder's `x`; anything else unchanged. */
export function expandHome(path: string, homedir: string): string {
  if (path === '~') return homedir;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir, path.slice(2));
  return path;
}

/** The IPC payload of `startRefresher`. The path must be absolute or start with `~/`. */
export const startRefresherRequestSchema = z.strictObject({
  dsnId: dsnIdSchema,
  target: z.strictObject({
    kind: z.enum(REFRESHER_TARGET_KINDS, { error: 'File kind must be "pgpass" or "password-file"' }),
    path: z
      .string({ error: 'File path must be text' })
      .trim()
      .min(1, 'File path is required')
      .max(4096, 'File path is too long')
      .refine((p) => !/[\0\r\n]/.test(p), 'File path cannot hold NUL or line breaks')
      .refine((p) => isAbsolute(p) || p === '~' || p.startsWith('~/'), 'File path must be absolute, e.g. /home/me/.pgpass or ~/.pgpass'),
  }),
});

/** A validated request with `~/` expanded and the path normalised. */
export function normaliseRequest(request: StartRefresherRequest, homedir: string): StartRefresherRequest {
  return { dsnId: request.dsnId, target: { kind: request.target.kind, path: normalize(expandHome(request.target.path, homedir)) } };
}

/** Saved DSNs and their stored static keys, as the refresher reads them at every refresh. */
export function storeRefreshSource(store: Pick<DsnStorePort, 'get' | 'staticSecretsFor'>): RefreshSource {
  return (dsnId) => {
    const saved = store.get(dsnId);
    if (!saved.ok) {
      return saved.error.code === 'NOT_FOUND' ? err('NOT_FOUND', 'The DSN was deleted; its token refresher stopped.', { hint: 'Start a refresher from another saved DSN.' }) : saved;
    }
    const dsn = toDsn(saved.value);
    if (dsn.authType !== 'iam' || dsn.credentialSource.kind !== 'static') return ok({ dsn, secrets: {} });
    const secrets = store.staticSecretsFor(dsnId);
    if (!secrets.ok && secrets.error.code !== 'NOT_FOUND') return secrets;
    const value = secrets.ok ? secrets.value : {};
    if (value.secretAccessKey === undefined || value.secretAccessKey === '') {
      return err('CREDENTIALS_MISSING', `DSN "${dsn.name}" signs with typed keys, but no secret access key is stored.`, { hint: 'Enter the secret access key in the form and save the DSN, then start again.' });
    }
    return ok({ dsn, secrets: value });
  };
}
