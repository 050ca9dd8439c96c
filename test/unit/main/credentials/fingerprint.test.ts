/**
 * Secret fingerprints (issue #9, disagreement 4): every cache and attempt key that depends on a
 * secret uses one keyed HMAC; the credential cache used a bare SHA-256 of the secret key, which a
 * dictionary attack on a memory dump could reverse.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretFingerprint } from '../../../../electron/main/credentials/fingerprint';
import { CredentialResolver } from '../../../../electron/main/credentials/resolver';
import type { CredentialTarget } from '../../../../electron/main/credentials/types';
import { FakeClock } from '../../../support/fakes';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('SecretFingerprint', () => {
  it('is keyed: stable within an instance, different in another, and never the bare SHA-256 of the secret', () => {
    const a = new SecretFingerprint();
    const b = new SecretFingerprint();
    expect(a.of([SECRET])).toBe(a.of([SECRET]));
    expect(a.of([SECRET])).not.toBe(b.of([SECRET]));
    for (const bare of [createHash('sha256').update(SECRET).digest('hex'), createHash('sha256').update(`${SECRET}\0`).digest('hex'), createHash('sha256').update(SECRET).digest('base64url')]) {
      expect(a.of([SECRET])).not.toBe(bare);
      expect(a.of([SECRET, undefined])).not.toContain(bare.slice(0, 16));
    }
  });

  it('tells lists apart that a plain join would confuse', () => {
    const f = new SecretFingerprint();
    expect(f.of(['a:b'])).not.toBe(f.of(['a', 'b']));
    expect(f.of(['ab', ''])).not.toBe(f.of(['a', 'b']));
    expect(f.of([undefined])).not.toBe(f.of(['']));
  });
});

describe('the credential cache, keyed by the fingerprint', () => {
  it('reuses credentials for the same secret, resolves again for a new one, and keeps no secret in its keys', async () => {
    let resolutions = 0;
    const resolver = new CredentialResolver({
      clock: new FakeClock(),
      factory: (_target, secrets) => async () => {
        resolutions++;
        return { accessKeyId: 'ASIAEXAMPLEEXAMPLE01', secretAccessKey: secrets.secretAccessKey ?? '', sessionToken: 'tok', expiration: new Date(Date.UTC(2030, 0, 2)) };
      },
    });
    const target: CredentialTarget = { region: 'us-east-1', credentialSource: { kind: 'static', accessKeyId: 'ASIAEXAMPLEEXAMPLE01' } };
    const first = await resolver.resolve(target, { secrets: { secretAccessKey: SECRET }, purpose: 'x' });
    await resolver.resolve(target, { secrets: { secretAccessKey: SECRET }, purpose: 'x' });
    await resolver.resolve(target, { secrets: { secretAccessKey: 'another/secret/key/of/forty/characters!!' }, purpose: 'x' });
    expect(resolutions).toBe(2);
    expect(first.ok && first.value.identityKey).not.toContain(SECRET);
    const keys = [...(resolver as unknown as { cache: Map<string, unknown> }).cache.keys()];
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).not.toContain(SECRET);
      expect(key).not.toContain(createHash('sha256').update(`${SECRET}\0`).digest('hex'));
    }
  });
});
