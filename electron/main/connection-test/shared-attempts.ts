/**
 * Concurrent Test clicks on the same DSN share one connection attempt. The attempt is keyed by
 * everything that changes it (every DSN field but the name, plus a keyed hash of the password —
 * never the password itself) and is forgotten as soon as it settles, so a later click starts anew.
 */
import type { Dsn } from '../../../shared/dsn';
import { SecretFingerprint } from '../credentials/fingerprint';

/** JSON with object keys sorted, so two equal DSNs give the same text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Builds attempt keys: a keyed fingerprint (credentials/fingerprint.ts), so a key reveals nothing about the password. */
export class AttemptKeyMaker {
  private readonly fingerprint = new SecretFingerprint();

  /**
   * The key of a test of `dsn` with `secrets` (the database password, the secret key and session
   * token of typed keys: whatever else changes the attempt); the DSN's display name plays no part.
   */
  keyOf(dsn: Dsn, secrets: ReadonlyArray<string | undefined>): string {
    const { name: _name, ...fields } = dsn;
    return this.fingerprint.of([canonicalJson(fields), ...secrets]);
  }
}

interface Shared<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Waiters that have not cancelled. */
  active: number;
}

/** What a waiter gets when it cancels while others still wait for the shared attempt. */
export type CancelledAnswer<T> = () => T;

/**
 * Runs at most one task per key at a time; callers with the same key while it runs get its result.
 * Each caller may cancel with its own signal: it then gets `onCancelled()` at once, and the shared
 * task is aborted only when every caller has cancelled (the last one gets the task's own answer).
 */
export class SharedAttempts<T> {
  private readonly running = new Map<string, Shared<T>>();

  /** How many distinct tasks are running now. */
  get size(): number {
    return this.running.size;
  }

  /** Joins the task running under `key`, or starts `start(signal)` as that task. */
  run(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>, onCancelled: CancelledAnswer<T>): Promise<T> {
    let shared = this.running.get(key);
    if (shared === undefined) {
      const controller = new AbortController();
      const promise: Promise<T> = start(controller.signal).finally(() => {
        if (this.running.get(key)?.promise === promise) this.running.delete(key);
      });
      shared = { controller, active: 0, promise };
      this.running.set(key, shared);
    }
    return this.wait(key, shared, signal, onCancelled);
  }

  private wait(key: string, shared: Shared<T>, signal: AbortSignal | undefined, onCancelled: CancelledAnswer<T>): Promise<T> {
    shared.active++;
    if (signal === undefined) return shared.promise;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const onAbort = (): void => {
        if (done) return;
        done = true;
        shared.active--;
        if (shared.active > 0) {
          resolve(onCancelled());
          return;
        }
        // The last waiter left: stop the attempt, and let no new caller join the aborted one.
        if (this.running.get(key) === shared) this.running.delete(key);
        shared.controller.abort();
        shared.promise.then(resolve, reject);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) {
            done = true;
            resolve(value);
          }
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) {
            done = true;
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      );
    });
  }
}
