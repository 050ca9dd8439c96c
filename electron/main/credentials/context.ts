/**
 * Per-request credential context: the typed/stored secrets of a `static` source, who is asking (for
 * the MFA dialog) and the request's abort signal. The IPC handlers set it around a test or an
 * export; the signer reads it, however deep the call chain in between (AsyncLocalStorage), so no
 * secret has to ride on a DSN object that other code could log or export.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StaticSecrets } from './types';

/** What one request knows besides the DSN. Secrets: main process only. */
export interface CredentialContext {
  secrets?: StaticSecrets | undefined;
  /** Aborts an MFA prompt when the request is cancelled. */
  signal?: AbortSignal | undefined;
}

const storage = new AsyncLocalStorage<CredentialContext>();

/** Runs `work` with `context` visible to {@link currentCredentialContext} in everything it awaits. */
export function withCredentialContext<T>(context: CredentialContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the running request; empty outside one. */
export function currentCredentialContext(): CredentialContext {
  return storage.getStore() ?? {};
}
