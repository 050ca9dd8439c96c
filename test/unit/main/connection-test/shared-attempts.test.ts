/**
 * Sharing one attempt among concurrent tests (SharedAttempts, the attempt key) and the caller
 * identity lookup's deadline, with fake ports (the socket goes to loopback port 1, where nothing
 * listens). One connection for five concurrent tests is shown against a server in
 * test/integration/connection-tester-loopback.test.ts.
 */
import type { CallerIdentityPort } from '../../../../electron/main/connection-test/caller-identity';
import { ConnectionTester } from '../../../../electron/main/connection-test/tester';
import type { SignedToken, TokenSignerPort } from '../../../../electron/main/iam-token/signer';
import { AttemptKeyMaker, SharedAttempts } from '../../../../electron/main/connection-test/shared-attempts';
import { ok, type Result } from '../../../../shared/result';
import { dbDsn, FakeClock, iamDsn, TEST_KEYS } from '../../../support/fakes';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('SharedAttempts', () => {
  it('runs one task per key; every caller gets its result; a later call runs anew', async () => {
    const shared = new SharedAttempts<string>();
    const gate = deferred<string>();
    let starts = 0;
    const start = (): Promise<string> => {
      starts++;
      return gate.promise;
    };
    const calls = Array.from({ length: 5 }, () => shared.run('k', undefined, start, () => 'cancelled'));
    const other = shared.run('other', undefined, async () => 'other', () => 'cancelled');
    expect([starts, shared.size]).toEqual([1, 2]);
    gate.resolve('done');
    expect(await Promise.all(calls)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(await other).toBe('other');
    expect(shared.size).toBe(0);
    await shared.run('k', undefined, async () => 'again', () => 'cancelled');
    expect(starts).toBe(1);
  });

  it('a cancelling waiter leaves at once; the task goes on for the others and is not aborted', async () => {
    const shared = new SharedAttempts<string>();
    const gate = deferred<string>();
    let taskSignal: AbortSignal | undefined;
    const start = (signal: AbortSignal): Promise<string> => {
      taskSignal = signal;
      return gate.promise;
    };
    const a = new AbortController();
    const b = new AbortController();
    const first = shared.run('k', a.signal, start, () => 'cancelled');
    const second = shared.run('k', b.signal, start, () => 'cancelled');
    const third = shared.run('k', undefined, start, () => 'cancelled');
    a.abort();
    expect(await first).toBe('cancelled');
    b.abort();
    expect(await second).toBe('cancelled');
    expect(taskSignal?.aborted).toBe(false);
    gate.resolve('done');
    expect(await third).toBe('done');
  });

  it('when every waiter cancels, the task is aborted, the last one gets its answer, and nobody joins it', async () => {
    const shared = new SharedAttempts<string>();
    const start = (signal: AbortSignal): Promise<string> =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve('aborted-report'), { once: true }));
    const a = new AbortController();
    const b = new AbortController();
    const first = shared.run('k', a.signal, start, () => 'cancelled');
    const second = shared.run('k', b.signal, start, () => 'cancelled');
    a.abort();
    b.abort();
    expect(await first).toBe('cancelled');
    expect(await second).toBe('aborted-report');
    expect(shared.size).toBe(0);
    expect(await shared.run('k', undefined, async () => 'fresh', () => 'cancelled')).toBe('fresh');
  });

  it('an already aborted signal counts as a cancel', async () => {
    const shared = new SharedAttempts<string>();
    const gate = deferred<string>();
    const running = shared.run('k', undefined, () => gate.promise, () => 'cancelled');
    expect(await shared.run('k', AbortSignal.abort(), () => gate.promise, () => 'cancelled')).toBe('cancelled');
    gate.resolve('done');
    expect(await running).toBe('done');
  });
});

describe('AttemptKeyMaker', () => {
  const keys = new AttemptKeyMaker();

  it('ignores the display name and key order; any other field or secret changes the key', () => {
    const dsn = iamDsn();
    const reordered = Object.fromEntries(Object.entries(dsn).reverse()) as typeof dsn;
    const base = keys.keyOf(dsn, [undefined]);
    expect(keys.keyOf({ ...dsn, name: 'other name' }, [undefined])).toBe(base);
    expect(keys.keyOf(reordered, [undefined])).toBe(base);
    for (const change of [{ port: 5433 }, { region: 'eu-west-1' }, { sslMode: 'prefer' as const }, { connectViaHost: '127.0.0.1' }, { caBundlePath: '/ca.pem' }, { connectTimeoutSeconds: 3 }, { database: 'x' }]) {
      expect(keys.keyOf({ ...dsn, ...change }, [undefined])).not.toBe(base);
    }
    expect(keys.keyOf(dsn, ['pw'])).not.toBe(keys.keyOf(dsn, ['pw2']));
    expect(keys.keyOf(dsn, ['', undefined])).not.toBe(keys.keyOf(dsn, [undefined, '']));
  });

  it('never holds the password, and differs between instances (random HMAC key)', () => {
    const password = 'CANARY-password-123';
    const key = keys.keyOf(dbDsn(), [password]);
    expect(key).not.toContain(password);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new AttemptKeyMaker().keyOf(dbDsn(), [password])).not.toBe(key);
  });
});

function signedToken(): SignedToken {
  return {
    token: 'mydb.example:5432/?Action=connect&X-Amz-Signature=00',
    cacheKey: 'k',
    expiresAt: Date.UTC(2030, 0, 1, 12, 15),
    credentials: TEST_KEYS,
    identity: { source: 'the default AWS credential chain', accessKeyIdMasked: 'AKIA…LE01' },
    facts: { signedFor: 'mydb.example:5432', region: 'us-east-1', reuseUntil: new Date(0).toISOString(), fromCache: false },
  };
}

class CountingSigner implements TokenSignerPort {
  signs = 0;
  async sign(): Promise<Result<SignedToken>> {
    this.signs++;
    return ok(signedToken());
  }
  invalidate(): void {}
}

describe('ConnectionTester sharing', () => {
  it('the signer gets the shared attempt’s own signal, not the first caller’s', async () => {
    let seen: AbortSignal | undefined;
    const signer: TokenSignerPort = {
      sign: async (_target, options) => {
        seen = options?.signal;
        return ok(signedToken());
      },
      invalidate: () => undefined,
    };
    const tester = new ConnectionTester({ signer, clock: new FakeClock() });
    const caller = new AbortController();
    await tester.test(iamDsn({ connectViaHost: '127.0.0.1', connectViaPort: 1 }), { signal: caller.signal });
    expect(seen).toBeDefined();
    expect(seen).not.toBe(caller.signal);
  });
});

describe('caller identity lookup', () => {
  const refused = { connectViaHost: '127.0.0.1', connectViaPort: 1 };

  it('adds the caller ARN to the identity, with the signing credentials, region and STS endpoint', async () => {
    const calls: unknown[] = [];
    const port: CallerIdentityPort = {
      lookup: async (credentials, options) => {
        calls.push({ key: credentials.accessKeyId, region: options.region, endpoint: options.endpoint, timeoutMs: options.timeoutMs });
        return 'arn:aws:iam::123456789012:user/me';
      },
    };
    const tester = new ConnectionTester({ signer: new CountingSigner(), clock: new FakeClock(), callerIdentity: port });
    const report = await tester.test(iamDsn({ ...refused, stsEndpoint: 'http://127.0.0.1:9' }));
    expect(report.error?.code).toBe('CONNECTION_REFUSED');
    expect(report.identity).toEqual({ source: 'the default AWS credential chain', accessKeyIdMasked: 'AKIA…LE01', callerArn: 'arn:aws:iam::123456789012:user/me' });
    expect(calls).toEqual([{ key: TEST_KEYS.accessKeyId, region: 'us-east-1', endpoint: 'http://127.0.0.1:9', timeoutMs: 1500 }]);
    expect(report.token?.expiresAt).toBe('2030-01-01T12:15:00.000Z');
  });

  it('a lookup that hangs or throws never fails or holds the report past its deadline', async () => {
    const hanging: CallerIdentityPort = { lookup: () => new Promise(() => undefined) };
    const throwing: CallerIdentityPort = {
      lookup: () => {
        throw new Error('boom');
      },
    };
    for (const port of [hanging, throwing]) {
      const tester = new ConnectionTester({ signer: new CountingSigner(), clock: new FakeClock(), callerIdentity: port, callerIdentityTimeoutMs: 200 });
      const started = performance.now();
      const report = await tester.test(iamDsn(refused));
      expect(performance.now() - started).toBeLessThan(600);
      expect(report.error?.code).toBe('CONNECTION_REFUSED');
      expect(report.identity?.callerArn).toBeUndefined();
      expect(report.identity?.accessKeyIdMasked).toBe('AKIA…LE01');
    }
  });
});
