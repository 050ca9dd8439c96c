/** The pool's rules without a network: concurrent requests share one opening; the last release starts the idle close; failures and throws free the entry; an opening nobody waits for is aborted. */
import { EventEmitter } from 'node:events';
import type { Client } from 'ssh2';
import type { Chain } from '../../../electron/main/tunnels/ssh-connector';
import { TunnelPool } from '../../../electron/main/tunnels/tunnel-pool';
import type { SshHop } from '../../../electron/main/tunnels/tunnel-plan';
import type { Result } from '../../../shared/result';

class FakeClient extends EventEmitter {
  ended = 0;
  end(): void {
    this.ended++;
    this.emit('close');
  }
}

const hop: SshHop = { label: 'u@h:22', host: 'h', port: 22, user: 'u', knownName: 'h', identityFiles: [] };

function chain(): { chain: Chain; client: FakeClient } {
  const client = new FakeClient();
  // The pool only uses once('close') and end() of a client.
  return { chain: { clients: [client as unknown as Client], bastion: hop }, client };
}

const never = new AbortController().signal;

it('shares one opening among concurrent requests and closes when idle', async () => {
  vi.useFakeTimers();
  try {
    const pool = new TunnelPool(1000);
    const made = chain();
    let opens = 0;
    const open = async (): Promise<Result<Chain>> => {
      opens++;
      await Promise.resolve();
      return { ok: true, value: made.chain };
    };
    const leases = await Promise.all(Array.from({ length: 5 }, () => pool.acquire('k', open, never)));
    expect(opens).toBe(1);
    expect(leases.map((l) => l.reused)).toEqual([false, true, true, true, true]);
    for (const lease of leases.slice(0, 4)) lease.release();
    vi.advanceTimersByTime(5000);
    expect(made.client.ended).toBe(0);
    leases[4]?.release();
    leases[4]?.release(); // a second release is ignored
    vi.advanceTimersByTime(999);
    expect(pool.size()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(made.client.ended).toBe(1);
    expect(pool.size()).toBe(0);
  } finally {
    vi.useRealTimers();
  }
});

it('a failed or throwing opening frees its entry; the next request opens anew', async () => {
  const pool = new TunnelPool(1000);
  const failed = await pool.acquire('k', async () => ({ ok: false, error: { code: 'SSH_UNREACHABLE', message: 'no' } }), never);
  expect(failed.result.ok).toBe(false);
  expect(pool.size()).toBe(0);
  const thrown = await pool.acquire('k', () => Promise.reject(new TypeError('bug')), never);
  expect(thrown.result.ok ? '' : thrown.result.error.code).toBe('SSH_FAILED');
  expect(pool.size()).toBe(0);
});

it('aborts an opening when every waiting request gave up', async () => {
  const pool = new TunnelPool(1000);
  let openingSignal: AbortSignal | undefined;
  const open = (signal: AbortSignal) =>
    new Promise<Result<Chain>>((resolve) => {
      openingSignal = signal;
      signal.addEventListener('abort', () => resolve({ ok: false, error: { code: 'CANCELLED', message: 'x' } }));
    });
  const a = new AbortController();
  const b = new AbortController();
  const first = pool.acquire('k', open, a.signal);
  const second = pool.acquire('k', open, b.signal);
  a.abort();
  await Promise.resolve();
  expect(openingSignal?.aborted).toBe(false);
  b.abort();
  await Promise.all([first, second]);
  expect(openingSignal?.aborted).toBe(true);
  expect(pool.size()).toBe(0);
});

it('a hop that drops ends the pooled connection', async () => {
  const pool = new TunnelPool(1000);
  const made = chain();
  const lease = await pool.acquire('k', async () => ({ ok: true, value: made.chain }), never);
  expect(pool.size()).toBe(1);
  made.client.emit('close');
  expect(pool.size()).toBe(0);
  lease.release();
});
