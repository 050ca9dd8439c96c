import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AwsCredentials, awsCredentialProviderFactory, type CredentialProviderFactory, TokenSigner } from '../../../electron/main/services/signer';
import { FakeClock, iamDsn, TEST_KEYS } from './helpers';

function signerWith(creds: () => AwsCredentials, clock = new FakeClock()) {
  const calls: string[] = [];
  const factory: CredentialProviderFactory = (source) => {
    calls.push(source.kind === 'profile' ? source.profile : 'default');
    return async () => creds();
  };
  return { signer: new TokenSigner({ clock, credentialProviderFactory: factory }), clock, calls };
}

function expectOk<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('TokenSigner', () => {
  it('signs for server:port, region and user, never the connect-via address', async () => {
    const { signer } = signerWith(() => TEST_KEYS);
    const dsn = iamDsn({ port: 5433, connectViaHost: '127.0.0.1', connectViaPort: 6543 });
    const signed = expectOk(await signer.sign(dsn));
    expect(signed.token.startsWith(`${dsn.server}:5433/?Action=connect&DBUser=app_user`)).toBe(true);
    expect(signed.token).toContain('%2Fus-east-1%2Frds-db%2Faws4_request');
    expect(signed.token).toContain('X-Amz-Expires=900');
    expect(signed.token).not.toContain('127.0.0.1');
    expect(signed.token).not.toContain('6543');
    expect(signed.facts).toMatchObject({ signedFor: `${dsn.server}:5433`, region: 'us-east-1', fromCache: false });
  });

  it('reuses a token until tokenExpirationSeconds have passed on the injected clock', async () => {
    const { signer, clock } = signerWith(() => TEST_KEYS);
    const dsn = iamDsn({ tokenExpirationSeconds: 60 });
    const first = expectOk(await signer.sign(dsn));
    expect(first.facts.reuseUntil).toBe(new Date(clock.now() + 60_000).toISOString());
    clock.advance(59_999);
    const second = expectOk(await signer.sign(dsn));
    expect(second.facts.fromCache).toBe(true);
    expect(second.token).toBe(first.token);
    clock.advance(1);
    expect(expectOk(await signer.sign(dsn)).facts.fromCache).toBe(false);
  });

  it('applies the current DSN expiration to a cached token (at most, never longer)', async () => {
    const { signer, clock } = signerWith(() => TEST_KEYS);
    expectOk(await signer.sign(iamDsn({ tokenExpirationSeconds: 900 })));
    clock.advance(120_000);
    expect(expectOk(await signer.sign(iamDsn({ tokenExpirationSeconds: 100 }))).facts.fromCache).toBe(false);
  });

  it('keys the cache on identity: credential source and resolved access key id', async () => {
    let keyId = TEST_KEYS.accessKeyId;
    const { signer } = signerWith(() => ({ ...TEST_KEYS, accessKeyId: keyId }));
    const dsn = iamDsn();
    expectOk(await signer.sign(dsn));
    expect(expectOk(await signer.sign(dsn)).facts.fromCache).toBe(true);
    keyId = 'AKIAOTHEROTHEROTHER2';
    expect(expectOk(await signer.sign(dsn)).facts.fromCache).toBe(false);
    expect(expectOk(await signer.sign({ ...dsn, credentialSource: { kind: 'profile', profile: 'dev' } })).facts.fromCache).toBe(false);
    expect(expectOk(await signer.sign({ ...dsn, port: 5433 })).facts.fromCache).toBe(false);
    expect(expectOk(await signer.sign({ ...dsn, user: 'other' })).facts.fromCache).toBe(false);
    expect(expectOk(await signer.sign({ ...dsn, region: 'us-west-2' })).facts.fromCache).toBe(false);
  });

  it('signs fresh on request and after invalidate', async () => {
    const { signer } = signerWith(() => TEST_KEYS);
    const first = expectOk(await signer.sign(iamDsn()));
    expect(expectOk(await signer.sign(iamDsn(), { fresh: true })).facts.fromCache).toBe(false);
    signer.invalidate(first.cacheKey);
    expect(expectOk(await signer.sign(iamDsn())).facts.fromCache).toBe(false);
    expect(expectOk(await signer.sign(iamDsn())).facts.fromCache).toBe(true);
  });

  it('never reuses past the credentials expiration, and refuses expired credentials', async () => {
    const clock = new FakeClock();
    const expiration = new Date(clock.now() + 30_000);
    const { signer } = signerWith(() => ({ ...TEST_KEYS, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE', expiration }), clock);
    const signed = expectOk(await signer.sign(iamDsn()));
    expect(signed.facts.reuseUntil).toBe(expiration.toISOString());
    clock.advance(30_000);
    const expired = await signer.sign(iamDsn());
    expect(expired.ok).toBe(false);
    if (!expired.ok) expect(expired.error.code).toBe('CREDENTIALS_EXPIRED');
  });

  it('keeps tokens in memory only: another signer instance does not see them, and the module has no file access', async () => {
    const creds = () => TEST_KEYS;
    const a = signerWith(creds);
    const b = signerWith(creds, a.clock);
    expectOk(await a.signer.sign(iamDsn()));
    expect(expectOk(await b.signer.sign(iamDsn())).facts.fromCache).toBe(false);
    const source = readFileSync(fileURLToPath(new URL('../../../electron/main/services/signer.ts', import.meta.url)), 'utf8');
    expect(source).not.toMatch(/from 'node:fs|from 'fs|electron-store|from 'conf'/);
  });

  it('maps an empty provider result to CREDENTIALS_MISSING', async () => {
    const { signer } = signerWith(() => ({ accessKeyId: '', secretAccessKey: '' }));
    const r = await signer.sign(iamDsn());
    expect(r.ok ? null : r.error.code).toBe('CREDENTIALS_MISSING');
  });

  it('keeps secrets out of SIGNING_FAILED details', async () => {
    const factory: CredentialProviderFactory = () => async () => {
      throw new Error(`credential_process printed ${TEST_KEYS.secretAccessKey} unexpectedly`);
    };
    const signer = new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: factory });
    const r = await signer.sign(iamDsn());
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error.code).toBe('SIGNING_FAILED');
    expect(JSON.stringify(r)).not.toContain(TEST_KEYS.secretAccessKey);
  });

  describe('with the real AWS providers and no credentials anywhere', () => {
    beforeEach(() => {
      const dir = mkdtempSync(join(tmpdir(), 'iamdsn-aws-'));
      const empty = join(dir, 'empty');
      writeFileSync(empty, '');
      vi.stubEnv('AWS_CONFIG_FILE', empty);
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', empty);
      vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
      for (const key of Object.keys(process.env)) {
        if (key.startsWith('AWS_') && !['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'].includes(key)) vi.stubEnv(key, undefined);
      }
    });
    afterEach(() => vi.unstubAllEnvs());

    it('default chain → CREDENTIALS_MISSING naming the source and how to provide credentials', async () => {
      const signer = new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: awsCredentialProviderFactory });
      const r = await signer.sign(iamDsn());
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('CREDENTIALS_MISSING');
      expect(r.error.message).toContain('default credential chain');
      expect(r.error.hint).toContain('AWS_ACCESS_KEY_ID');
      expect(r.error.hint).toContain('aws configure');
    });

    it('unknown profile → PROFILE_NOT_FOUND', async () => {
      const signer = new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: awsCredentialProviderFactory });
      const r = await signer.sign(iamDsn({ credentialSource: { kind: 'profile', profile: 'nope' } }));
      expect(r.ok ? null : r.error.code).toBe('PROFILE_NOT_FOUND');
      expect(r.ok ? '' : r.error.message).toContain('"nope"');
    });
  });
});
