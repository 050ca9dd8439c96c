import { DsnExporter } from '../../../../electron/main/export/exporter';
import { redactOpaqueRuns, redactSecrets } from '../../../../electron/main/files/redact';
import { EXPORT_FORMATS } from '../../../../shared/export-types';
import { dbDsn, FakeClock, iamDsn, TEST_KEYS } from '../../../support/fakes';
import { countingSigner } from '../../../support/app';

const counted = countingSigner();
const { signer } = counted;
const exporter = new DsnExporter(signer);

async function out(...args: Parameters<DsnExporter['export']>) {
  const r = await exporter.export(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('DsnExporter', () => {
  it.each(EXPORT_FORMATS)('renders %s for IAM and database DSNs without a secret by default', async (format) => {
    for (const dsn of [iamDsn(), dbDsn()]) {
      const o = await out(dsn, format, { kind: 'none' });
      expect(o.format).toBe(format);
      expect(o.containsSecret).toBe(false);
      expect(o.text).not.toContain('X-Amz-Signature');
      expect(o.notes.length).toBeGreaterThan(0);
    }
  });

  it('explains how to make a token where the string is used, with the profile', async () => {
    const o = await out(iamDsn({ credentialSource: { kind: 'profile', profile: 'dev' } }), 'uri', { kind: 'none' });
    expect(o.notes.join('\n')).toMatch(/generate-db-auth-token.*--hostname mydb\.cluster-abc123\.us-east-1\.rds\.amazonaws\.com.*--port 5432.*--region us-east-1.*--username app_user.*--profile dev/);
  });

  it('signs a fresh token (not the cached one) for includeToken', async () => {
    await signer.sign(iamDsn());
    const before = counted.resolutions();
    const o = await out(iamDsn(), 'keyword', { kind: 'token', secrets: {} });
    expect(counted.resolutions()).toBe(before + 1);
    expect(o.containsSecret).toBe(true);
    expect(o.tokenExpiresAt).toBe(new Date(new FakeClock().now() + 900_000).toISOString());
    expect(o.text).toContain('X-Amz-Signature=');
  });

  it('never puts a token into the JSON export', async () => {
    const before = counted.resolutions();
    const o = await out(iamDsn(), 'json', { kind: 'token', secrets: {} });
    expect(o.containsSecret).toBe(false);
    expect(counted.resolutions()).toBe(before);
  });

  it('puts the password in only when given', async () => {
    const o = await out(dbDsn(), 'uri', { kind: 'password', password: 'p@ss word' });
    expect(o.containsSecret).toBe(true);
    expect(o.text).toContain('p%40ss%20word');
  });
});

describe('redaction', () => {
  it('removes every occurrence of a secret, also percent-encoded', () => {
    expect(redactSecrets('a s3cr/t b s3cr%2Ft', ['s3cr/t'])).toBe('a [redacted] b [redacted]');
    expect(redactSecrets('abc', [undefined, 'ab'])).toBe('abc');
  });

  it('masks long opaque runs such as secret keys', () => {
    expect(redactOpaqueRuns(`key ${TEST_KEYS.secretAccessKey} end`)).toBe('key [redacted] end');
    expect(redactOpaqueRuns(`id ${TEST_KEYS.accessKeyId}`)).toContain(TEST_KEYS.accessKeyId);
  });
});
