/**
 * Where the app's token refreshers get their DSN at every refresh: the saved DSN with its stored
 * static keys, read from the store each time (so edits, deletes and new keys apply).
 */
import { dsnFieldsOf } from '../../../shared/dsn';
import { err, ok } from '../../../shared/result';
import type { DsnStorePort } from '../library/store';
import type { RefreshSource } from './refresher';

/** Saved DSNs and their stored static keys, as the refresher reads them at every refresh. */
export function storeRefreshSource(store: Pick<DsnStorePort, 'get' | 'staticSecretsFor'>): RefreshSource {
  return async (dsnId) => {
    const saved = store.get(dsnId);
    if (!saved.ok) {
      return saved.error.code === 'NOT_FOUND' ? err('NOT_FOUND', 'The DSN was deleted; its token refresher stopped.', { hint: 'Start a refresher from another saved DSN.' }) : saved;
    }
    const dsn = dsnFieldsOf(saved.value);
    if (dsn.authType !== 'iam' || dsn.credentialSource.kind !== 'static') return ok({ dsn, secrets: {} });
    const secrets = await store.staticSecretsFor(dsnId);
    if (!secrets.ok && secrets.error.code !== 'NOT_FOUND') return secrets;
    const value = secrets.ok ? secrets.value : {};
    if (value.secretAccessKey === undefined || value.secretAccessKey === '') {
      return err('CREDENTIALS_MISSING', `DSN "${dsn.name}" signs with typed keys, but no secret access key is stored.`, { hint: 'Enter the secret access key in the form and save the DSN, then start again.' });
    }
    return ok({ dsn, secrets: value });
  };
}
