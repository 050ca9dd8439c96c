/**
 * The refresher's IPC handlers over a real DsnStore and TokenSigner (tokens signed locally with
 * test keys) and real files: payload validation, `~/` expansion, stored static keys, answers and
 * log lines without the token.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHandlers } from '../../../../electron/main/ipc/api-handlers';
import type { StaticSecrets } from '../../../../electron/main/iam-token/signer';
import { storeRefreshSource } from '../../../../electron/main/iam-token/refresher-source';
import type { DsnInput, SavedDsn } from '../../../../shared/dsn';
import { err, ok, type Result } from '../../../../shared/result';
import { dbDsn, FakeClock, iamDsn, MemoryLogger, TEST_KEYS } from '../../../support/fakes';
import { createTestApp } from '../../../support/app';

let dir: string;
let handlers: ApiHandlers;
let logger: MemoryLogger;
let secretsSeen: StaticSecrets[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-refresher-ipc-'));
  const clock = new FakeClock(Date.now());
  logger = new MemoryLogger();
  secretsSeen = [];
  ({ handlers } = createTestApp(dir, {
    clock,
    logger,
    homedir: dir,
    credentialProviderFactory: (_target, secrets) => {
      secretsSeen.push(secrets);
      return async () => TEST_KEYS;
    },
  }));
});
afterEach(async () => {
  const listed = await handlers.refresherStatus();
  if (listed.ok) for (const s of listed.value) await handlers.stopRefresher(s.dsnId);
  rmSync(dir, { recursive: true, force: true });
});

async function save(input: DsnInput): Promise<string> {
  const saved = await handlers.saveDsn(input);
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  return saved.value.id;
}

function fieldErrors(r: Result<unknown>): Record<string, string[]> {
  if (r.ok) throw new Error('expected a failure');
  expect(r.error.code).toBe('VALIDATION');
  return r.error.fieldErrors ?? {};
}

describe('startRefresher validation', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  it.each([
    ['not an object', 'x', '_'],
    ['a bad id', { dsnId: 'nope', target: { kind: 'pgpass', path: '/tmp/p' } }, 'dsnId'],
    ['an unknown kind', { dsnId: id, target: { kind: 'ssh-config', path: '/tmp/p' } }, 'target.kind'],
    ['a relative path', { dsnId: id, target: { kind: 'pgpass', path: 'pgpass' } }, 'target.path'],
    ['an empty path', { dsnId: id, target: { kind: 'pgpass', path: '  ' } }, 'target.path'],
    ['a path with a line break', { dsnId: id, target: { kind: 'pgpass', path: '/tmp/a\nb' } }, 'target.path'],
    ['an extra key', { dsnId: id, target: { kind: 'pgpass', path: '/tmp/p' }, token: 'x' }, '_'],
  ])('refuses %s', async (_label, payload, field) => {
    const result = await handlers.startRefresher(payload);
    expect(Object.keys(fieldErrors(result))).toContain(field);
  });

  it('refuses extra arguments, and a bad id for stop', async () => {
    expect(fieldErrors(await handlers.startRefresher({ dsnId: id, target: { kind: 'pgpass', path: '/tmp/p' } }, 'extra'))).toHaveProperty('_');
    expect(fieldErrors(await handlers.stopRefresher('nope'))).toHaveProperty('_');
    expect(fieldErrors(await handlers.refresherStatus('x'))).toHaveProperty('_');
  });

  it('answers NOT_FOUND for an unknown DSN or a refresher that never ran, VALIDATION for database auth', async () => {
    expect(await handlers.startRefresher({ dsnId: id, target: { kind: 'pgpass', path: '/tmp/p' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await handlers.stopRefresher(id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const db = await save({ ...dbDsn(), password: 'pw' });
    expect(await handlers.startRefresher({ dsnId: db, target: { kind: 'pgpass', path: join(dir, 'p') } })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('database authentication') } });
  });
});

describe('a refresher of a saved IAM DSN', () => {
  it('writes the token to ~/… (expanded), lists and stops it; no token in any answer or log line', async () => {
    const id = await save(iamDsn());
    const started = await handlers.startRefresher({ dsnId: id, target: { kind: 'password-file', path: '~/prod.token' } });
    const file = join(dir, 'prod.token');
    expect(started).toMatchObject({ ok: true, value: { dsnId: id, state: 'running', target: { kind: 'password-file', path: file }, refreshCount: 1 } });
    const token = readFileSync(file, 'utf8');
    expect(token).toMatch(/^mydb\.cluster-abc123\.us-east-1\.rds\.amazonaws\.com:5432\/\?Action=connect&DBUser=app_user&\S*X-Amz-Signature=[0-9a-f]{64}\S*\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const listed = await handlers.refresherStatus();
    expect(listed).toMatchObject({ ok: true, value: [{ dsnId: id, state: 'running' }] });
    const stopped = await handlers.stopRefresher(id);
    expect(stopped).toMatchObject({ ok: true, value: { state: 'stopped', nextRefreshAt: null } });
    expect(readFileSync(file, 'utf8')).toBe(token);
    const everything = JSON.stringify([started, listed, stopped, logger.lines]);
    expect(everything).not.toContain(token.trim());
    expect(everything).not.toContain('X-Amz-Signature');
  });

  it('signs a static-key DSN with its stored secret', async () => {
    const id = await save({ ...iamDsn(), credentialSource: { kind: 'static', accessKeyId: TEST_KEYS.accessKeyId }, secretAccessKey: 'stored-secret-key' });
    const started = await handlers.startRefresher({ dsnId: id, target: { kind: 'pgpass', path: join(dir, 'pgpass') } });
    expect(started.ok).toBe(true);
    expect(secretsSeen.at(-1)).toMatchObject({ secretAccessKey: 'stored-secret-key' });
    expect(JSON.stringify([started, logger.lines])).not.toContain('stored-secret-key');
  });
});

describe('storeRefreshSource', () => {
  const saved = (over: Partial<SavedDsn> = {}): SavedDsn => ({ ...iamDsn(), id: 'x', hasPassword: false, passwordSessionOnly: false, hasSecretAccessKey: false, hasSessionToken: false, hasSshPassword: false, updatedAt: '', ...over });

  it('reads the DSN (only its own fields) and, for typed keys, the stored secrets', async () => {
    const source = storeRefreshSource({ get: () => ok(saved()), staticSecretsFor: async () => ok({ secretAccessKey: 'never-asked' }) });
    const found = await source('x');
    expect(found).toEqual(ok({ dsn: expect.not.objectContaining({ id: 'x' }), secrets: {} }));
    const typed = storeRefreshSource({ get: () => ok(saved({ credentialSource: { kind: 'static', accessKeyId: TEST_KEYS.accessKeyId } })), staticSecretsFor: async () => ok({ secretAccessKey: 's' }) });
    expect(await typed('x')).toMatchObject({ ok: true, value: { secrets: { secretAccessKey: 's' } } });
  });

  it('answers NOT_FOUND for a deleted DSN and CREDENTIALS_MISSING for typed keys without a stored secret', async () => {
    expect(await storeRefreshSource({ get: () => err('NOT_FOUND', 'gone'), staticSecretsFor: async () => ok({}) })('x')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('deleted') } });
    const bare = storeRefreshSource({ get: () => ok(saved({ credentialSource: { kind: 'static', accessKeyId: TEST_KEYS.accessKeyId } })), staticSecretsFor: async () => err('NOT_FOUND', 'none') });
    expect(await bare('x')).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_MISSING' } });
  });
});
