/**
 * Canary test of the whole main-process stack (handlers → store, signer, tester, file logger)
 * against the real IAM fixture: passwords, tokens and AWS secrets never reach a handler answer,
 * the store file or the log file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogger } from '../../electron/main/platform/file-logger';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import type { TokenSigner } from '../../electron/main/iam-token/signer';
import { type Dsn, type SavedDsn } from '../../shared/dsn';
import type { Result } from '../../shared/result';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { createTestApp } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const CANARY = `CANARY-pw-${Math.random().toString(36).slice(2)}-end`;

let fixture: IamPostgresInternals;
let dir: string;
let handlers: ApiHandlers;
let signer: TokenSigner;
let storePath: string;
let logPath: string;
const responses: unknown[] = [];

beforeAll(async () => {
  fixture = await startIamPostgres();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-canary-'));
  logPath = join(dir, 'logs', 'main.log');
  const key = fixture.keys[1];
  const app = createTestApp(dir, {
    logger: new FileLogger(logPath),
    credentialProviderFactory: () => async () => {
      if (key === undefined) throw new Error('no temporary key');
      return key;
    },
  });
  ({ handlers } = app);
  signer = app.services.signer;
  storePath = (await app.services.store.status()).storePath;
});

afterAll(async () => {
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function call<T>(answer: Promise<Result<T>>): Promise<Result<T>> {
  const r = await answer;
  responses.push(r);
  return r;
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function base(over: Partial<Dsn>): Dsn {
  return fixtureIamDsn(fixture, {
    name: 'x',
    user: 'x',
    ...over,
  });
}

function inputOf(saved: SavedDsn) {
  const { hasPassword: _h, passwordSessionOnly: _p, updatedAt: _u, hasSecretAccessKey: _k, hasSessionToken: _t, hasSshPassword: _sp, ...input } = saved;
  return input;
}

function signatureOf(token: string): string {
  const m = /X-Amz-Signature=([0-9a-f]{64})/.exec(token);
  if (m?.[1] === undefined) throw new Error('token without signature');
  return m[1];
}

it('no secret reaches answers, the store file or the log', async () => {
  const canaryDsn = value(await call(handlers.saveDsn({ ...base({ name: 'canary', authType: 'database', user: fixture.dbUser }), password: CANARY })));
  const goodDb = value(await call(handlers.saveDsn({ ...base({ name: 'db ok', authType: 'database', user: fixture.dbUser, sslMode: 'require' }), password: fixture.dbPassword })));
  const iamDsn = value(await call(handlers.saveDsn(base({ name: 'iam', user: fixture.iamUser }))));

  // The stored canary is used and refused; the right password and IAM work.
  const refused = value(await call(handlers.testConnection({ requestId: 't1', dsn: inputOf(canaryDsn) })));
  expect(refused.error?.code).toBe('PASSWORD_AUTH_FAILED');
  expect(value(await call(handlers.testConnection({ requestId: 't2', dsn: inputOf(goodDb) }))).outcome).toBe('success');
  expect(value(await call(handlers.testConnection({ requestId: 't3', dsn: inputOf(iamDsn) }))).outcome).toBe('success');
  const noIam = value(await call(handlers.testConnection({ requestId: 't4', dsn: base({ name: 'no iam', user: fixture.noIamUser }) })));
  expect(noIam.error?.code).toBe('PASSWORD_AUTH_FAILED');
  // A typed canary in a test request is not echoed either.
  await call(handlers.testConnection({ requestId: 't5', dsn: { ...inputOf(goodDb), password: CANARY } }));
  await call(handlers.testConnection({ requestId: 't6', dsn: { ...inputOf(goodDb), password: CANARY, port: 0 } }));

  for (const d of [canaryDsn, goodDb, iamDsn]) {
    for (const format of ['uri', 'keyword'] as const) {
      value(await call(handlers.exportDsn({ dsn: inputOf(d), format, includeToken: false, includePassword: false })));
    }
  }
  await call(handlers.listDsns());
  await call(handlers.storeStatus());
  await call(handlers.cancelTest('t1'));
  await call(handlers.deleteDsn(goodDb.id));

  // The token the tests used (still cached) and the AWS secrets of the signing key.
  const cached = value(await signer.sign(base({ user: fixture.iamUser })));
  expect(cached.facts.fromCache).toBe(true);
  const key = fixture.keys[1];
  const secrets = [CANARY, fixture.dbPassword, cached.token, signatureOf(cached.token), key?.secretAccessKey, key?.sessionToken].filter((s): s is string => s !== undefined);

  const storeText = readFileSync(storePath, 'utf8');
  const logText = readFileSync(logPath, 'utf8');
  expect(logText).toContain('Connection test');
  expect(responses.length).toBeGreaterThan(15);
  for (const secret of secrets) {
    for (const r of responses) expect(JSON.stringify(r)).not.toContain(secret);
    expect(storeText).not.toContain(secret);
    expect(logText).not.toContain(secret);
  }
  expect((await fixture.verifierLog()).join('\n')).not.toContain(signatureOf(cached.token));

  // Asked for explicitly, an export carries a token: it works, and is still not logged.
  const withToken = value(await handlers.exportDsn({ dsn: inputOf(iamDsn), format: 'uri', includeToken: true, includePassword: false }));
  expect(withToken.containsSecret).toBe(true);
  const exported = /X-Amz-Signature%3D([0-9a-f]{64})/.exec(withToken.text)?.[1];
  expect(exported).toMatch(/^[0-9a-f]{64}$/);
  expect(readFileSync(logPath, 'utf8')).not.toContain(exported ?? 'missing');
});
