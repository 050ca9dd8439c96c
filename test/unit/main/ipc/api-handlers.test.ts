import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHandlers, createApiHandlers } from '../../../../electron/main/ipc/api-handlers';
import type { DsnStore } from '../../../../electron/main/library/store';
import type { ConnectionTestReport } from '../../../../shared/connection-test';
import type { Dsn, DsnInput, SavedDsn } from '../../../../shared/dsn';
import type { Result } from '../../../../shared/result';
import { dbDsn, FakeClock, iamDsn, MemoryLogger, TEST_KEYS } from '../../../support/fakes';
import { createTestApp } from '../../../support/app';
import { ConnectionTestService } from '../../../../electron/main/app/connection-test-service';
import type { ConnectionTesterPort } from '../../../../electron/main/connection-test/tester';
import { registerIpc } from '../../../../electron/main/ipc/register-ipc';
import { IPC_CHANNELS } from '../../../../shared/ipc-contract';
import { EXPORT_FORMATS } from '../../../../shared/export-types';

const CANARY = 'CANARY-pw-0c4b1d2e';

interface Call {
  dsn: Dsn;
  password: string | undefined;
}

/** A tester that records calls; `hold` keeps it running until aborted. */
class FakeTester implements ConnectionTesterPort {
  calls: Call[] = [];
  hold = false;
  async test(dsn: Dsn, opts: { password?: string | undefined; signal?: AbortSignal | undefined }): Promise<ConnectionTestReport> {
    this.calls.push({ dsn, password: opts.password });
    if (this.hold) {
      await new Promise<void>((resolve) => opts.signal?.addEventListener('abort', () => resolve(), { once: true }));
      return { outcome: 'failure', phases: [], totalMs: 1, startedAt: new Date(0).toISOString(), error: { code: 'CANCELLED', message: 'cancelled' } };
    }
    return { outcome: 'success', phases: [], totalMs: 1, startedAt: new Date(0).toISOString() };
  }
}

let dir: string;
let handlers: ApiHandlers;
let tester: FakeTester;
let logger: MemoryLogger;
let store: DsnStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-handlers-'));
  const clock = new FakeClock();
  logger = new MemoryLogger();
  const { services } = createTestApp(dir, { clock, logger, credentialProviderFactory: () => async () => TEST_KEYS });
  store = services.store;
  tester = new FakeTester();
  // The app's services, with a tester that records what it is asked to test.
  handlers = createApiHandlers({ ...services, tests: new ConnectionTestService({ store, tester, logger }) });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fieldErrorsOf(r: Result<unknown>): Record<string, string[]> {
  if (r.ok) throw new Error('expected a failure');
  expect(r.error.code).toBe('VALIDATION');
  return r.error.fieldErrors ?? {};
}

/** A saved DSN as the form sends it back: without the read-only view fields. */
function inputOf(saved: SavedDsn): DsnInput {
  const { hasPassword: _h, passwordSessionOnly: _p, hasSecretAccessKey: _s, hasSessionToken: _t, hasSshPassword: _sp, updatedAt: _u, ...input } = saved;
  return input;
}

function valueOf<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('input validation', () => {
  it.each([
    ['tokenExpirationSeconds', 0],
    ['tokenExpirationSeconds', 901],
    ['tokenExpirationSeconds', 1.5],
    ['tokenExpirationSeconds', 'abc'],
    ['port', 0],
    ['port', 65536],
    ['port', '5432'],
    ['user', ''],
    ['user', '   '],
  ])('saveDsn with %s = %j → VALIDATION on that field', async (field, bad) => {
    const errors = fieldErrorsOf(await handlers.saveDsn({ ...iamDsn(), [field]: bad }));
    expect(Object.keys(errors)).toEqual([field]);
  });

  it('sslMode disable with IAM → VALIDATION on sslMode', async () => {
    expect(Object.keys(fieldErrorsOf(await handlers.saveDsn(iamDsn({ sslMode: 'disable' }))))).toEqual(['sslMode']);
  });

  it('rejects extra keys in the DSN and in request wrappers', async () => {
    expect(fieldErrorsOf(await handlers.saveDsn({ ...iamDsn(), isAdmin: true }))).toBeDefined();
    expect(fieldErrorsOf(await handlers.testConnection({ requestId: 'r1', dsn: iamDsn(), extra: 1 }))).toBeDefined();
    expect(fieldErrorsOf(await handlers.testConnection({ requestId: 'r1', dsn: { ...iamDsn(), __proto__x: 1 } }))).toBeDefined();
    expect(fieldErrorsOf(await handlers.exportDsn({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false, shell: 'rm' }))).toBeDefined();
    expect(tester.calls).toHaveLength(0);
  });

  // Issue #9, disagreement 5: the message said 'Format must be "uri" or "keyword"' long after
  // nine more formats came; it names the real ones now.
  it('an unknown export format is refused with a message naming every real format', async () => {
    for (const method of ['exportDsn', 'saveExport'] as const) {
      const errors = fieldErrorsOf(await handlers[method]({ dsn: iamDsn(), format: 'yaml', includeToken: false, includePassword: false }));
      expect(errors.format).toEqual([`Format must be one of: ${EXPORT_FORMATS.join(', ')}`]);
      for (const format of ['uri', 'keyword', 'psql', 'env', 'pgpass', 'jdbc', 'python', 'odbc', 'odbc-community', 'node', 'json']) expect(errors.format?.[0]).toContain(format);
    }
  });

  it('reports DSN field errors inside wrappers under the form field names', async () => {
    const errors = fieldErrorsOf(await handlers.testConnection({ requestId: 'r1', dsn: { ...iamDsn(), port: 0, credentialSource: { kind: 'profile', profile: '' } } }));
    expect(Object.keys(errors).sort()).toEqual(['credentialSource.profile', 'port']);
  });

  it.each([undefined, null, 42, 'text', [], {}])('saveDsn(%j) → VALIDATION', async (payload) => {
    expect((await handlers.saveDsn(payload)).ok).toBe(false);
  });

  it('rejects bad ids, request ids, formats and too many arguments', async () => {
    fieldErrorsOf(await handlers.deleteDsn('not-a-uuid'));
    fieldErrorsOf(await handlers.cancelTest(''));
    fieldErrorsOf(await handlers.cancelTest({ requestId: 'r' }));
    expect(Object.keys(fieldErrorsOf(await handlers.exportDsn({ dsn: iamDsn(), format: 'yaml', includeToken: false, includePassword: false })))).toEqual(['format']);
    fieldErrorsOf(await handlers.listDsns('unexpected'));
    fieldErrorsOf(await handlers.saveDsn(iamDsn(), 'second'));
  });
});

describe('handlers', () => {
  it('lets an unexpected throw through to the one catch-all in registerIpc: INTERNAL there, without its text', async () => {
    store.list = () => {
      throw new Error(`boom ${CANARY}`);
    };
    await expect(handlers.listDsns()).rejects.toThrow('boom');
    const channels = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const ipc = { handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void channels.set(channel, listener), removeHandler: () => undefined };
    const onError = vi.fn((method: string, error: unknown) => logger.error('IPC handler threw', { method, error: error instanceof Error ? error.name : typeof error }));
    registerIpc(ipc as unknown as Parameters<typeof registerIpc>[0], handlers, () => true, { onError });
    const r = await channels.get(IPC_CHANNELS.listDsns)?.({ senderFrame: null });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain(CANARY);
    expect(logger.text()).not.toContain(CANARY);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'error', fields: { method: 'listDsns', error: 'Error' } });
  });

  it('saves, lists and deletes without ever returning the password', async () => {
    const saved = valueOf(await handlers.saveDsn({ ...dbDsn(), password: CANARY }));
    expect(saved.hasPassword).toBe(true);
    const listed = await handlers.listDsns();
    expect(valueOf(await handlers.deleteDsn(saved.id))).toEqual({ id: saved.id });
    const status = await handlers.storeStatus();
    for (const r of [saved, listed, status]) expect(JSON.stringify(r)).not.toContain(CANARY);
    expect(logger.text()).not.toContain(CANARY);
  });

  it('tests a saved DSN with its stored password unless one is given', async () => {
    const saved = valueOf(await handlers.saveDsn({ ...dbDsn(), password: CANARY }));
    const { id, ...dsn } = inputOf(saved);
    const report = await handlers.testConnection({ requestId: 'a', dsn: { ...dsn, id } });
    expect(valueOf(report).outcome).toBe('success');
    expect(JSON.stringify(report)).not.toContain(CANARY);
    expect(tester.calls[0]?.password).toBe(CANARY);
    await handlers.testConnection({ requestId: 'b', dsn: { ...dsn, id, password: 'typed-now' } });
    expect(tester.calls[1]?.password).toBe('typed-now');
    await handlers.testConnection({ requestId: 'c', dsn: { ...dsn, id, clearPassword: true } });
    expect(tester.calls[2]?.password).toBeUndefined();
    expect(tester.calls[0]?.dsn).not.toHaveProperty('id');
    expect(tester.calls[0]?.dsn).not.toHaveProperty('password');
  });

  it('cancels an in-flight test by request id, and refuses a duplicate id meanwhile', async () => {
    tester.hold = true;
    const running = handlers.testConnection({ requestId: 'req-1', dsn: iamDsn() });
    await vi.waitFor(() => expect(tester.calls).toHaveLength(1));
    fieldErrorsOf(await handlers.testConnection({ requestId: 'req-1', dsn: iamDsn() }));
    expect(valueOf(await handlers.cancelTest('req-1'))).toEqual({ cancelled: true });
    expect(valueOf(await running).error?.code).toBe('CANCELLED');
    expect(valueOf(await handlers.cancelTest('req-1'))).toEqual({ cancelled: false });
  });
});

describe('exportDsn', () => {
  it('by default holds no secret and explains how to get a token (with --profile)', async () => {
    const dsn = iamDsn({ credentialSource: { kind: 'profile', profile: 'dev' } });
    const out = valueOf(await handlers.exportDsn({ dsn, format: 'uri', includeToken: false, includePassword: false }));
    expect(out.containsSecret).toBe(false);
    expect(out.text).toBe(`postgresql://app_user@${dsn.server}:5432/postgres?sslmode=require&connect_timeout=10`);
    expect(out.notes.join('\n')).toContain(`aws rds generate-db-auth-token --hostname ${dsn.server} --port 5432 --region us-east-1 --username app_user --profile dev`);
  });

  it('includes a fresh token on request, with its expiry', async () => {
    const dsn = iamDsn({ connectViaHost: '127.0.0.1', connectViaPort: 15432 });
    const out = valueOf(await handlers.exportDsn({ dsn, format: 'keyword', includeToken: true, includePassword: false }));
    expect(out.containsSecret).toBe(true);
    expect(out.tokenExpiresAt).toBe(new Date(new FakeClock().now() + 900_000).toISOString());
    expect(out.text).toContain(`password=${dsn.server}:5432/?Action=connect`);
    expect(out.text).toContain('hostaddr=127.0.0.1 port=15432');
    expect(logger.text()).not.toContain('X-Amz-Signature');
  });

  it('includes the stored password only when asked, and only for database auth', async () => {
    const saved = valueOf(await handlers.saveDsn({ ...dbDsn(), password: CANARY }));
    const input = inputOf(saved);
    const plain = valueOf(await handlers.exportDsn({ dsn: input, format: 'keyword', includeToken: false, includePassword: false }));
    expect(plain.text).not.toContain(CANARY);
    const withPw = valueOf(await handlers.exportDsn({ dsn: input, format: 'keyword', includeToken: false, includePassword: true }));
    expect(withPw).toMatchObject({ containsSecret: true });
    expect(withPw.text).toContain(`password=${CANARY}`);
    expect(logger.text()).not.toContain(CANARY);
    expect(Object.keys(fieldErrorsOf(await handlers.exportDsn({ dsn: input, format: 'uri', includeToken: true, includePassword: false })))).toEqual(['includeToken']);
    expect(Object.keys(fieldErrorsOf(await handlers.exportDsn({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: true })))).toEqual(['includePassword']);
  });

  it('answers PASSWORD_MISSING when a password is asked for but none exists', async () => {
    const r = await handlers.exportDsn({ dsn: dbDsn(), format: 'uri', includeToken: false, includePassword: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'PASSWORD_MISSING' } });
  });
});
