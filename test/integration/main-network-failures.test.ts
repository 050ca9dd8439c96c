/**
 * Network failures on loopback with the real pg stack: a refused port fails fast, a silent
 * server fails at the connect timeout (naming the phase), a server without TLS is recognised.
 */
import { defaultDsn, type Dsn } from '../../shared/dsn';
import { noTlsServer, refusedPort, stalledServer } from '../fixture/net-fixtures';
import { testServices } from '../support/app';

const KEYS = { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const { tester } = testServices({ credentialProviderFactory: () => async () => KEYS });

function iamVia(port: number, over: Partial<Dsn> = {}): Dsn {
  return {
    ...defaultDsn(),
    name: 'n',
    server: 'mydb.cluster-abc123.us-east-1.rds.amazonaws.com',
    user: 'app_user',
    region: 'us-east-1',
    connectViaHost: '127.0.0.1',
    connectViaPort: port,
    ...over,
  };
}

it('a refused port fails fast with CONNECTION_REFUSED', async () => {
  const port = await refusedPort();
  const started = performance.now();
  const report = await tester.test(iamVia(port, { connectTimeoutSeconds: 10 }));
  expect(performance.now() - started).toBeLessThan(1000);
  expect(report.error?.code).toBe('CONNECTION_REFUSED');
  expect(report.error?.message).toContain(`127.0.0.1:${port}`);
  expect(report.phases.find((p) => p.name === 'tcp')?.status).toBe('failed');
});

describe('a server that accepts and never answers', () => {
  it.each([
    [1, 'require', 'tls', 'setting up TLS'],
    [2, 'require', 'tls', 'setting up TLS'],
  ] as const)('fails with CONNECT_TIMEOUT after ~%i s (sslmode %s, phase %s)', async (seconds, sslMode, phase, words) => {
    const stalled = await stalledServer();
    try {
      const started = performance.now();
      const report = await tester.test(iamVia(stalled.port, { connectTimeoutSeconds: seconds, sslMode }));
      const elapsed = performance.now() - started;
      expect(report.error?.code).toBe('CONNECT_TIMEOUT');
      expect(report.error?.message).toContain(words);
      expect(report.error?.message).toContain(`${seconds} s`);
      expect(report.phases.find((p) => p.name === phase)?.status).toBe('failed');
      expect(elapsed).toBeGreaterThanOrEqual(seconds * 1000 - 50);
      expect(elapsed).toBeLessThan(seconds * 1000 + 1500);
    } finally {
      await stalled.close();
    }
  });

  it('names the login phase for a plaintext database connection', async () => {
    const stalled = await stalledServer();
    try {
      const report = await tester.test(iamVia(stalled.port, { authType: 'database', sslMode: 'disable', connectTimeoutSeconds: 1 }), { password: 'pw-1234' });
      expect(report.error?.code).toBe('CONNECT_TIMEOUT');
      expect(report.error?.message).toContain('logging in');
    } finally {
      await stalled.close();
    }
  });
});

it("a server answering 'N' to SSLRequest → TLS_NOT_SUPPORTED", async () => {
  const server = await noTlsServer();
  try {
    const report = await tester.test(iamVia(server.port));
    expect(report.error).toMatchObject({ code: 'TLS_NOT_SUPPORTED', message: 'The server does not support SSL connections.' });
    expect(server.startups()).toBe(0);
  } finally {
    await server.close();
  }
});
