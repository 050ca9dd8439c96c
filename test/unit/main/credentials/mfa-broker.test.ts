/** MfaBroker: one pending request per ask, answered once, cancelled, timed out; codes never kept. */
import { MFA_TIMEOUT_MS, MfaBroker, MfaNotAnsweredError, normalizeMfaCode } from '../../../../electron/main/credentials/mfa-broker';
import type { MfaRequest } from '../../../../shared/ipc-contract';
import { FakeClock, MemoryLogger } from '../../../support/fakes';

const SERIAL = 'arn:aws:iam::123456789012:mfa/dsn-user';
const CODE = '493027';

/** Deadlines that pass only when told: the broker's `deadline` port. */
class ManualDeadlines {
  readonly asked: number[] = [];
  private readonly controllers: AbortController[] = [];
  readonly deadline = (ms: number): AbortSignal => {
    this.asked.push(ms);
    const controller = new AbortController();
    this.controllers.push(controller);
    return controller.signal;
  };
  passAll(): void {
    for (const controller of this.controllers) controller.abort();
  }
}

function setup(options: { notify?: (r: MfaRequest) => void; timeoutMs?: number } = {}) {
  const requests: MfaRequest[] = [];
  const clock = new FakeClock();
  const timers = new ManualDeadlines();
  const logger = new MemoryLogger();
  let n = 0;
  const broker = new MfaBroker({
    notify: options.notify ?? ((r) => void requests.push(r)),
    clock,
    deadline: timers.deadline,
    logger,
    timeoutMs: options.timeoutMs,
    newId: () => `mfa-${++n}`,
  });
  return { broker, requests, clock, timers, logger };
}

async function rejection(promise: Promise<unknown>): Promise<MfaNotAnsweredError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(error instanceof MfaNotAnsweredError)) throw error;
  return error;
}

describe('MfaBroker', () => {
  it('pushes a request with serial, purpose and expiry, and resolves with the answered code', async () => {
    const { broker, requests, clock, timers } = setup();
    const code = broker.ask({ mfaSerial: SERIAL, purpose: 'DSN "prod"' });
    expect(requests).toEqual([{ requestId: 'mfa-1', mfaSerial: SERIAL, purpose: 'DSN "prod"', expiresAt: new Date(clock.now() + MFA_TIMEOUT_MS).toISOString() }]);
    expect(timers.asked).toEqual([120_000]);
    expect(broker.answer('mfa-1', CODE)).toEqual({ accepted: true });
    await expect(code).resolves.toBe(CODE);
    expect(broker.openRequests()).toBe(0);
    // The deadline passing after the answer changes nothing (its listener is gone).
    timers.passAll();
    expect(broker.openRequests()).toBe(0);
  });

  it('accepts a code typed with a space or dash, and keeps the prompt open for one that cannot be a code', async () => {
    const { broker } = setup();
    const code = broker.ask({ mfaSerial: SERIAL, purpose: 'p' });
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5x', '１２３４５６']) {
      expect(broker.answer('mfa-1', bad)).toEqual({ accepted: false, reason: 'invalid-code' });
    }
    expect(broker.openRequests()).toBe(1);
    expect(broker.answer('mfa-1', ' 493 027 ')).toEqual({ accepted: true });
    await expect(code).resolves.toBe(CODE);
    expect(normalizeMfaCode('493-027')).toBe(CODE);
  });

  it('null cancels: the ask rejects with MfaNotAnsweredError("cancelled")', async () => {
    const { broker } = setup();
    const code = broker.ask({ mfaSerial: SERIAL, purpose: 'p' });
    expect(broker.answer('mfa-1', null)).toEqual({ accepted: true });
    expect(await rejection(code)).toMatchObject({ reason: 'cancelled', mfaSerial: SERIAL });
  });

  it('times out after the (injected) timeout, and a late answer is refused', async () => {
    const { broker, timers, requests, clock } = setup({ timeoutMs: 5_000 });
    const code = broker.ask({ mfaSerial: SERIAL, purpose: 'p' });
    expect(requests[0]?.expiresAt).toBe(new Date(clock.now() + 5_000).toISOString());
    timers.passAll();
    expect((await rejection(code)).reason).toBe('timeout');
    expect(broker.answer('mfa-1', CODE)).toEqual({ accepted: false, reason: 'unknown-request' });
  });

  it('refuses an unknown or already answered id', async () => {
    const { broker } = setup();
    expect(broker.answer('nope', CODE)).toEqual({ accepted: false, reason: 'unknown-request' });
    const code = broker.ask({ mfaSerial: SERIAL, purpose: 'p' });
    broker.answer('mfa-1', CODE);
    await code;
    expect(broker.answer('mfa-1', '111111')).toEqual({ accepted: false, reason: 'unknown-request' });
    expect(broker.answer('mfa-1', null)).toEqual({ accepted: false, reason: 'unknown-request' });
  });

  it('never caches a code: the next ask for the same device asks again; no log line holds it', async () => {
    const { broker, requests, logger } = setup();
    const first = broker.ask({ mfaSerial: SERIAL, purpose: 'p' });
    broker.answer('mfa-1', CODE);
    await first;
    let settled = false;
    const second = broker.ask({ mfaSerial: SERIAL, purpose: 'p' }).finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(requests.map((r) => r.requestId)).toEqual(['mfa-1', 'mfa-2']);
    broker.answer('mfa-2', '000111');
    await expect(second).resolves.toBe('000111');
    expect(logger.text()).not.toContain(CODE);
    expect(logger.text()).not.toContain('000111');
    expect(JSON.stringify(broker)).not.toContain(CODE);
  });

  it('rejects at once with "unavailable" when the request cannot be shown', async () => {
    const { broker, timers } = setup({
      notify: () => {
        throw new Error('no window');
      },
    });
    expect((await rejection(broker.ask({ mfaSerial: SERIAL, purpose: 'p' }))).reason).toBe('unavailable');
    expect(broker.openRequests()).toBe(0);
    timers.passAll();
    expect(broker.openRequests()).toBe(0);
  });

  it('withdraws the request when its signal aborts (or was aborted already)', async () => {
    const { broker, requests } = setup();
    const controller = new AbortController();
    const code = broker.ask({ mfaSerial: SERIAL, purpose: 'p', signal: controller.signal });
    controller.abort();
    expect((await rejection(code)).reason).toBe('aborted');
    expect(broker.answer('mfa-1', CODE).accepted).toBe(false);
    expect((await rejection(broker.ask({ mfaSerial: SERIAL, purpose: 'p', signal: controller.signal }))).reason).toBe('aborted');
    expect(requests).toHaveLength(1);
  });

  it('cancelAll rejects every open request', async () => {
    const { broker } = setup();
    const a = broker.ask({ mfaSerial: SERIAL, purpose: 'a' });
    const b = broker.ask({ mfaSerial: SERIAL, purpose: 'b' });
    broker.cancelAll();
    expect([(await rejection(a)).reason, (await rejection(b)).reason]).toEqual(['cancelled', 'cancelled']);
    expect(broker.openRequests()).toBe(0);
  });
});

describe('MfaBroker: a code AWS rejects', () => {
  it('asks again under the same request (its dialog stays open), saying the last code was rejected; the verdict closes it', async () => {
    const results: unknown[] = [];
    const requests: MfaRequest[] = [];
    let n = 0;
    const broker = new MfaBroker({ notify: (r) => void requests.push(r), notifyResult: (r) => void results.push(r), clock: new FakeClock(), deadline: new ManualDeadlines().deadline, newId: () => `mfa-${++n}` });
    const first = broker.ask({ mfaSerial: SERIAL, purpose: 'DSN "prod"' });
    broker.answer('mfa-1', '111111');
    await expect(first).resolves.toBe('111111');
    expect(results).toEqual([]);
    const second = broker.ask({ mfaSerial: SERIAL, purpose: 'DSN "prod"', previousCodeRejected: true });
    expect(requests.map((r) => [r.requestId, r.previousCodeRejected])).toEqual([
      ['mfa-1', undefined],
      ['mfa-1', true],
    ]);
    broker.answer('mfa-1', CODE);
    await expect(second).resolves.toBe(CODE);
    broker.reportOutcome(SERIAL, true);
    expect(results).toEqual([{ requestId: 'mfa-1', accepted: true }]);
    // Judged once: a second report tells nothing.
    broker.reportOutcome(SERIAL, true);
    expect(results).toHaveLength(1);
  });
});
