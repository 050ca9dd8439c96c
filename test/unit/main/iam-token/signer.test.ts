import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MfaNotAnsweredError, type MfaPrompt } from '../../../../electron/main/credentials/mfa-broker';
import { type AwsCredentials, awsCredentialProviderFactory, type CredentialProviderFactory, TokenSigner } from '../../../../electron/main/iam-token/signer';
import { FakeClock, iamDsn, TEST_KEYS } from '../../../support/fakes';

function signerWith(creds: () => AwsCredentials, clock = new FakeClock(), mfa?: MfaPrompt) {
  const calls: string[] = [];
  const factory: CredentialProviderFactory = (dsn) => {
    const source = dsn.credentialSource;
    calls.push(source.kind === 'profile' ? source.profile : source.kind);
    return async () => creds();
  };
  return { signer: new TokenSigner({ clock, credentialProviderFactory: factory, mfa }), clock, calls };
}

const ROLE = { roleArn: 'arn:aws:iam::123456789012:role/db-reader', sessionName: 'iamdsn', externalId: '', durationSeconds: 3600, mfaSerial: '' };

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

  // That the module has no file access is a lint rule (eslint.config.js), not a regex here.
  it('keeps tokens in memory only: another signer instance does not see them', async () => {
    const creds = () => TEST_KEYS;
    const a = signerWith(creds);
    const b = signerWith(creds, a.clock);
    expectOk(await a.signer.sign(iamDsn()));
    expect(expectOk(await b.signer.sign(iamDsn())).facts.fromCache).toBe(false);
  });

  it('maps an empty provider result to CREDENTIALS_MISSING', async () => {
    const { signer } = signerWith(() => ({ accessKeyId: '', secretAccessKey: '' }));
    const r = await signer.sign(iamDsn());
    expect(r.ok ? null : r.error.code).toBe('CREDENTIALS_MISSING');
  });

  it('keeps secrets out of error details', async () => {
    const factory: CredentialProviderFactory = () => async () => {
      throw new Error(`credential_process printed ${TEST_KEYS.secretAccessKey} unexpectedly`);
    };
    const signer = new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: factory });
    const r = await signer.sign(iamDsn());
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error.code).toBe('CREDENTIAL_PROCESS_FAILED');
    expect(JSON.stringify(r)).not.toContain(TEST_KEYS.secretAccessKey);
  });

  it('reports who signed: the source in words, the key id masked, the credentials expiry; and the token expiry', async () => {
    const clock = new FakeClock();
    const expiration = new Date(clock.now() + 3_600_000);
    const { signer } = signerWith(() => ({ ...TEST_KEYS, accessKeyId: 'ASIAEXAMPLEEXAMWXYZ', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE', expiration }), clock);
    const signed = expectOk(await signer.sign(iamDsn({ credentialSource: { kind: 'profile', profile: 'app' }, assumeRole: ROLE })));
    expect(signed.identity).toEqual({
      source: `AWS profile "app" → role ${ROLE.roleArn}`,
      accessKeyIdMasked: 'ASIA…WXYZ',
      credentialsExpireAt: expiration.toISOString(),
    });
    expect(signed.facts.expiresAt).toBe(new Date(clock.now() + 900_000).toISOString());
    expect(JSON.stringify(signed.identity)).not.toContain('ASIAEXAMPLEEXAMWXYZ');
    expect(JSON.stringify(signed.facts)).not.toContain(TEST_KEYS.secretAccessKey);
  });

  it('keys the token cache on the role too', async () => {
    const { signer } = signerWith(() => TEST_KEYS);
    expectOk(await signer.sign(iamDsn({ assumeRole: ROLE })));
    expect(expectOk(await signer.sign(iamDsn({ assumeRole: ROLE }))).facts.fromCache).toBe(true);
    expect(expectOk(await signer.sign(iamDsn())).facts.fromCache).toBe(false);
    expect(expectOk(await signer.sign(iamDsn({ assumeRole: { ...ROLE, roleArn: 'arn:aws:iam::123456789012:role/other' } }))).facts.fromCache).toBe(false);
  });

  it('keeps temporary credentials until 5 minutes before they expire, sharing one resolution between concurrent signs', async () => {
    const clock = new FakeClock();
    let resolutions = 0;
    const { signer } = signerWith(() => {
      resolutions += 1;
      return { ...TEST_KEYS, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE', expiration: new Date(clock.now() + 3_600_000) };
    }, clock);
    await Promise.all([signer.sign(iamDsn()), signer.sign(iamDsn({ user: 'other' }))]);
    expect(resolutions).toBe(1);
    clock.advance(3_600_000 - 5 * 60_000 - 1);
    expectOk(await signer.sign(iamDsn({ tokenExpirationSeconds: 1 })));
    expect(resolutions).toBe(1);
    clock.advance(1);
    expectOk(await signer.sign(iamDsn()));
    expect(resolutions).toBe(2);
    signer.clear();
    expectOk(await signer.sign(iamDsn()));
    expect(resolutions).toBe(3);
  });

  it('re-resolves long-term credentials on every sign (a profile edit applies at once)', async () => {
    let resolutions = 0;
    const { signer } = signerWith(() => {
      resolutions += 1;
      return TEST_KEYS;
    });
    expectOk(await signer.sign(iamDsn()));
    expect(expectOk(await signer.sign(iamDsn())).facts.fromCache).toBe(true);
    expect(resolutions).toBe(2);
  });

  it('asks its MFA prompt for the code a source needs, with the DSN as purpose; without a prompt → MFA_REQUIRED', async () => {
    const factory: CredentialProviderFactory = (_dsn, _secrets, mfa) => async () => {
      const code = await mfa('arn:aws:iam::123456789012:mfa/me');
      return { ...TEST_KEYS, accessKeyId: `AKIAMFA${code}EXAMPLE` };
    };
    const asked: string[] = [];
    const prompt: MfaPrompt = { ask: async ({ mfaSerial, purpose }) => (asked.push(`${mfaSerial} for ${purpose}`), '123456') };
    const withPrompt = new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: factory, mfa: prompt });
    expect(expectOk(await withPrompt.sign(iamDsn())).identity.accessKeyIdMasked).toBe('AKIA…MPLE');
    expect(asked).toEqual(['arn:aws:iam::123456789012:mfa/me for DSN "prod"']);

    const without = await new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: factory }).sign(iamDsn());
    expect(without.ok ? null : without.error.code).toBe('MFA_REQUIRED');
    const refusing: MfaPrompt = { ask: async ({ mfaSerial }) => Promise.reject(new MfaNotAnsweredError('cancelled', mfaSerial)) };
    const cancelled = await new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: factory, mfa: refusing }).sign(iamDsn());
    expect(cancelled.ok ? null : cancelled.error).toMatchObject({ code: 'MFA_REQUIRED', message: expect.stringContaining('cancelled') });
  });

  describe('typed keys (static source) with the real chain', () => {
    const dsn = iamDsn({ credentialSource: { kind: 'static', accessKeyId: TEST_KEYS.accessKeyId } });
    const signer = () => new TokenSigner({ clock: new FakeClock() });

    it('signs with the secret passed with the call and the key id of the DSN', async () => {
      const signed = expectOk(await signer().sign(dsn, { secrets: { secretAccessKey: TEST_KEYS.secretAccessKey } }));
      expect(signed.token).toContain(`X-Amz-Credential=${TEST_KEYS.accessKeyId}%2F`);
      expect(signed.token).not.toContain('X-Amz-Security-Token');
      expect(signed.identity).toMatchObject({ source: 'typed keys AKIA…LE01', accessKeyIdMasked: 'AKIA…LE01' });
    });

    it('puts the session token into the token', async () => {
      const secrets = { secretAccessKey: TEST_KEYS.secretAccessKey, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/+=' };
      const signed = expectOk(await signer().sign(dsn, { secrets }));
      expect(signed.token).toContain(`X-Amz-Security-Token=${encodeURIComponent(secrets.sessionToken)}`);
    });

    it('without a secret → CREDENTIALS_MISSING saying how to provide it', async () => {
      const r = await signer().sign(dsn);
      expect(r.ok ? null : r.error).toMatchObject({ code: 'CREDENTIALS_MISSING', message: expect.stringContaining('AKIA…LE01'), hint: expect.stringContaining('secret access key') });
    });

    it('a new secret is not shadowed by the credentials or token cached for the old one', async () => {
      const s = signer();
      const first = expectOk(await s.sign(dsn, { secrets: { secretAccessKey: TEST_KEYS.secretAccessKey } }));
      const second = expectOk(await s.sign(dsn, { secrets: { secretAccessKey: 'another/secret/access/key/of/forty/chars' } }));
      expect(second.credentials.secretAccessKey).toBe('another/secret/access/key/of/forty/chars');
      expect(first.credentials.secretAccessKey).toBe(TEST_KEYS.secretAccessKey);
      expect(second.facts.fromCache).toBe(false);
      expect(second.token).not.toBe(first.token);
      expect(second.cacheKey).not.toContain(TEST_KEYS.secretAccessKey);
    });
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

  it('a rejected MFA code: asks again (saying so) and signs with the next code; after three rejections, MFA_FAILED', async () => {
    const rejectedCode = () => Object.assign(new Error('MultiFactorAuthentication failed with invalid MFA one time pass code.'), { name: 'AccessDenied' });
    const good = '246810';
    const factory: CredentialProviderFactory = (_dsn, _secrets, mfa) => async () => {
      const code = await mfa('arn:aws:iam::123456789012:mfa/me');
      if (code !== good) throw rejectedCode();
      return TEST_KEYS;
    };
    const asks: Array<boolean | undefined> = [];
    const outcomes: boolean[] = [];
    const codes = ['111111', good];
    const prompt: MfaPrompt = {
      ask: async ({ previousCodeRejected }) => (asks.push(previousCodeRejected), codes.shift() ?? '000000'),
      reportOutcome: (_serial, accepted) => void outcomes.push(accepted),
    };
    const signed = await new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: factory, mfa: prompt }).sign(iamDsn());
    expect(signed.ok).toBe(true);
    expect(asks).toEqual([false, true]);
    expect(outcomes).toEqual([true]);

    asks.length = 0;
    outcomes.length = 0;
    const wrong: MfaPrompt = { ask: async ({ previousCodeRejected }) => (asks.push(previousCodeRejected), '999999'), reportOutcome: (_s, accepted) => void outcomes.push(accepted) };
    const failed = await new TokenSigner({ clock: new FakeClock(), credentialProviderFactory: factory, mfa: wrong }).sign(iamDsn());
    expect(failed.ok ? null : failed.error.code).toBe('MFA_FAILED');
    expect(asks).toEqual([false, true, true]);
    expect(outcomes).toEqual([false]);
  });
});
