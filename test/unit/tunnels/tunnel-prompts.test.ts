/** The app's SSH prompts: a question reaches the window once, only an answer of its kind settles it, and every other ending is "no". */
import type { SshPromptRequest } from '../../../shared/ipc-contract';
import { TunnelPromptBroker } from '../../../electron/main/tunnels/tunnel-prompts';

const clock = { now: () => Date.parse('2030-01-01T00:00:00Z') };
const question = { host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:x', purpose: 'DSN "a"' };

function broker(timeoutMs = 60_000) {
  const shown: SshPromptRequest[] = [];
  const b = new TunnelPromptBroker({ clock, timeoutMs, notify: (r) => void shown.push(r) });
  return { b, shown };
}

it('accepts a host key only with { accept: true } for that request', async () => {
  const { b, shown } = broker();
  const asked = b.confirmHostKey(question);
  const request = shown[0];
  if (request === undefined) throw new Error('not shown');
  expect(request).toMatchObject({ kind: 'host-key', fingerprint: 'SHA256:x', expiresAt: '2030-01-01T00:01:00.000Z' });
  expect(b.answer(request.requestId, { secret: 'x' })).toEqual({ accepted: false, reason: 'wrong-kind' });
  expect(b.answer('other', { accept: true })).toEqual({ accepted: false, reason: 'unknown-request' });
  expect(b.answer(request.requestId, { accept: true })).toEqual({ accepted: true });
  expect(await asked).toBe(true);
  expect(b.openRequests()).toBe(0);
});

it('a passphrase comes back once; null, timeout, abort, no window and cancelAll are all "none"', async () => {
  const { b, shown } = broker(20);
  const first = b.askPassphrase({ keyFile: '/k', purpose: 'p', retry: false });
  b.answer(shown[0]?.requestId ?? '', { secret: 'pw' });
  expect(await first).toBe('pw');
  const cancelled = b.askPassphrase({ keyFile: '/k', purpose: 'p', retry: false });
  b.answer(shown[1]?.requestId ?? '', { secret: null });
  expect(await cancelled).toBeUndefined();
  expect(await b.askPassphrase({ keyFile: '/k', purpose: 'p', retry: false })).toBeUndefined(); // timed out
  const controller = new AbortController();
  const aborted = b.confirmHostKey({ ...question, signal: controller.signal });
  controller.abort();
  expect(await aborted).toBe(false);
  const all = b.confirmHostKey(question);
  b.cancelAll();
  expect(await all).toBe(false);
  const noWindow = new TunnelPromptBroker({ clock, notify: () => { throw new Error('no window'); } });
  expect(await noWindow.confirmHostKey(question)).toBe(false);
});
