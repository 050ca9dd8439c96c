/**
 * The doors for typed keys (write-only secrets, handed to the signer with each request), the AWS
 * profile list and MFA answers; and the canary: planted secrets never leave main.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHandlers, createApiHandlers } from '../../../../electron/main/ipc/api-handlers';
import type { MfaBroker } from '../../../../electron/main/credentials/mfa-broker';
import type { TokenSigner } from '../../../../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../../../../shared/connection-test';
import type { Dsn, DsnInput, SavedDsn } from '../../../../shared/dsn';
import type { AwsProfileInfo, MfaRequest } from '../../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../../shared/result';
import { FakeClock, iamDsn, MemoryLogger } from '../../../support/fakes';
import { createTestApp } from '../../../support/app';
import { ConnectionTestService } from '../../../../electron/main/app/connection-test-service';
import type { ConnectionTesterPort, TestOptions } from '../../../../electron/main/connection-test/tester';

const KEY_ID = 'ASIACANARYHANDLER001';
const SECRET = 'CANARY/handler/secret/key/0123456789abcdef';
const TOKEN = 'IQoJb3JpZ2luX2VjECANARYhandlerTOKEN/+=9876543210';
const source = { kind: 'static', accessKeyId: KEY_ID } as const;

/** A tester that signs like the real one and reports what it signed with; it also plants the secret in an error detail. */
class SigningTester implements ConnectionTesterPort {
  signed: Array<{ accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined }> = [];
  constructor(private readonly signer: TokenSigner) {}
  async test(dsn: Dsn, opts: TestOptions = {}): Promise<ConnectionTestReport> {
    const r = await this.signer.sign(dsn, { secrets: opts.secrets });
    const base = { phases: [], totalMs: 1, startedAt: new Date(0).toISOString() };
    if (!r.ok) return { ...base, outcome: 'failure', error: r.error };
    const { accessKeyId, secretAccessKey, sessionToken } = r.value.credentials;
    this.signed.push({ accessKeyId, secretAccessKey, sessionToken });
    // A careless layer quoting the secrets: the handler's last line of defence removes them.
    return { ...base, outcome: 'failure', identity: r.value.identity, error: { code: 'SERVER_ERROR', message: 'x', detail: `leak ${secretAccessKey} ${sessionToken ?? ''}` } };
  }
}

let dir: string;
let handlers: ApiHandlers;
let tester: SigningTester;
let logger: MemoryLogger;
let broker: MfaBroker;
let requests: MfaRequest[];
let profiles: Result<AwsProfileInfo[]>;
let answers: unknown[] = [];

beforeEach(() => {
  answers = [];
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-handlers-creds-'));
  const clock = new FakeClock();
  logger = new MemoryLogger();
  requests = [];
  profiles = ok([{ name: 'dev', kind: 'sso', region: 'eu-west-1', needsMfa: false, sources: ['config'] }]);
  const { services } = createTestApp(dir, { clock, logger, showMfaRequest: (r) => void requests.push(r), listProfiles: async () => profiles });
  broker = services.mfa;
  tester = new SigningTester(services.signer);
  // The app's services, with a tester that reports what it signed with.
  const raw = createApiHandlers({ ...services, tests: new ConnectionTestService({ store: services.store, tester, logger }) });
  // Record every answer, as it would cross to the renderer.
  handlers = Object.fromEntries(
    Object.entries(raw).map(([name, fn]) => [name, async (...args: unknown[]) => {
      const answer = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      answers.push(answer);
      return answer;
    }]),
  ) as ApiHandlers;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function valueOf<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function inputOf(saved: SavedDsn): DsnInput {
  const { hasPassword: _h, passwordSessionOnly: _p, hasSecretAccessKey: _s, hasSessionToken: _t, hasSshPassword: _sp, updatedAt: _u, ...input } = saved;
  return input;
}

describe('typed keys through the handlers', () => {
  it('a saved DSN is tested with its stored secret and token (decrypted in main only)', async () => {
    const saved = valueOf(await handlers.saveDsn({ ...iamDsn({ credentialSource: source }), secretAccessKey: SECRET, sessionToken: TOKEN }));
    expect(saved).toMatchObject({ hasSecretAccessKey: true, hasSessionToken: true });
    const report = valueOf(await handlers.testConnection({ requestId: 'r1', dsn: inputOf(saved) }));
    expect(tester.signed).toEqual([{ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: TOKEN }]);
    expect(report.identity).toEqual({ source: 'typed keys ASIA…R001', accessKeyIdMasked: 'ASIA…R001', credentialsExpireAt: undefined });
    expect(report.error?.detail).toBe('leak [redacted] [redacted]');
  });

  it('a typed secret wins over the stored one; an unsaved DSN needs one typed', async () => {
    const saved = valueOf(await handlers.saveDsn({ ...iamDsn({ credentialSource: source }), secretAccessKey: SECRET }));
    await handlers.testConnection({ requestId: 'r1', dsn: { ...inputOf(saved), secretAccessKey: 'typed/now/secret/key/000000000000000000000' } });
    expect(tester.signed.at(-1)?.secretAccessKey).toBe('typed/now/secret/key/000000000000000000000');
    const unsaved = await handlers.testConnection({ requestId: 'r2', dsn: iamDsn({ credentialSource: source }) });
    expect(unsaved).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { secretAccessKey: ['Secret access key is required for typed keys'] } } });
    // A stored secret is not lent to another key id, nor used after clearStaticKeys.
    const other = await handlers.testConnection({ requestId: 'r3', dsn: { ...inputOf(saved), credentialSource: { kind: 'static', accessKeyId: 'AKIAOTHERKEY00000001' } } });
    expect(other.ok).toBe(false);
    expect((await handlers.testConnection({ requestId: 'r4', dsn: { ...inputOf(saved), clearStaticKeys: true } })).ok).toBe(false);
    expect(tester.signed).toHaveLength(1);
  });

  it('a main-process caller (the CLI) hands the secret over typed in the request, for that request only', async () => {
    const r = await handlers.testConnection({ requestId: 'cli', dsn: { ...iamDsn({ credentialSource: source }), secretAccessKey: SECRET } });
    expect(r.ok).toBe(true);
    expect(tester.signed.at(-1)).toEqual({ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: undefined });
  });

  it('an export with a token signs with the stored keys; without one it needs no secret', async () => {
    const saved = valueOf(await handlers.saveDsn({ ...iamDsn({ credentialSource: source }), secretAccessKey: SECRET, sessionToken: TOKEN }));
    const withToken = valueOf(await handlers.exportDsn({ dsn: inputOf(saved), format: 'keyword', includeToken: true, includePassword: false }));
    expect(withToken.text).toContain(`X-Amz-Credential=${KEY_ID}%2F`);
    expect(withToken.text).not.toContain(SECRET);
    const unsaved = await handlers.exportDsn({ dsn: iamDsn({ credentialSource: source }), format: 'uri', includeToken: false, includePassword: false });
    expect(unsaved.ok).toBe(true);
    expect((await handlers.exportDsn({ dsn: iamDsn({ credentialSource: source }), format: 'uri', includeToken: true, includePassword: false })).ok).toBe(false);
  });

  it('canary: the secret and token never appear in an answer, the log or the store file', async () => {
    const saved = valueOf(await handlers.saveDsn({ ...iamDsn({ credentialSource: source }), secretAccessKey: SECRET, sessionToken: TOKEN }));
    await handlers.testConnection({ requestId: 'c1', dsn: inputOf(saved) });
    await handlers.testConnection({ requestId: 'c2', dsn: { ...inputOf(saved), secretAccessKey: SECRET, sessionToken: TOKEN } });
    await handlers.testConnection({ requestId: 'c3', dsn: { ...inputOf(saved), secretAccessKey: SECRET, port: 0 } });
    await handlers.saveDsn({ ...inputOf(saved), name: 'again', id: undefined, secretAccessKey: SECRET, sessionToken: TOKEN, credentialSource: { kind: 'static', accessKeyId: 'bad key' } });
    for (const format of ['uri', 'json', 'env'] as const) await handlers.exportDsn({ dsn: { ...inputOf(saved), secretAccessKey: SECRET }, format, includeToken: false, includePassword: false });
    await handlers.exportDsn({ dsn: inputOf(saved), format: 'uri', includeToken: true, includePassword: false });
    await handlers.listDsns();
    expect(answers.length).toBeGreaterThan(8);
    const store = readFileSync(join(dir, 'dsns.json'), 'utf8');
    for (const secret of [SECRET, TOKEN, encodeURIComponent(SECRET)]) {
      for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(secret);
      expect(logger.text()).not.toContain(secret);
      expect(store).not.toContain(secret);
    }
  });
});

describe('listProfiles', () => {
  it('answers the injected list, and passes a failure through', async () => {
    expect(valueOf(await handlers.listProfiles())).toEqual([{ name: 'dev', kind: 'sso', region: 'eu-west-1', needsMfa: false, sources: ['config'] }]);
    profiles = err('STORE_IO', 'The AWS config file is malformed at line 3: /x');
    expect(await handlers.listProfiles()).toMatchObject({ ok: false, error: { code: 'STORE_IO' } });
    expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', fields: { code: 'STORE_IO' } });
    expect(await handlers.listProfiles('extra')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('answerMfa', () => {
  it('validates its input: request id, code text or null, at most two arguments', async () => {
    for (const args of [[''], [42, '123456'], ['mfa-1', 123456], ['mfa-1'], ['mfa-1', 'x'.repeat(33)], ['mfa-1', '123456', 'extra']]) {
      expect(await handlers.answerMfa(...args)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(valueOf(await handlers.answerMfa('unknown-id', '123456'))).toEqual({ accepted: false });
    expect(valueOf(await handlers.answerMfa('unknown-id', null))).toEqual({ accepted: false });
  });

  it('resolves the pending prompt once; a malformed code keeps it open; null cancels', async () => {
    const code = broker.ask({ mfaSerial: 'arn:aws:iam::123456789012:mfa/me', purpose: 'DSN "prod"' });
    const id = requests[0]?.requestId ?? '';
    expect(await handlers.answerMfa(id, '12ab56')).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { code: [expect.stringContaining('6-digit')] } } });
    expect(valueOf(await handlers.answerMfa(id, '654321'))).toEqual({ accepted: true });
    await expect(code).resolves.toBe('654321');
    expect(valueOf(await handlers.answerMfa(id, '654321'))).toEqual({ accepted: false });
    const cancelled = broker.ask({ mfaSerial: 'arn:aws:iam::123456789012:mfa/me', purpose: 'x' });
    expect(valueOf(await handlers.answerMfa(requests[1]?.requestId, null))).toEqual({ accepted: true });
    await expect(cancelled).rejects.toMatchObject({ reason: 'cancelled' });
    expect(logger.text()).not.toContain('654321');
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain('654321');
  });

});
