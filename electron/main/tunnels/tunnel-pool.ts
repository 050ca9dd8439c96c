/**
 * SSH connections shared while in use: every request that would log in to the same bastion the
 * same way (see poolKeyOf) gets its own forward channel over one connection, and requests that
 * arrive while it is being opened wait for that one instead of opening another. The connection
 * closes when its last channel has been closed for `idleMs`, or as soon as it drops.
 */
import type { Client } from 'ssh2';
import type { Result } from '../../../shared/result';
import type { Chain } from './ssh-connector';

interface Entry {
  key: string;
  /** Requests holding the connection or waiting for it. */
  users: number;
  connecting: Promise<Result<Chain>> | undefined;
  chain: Chain | undefined;
  idle: NodeJS.Timeout | undefined;
  /** Aborts the opening when every waiting request gave up. */
  controller: AbortController;
}

/** One request's hold on a pooled connection. */
export interface Lease {
  result: Result<Chain>;
  /** The connection was already open (or being opened by another request). */
  reused: boolean;
  /** Gives the hold back; call once, when the request's channel is closed (or was never opened). */
  release(): void;
}

/** How long an unused connection stays open by default. */
export const TUNNEL_IDLE_MS = 15_000;

export class TunnelPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly idleMs: number = TUNNEL_IDLE_MS) {}

  /** SSH connections open (or opening) now. */
  size(): number {
    return this.entries.size;
  }

  /**
   * Holds the connection of `key`, opening it with `open` when there is none. `signal` withdraws
   * only this request; the opening is aborted when no request waits for it any more.
   */
  async acquire(key: string, open: (signal: AbortSignal) => Promise<Result<Chain>>, signal: AbortSignal): Promise<Lease> {
    let entry = this.entries.get(key);
    const reused = entry !== undefined;
    if (entry === undefined) {
      const created: Entry = { key, users: 0, connecting: undefined, chain: undefined, idle: undefined, controller: new AbortController() };
      // A throw inside the opening (a bug, not a refusal) ends this entry too, so nothing waits on it forever.
      created.connecting = open(created.controller.signal).then(
        (result) => this.opened(created, result),
        (error: unknown) => this.opened(created, { ok: false, error: { code: 'SSH_FAILED', message: 'The SSH connection could not be opened.', detail: error instanceof Error ? error.name : typeof error } }),
      );
      this.entries.set(key, created);
      entry = created;
    }
    const held = entry;
    held.users++;
    clearTimeout(held.idle);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.drop(held);
    };
    if (held.chain !== undefined) return { result: { ok: true, value: held.chain }, reused, release };
    const onAbort = (): void => release();
    signal.addEventListener('abort', onAbort, { once: true });
    const result = await (held.connecting ?? Promise.resolve<Result<Chain>>({ ok: false, error: { code: 'INTERNAL', message: 'No connection is being opened.' } }));
    signal.removeEventListener('abort', onAbort);
    if (!result.ok) release();
    return { result, reused, release };
  }

  /** Closes every connection (the app quits). */
  closeAll(): void {
    for (const entry of [...this.entries.values()]) this.close(entry);
  }

  private opened(entry: Entry, result: Result<Chain>): Result<Chain> {
    entry.connecting = undefined;
    if (!result.ok) {
      if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
      return result;
    }
    entry.chain = result.value;
    // Any hop dropping ends the whole chain.
    for (const client of result.value.clients) client.once('close', () => this.close(entry));
    if (entry.users === 0) this.scheduleIdle(entry);
    return result;
  }

  private drop(entry: Entry): void {
    entry.users = Math.max(0, entry.users - 1);
    if (entry.users > 0) return;
    if (entry.connecting !== undefined) entry.controller.abort();
    else this.scheduleIdle(entry);
  }

  private scheduleIdle(entry: Entry): void {
    clearTimeout(entry.idle);
    entry.idle = setTimeout(() => {
      if (entry.users === 0) this.close(entry);
    }, this.idleMs);
    entry.idle.unref();
  }

  private close(entry: Entry): void {
    clearTimeout(entry.idle);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    const clients: Client[] = entry.chain?.clients ?? [];
    entry.chain = undefined;
    for (const client of [...clients].reverse()) client.end();
  }
}
