/**
 * Proof that the IAM fixture accepts what real AWS tooling produces: tokens from the aws CLI
 * (botocore) and @aws-sdk/rds-signer, for long-term and temporary keys, via pg and psql.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import type { FixtureAccessKey } from '../fixture/iam-postgres-types';
import { awsCliToken, connectAndWhoami, connectError, fixtureRequest, presignToken, signatureOf, signerToken } from '../fixture/fixture-tokens';

const execFileAsync = promisify(execFile);

let fixture: IamPostgresInternals;
const issuedTokens: string[] = [];

beforeAll(async () => {
  const started = Date.now();
  fixture = await startIamPostgres();
  console.log(`IAM fixture started in ${Date.now() - started} ms on 127.0.0.1:${fixture.port} (${fixture.endpointHost})`);
});

afterAll(async () => {
  await fixture?.stop();
});

function keyOf(kind: 'long-term' | 'temporary'): FixtureAccessKey {
  const key = fixture.keys[kind === 'long-term' ? 0 : 1];
  if (!key) throw new Error(`no ${kind} key`);
  return key;
}

/** Connects as the IAM user with `token`, expects success, and returns the verifier's new log line. */
async function expectAccepted(token: string, database?: string): Promise<string> {
  issuedTokens.push(token);
  const before = (await fixture.verifierLog()).length;
  const whoami = await connectAndWhoami(fixture, { user: fixture.iamUser, password: token, ...(database ? { database } : {}) });
  expect(whoami).toBe(fixture.iamUser);
  const lines = (await fixture.verifierLog()).slice(before);
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe('IAM fixture: shape', () => {
  it('exposes the contract with random keys of both kinds', () => {
    expect(fixture.host).toBe('127.0.0.1');
    expect(fixture.port).toBeGreaterThan(0);
    expect(fixture.endpointHost.endsWith('.invalid')).toBe(true);
    expect(fixture.endpointPort).toBe(5432);
    expect(fixture.region).toBe('us-east-1');
    expect(fixture.caPem).toContain('BEGIN CERTIFICATE');
    expect(keyOf('long-term').accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(keyOf('long-term').sessionToken).toBeUndefined();
    expect(keyOf('temporary').accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(keyOf('temporary').sessionToken?.length).toBeGreaterThan(512);
  });
});

describe('IAM fixture: accepts real tokens', () => {
  for (const kind of ['long-term', 'temporary'] as const) {
    it(`aws CLI token, ${kind} key`, async () => {
      const key = keyOf(kind);
      const token = await awsCliToken(fixtureRequest(fixture, { key }));
      if (kind === 'temporary') expect(token.length).toBeGreaterThan(1000); // far past PAM's 512-byte limit
      expect(await expectAccepted(token)).toBe(`accept user=${fixture.iamUser} key=${key.accessKeyId}`);
    });

    it(`@aws-sdk/rds-signer token, ${kind} key`, async () => {
      const key = keyOf(kind);
      const token = await signerToken(fixtureRequest(fixture, { key }));
      expect(await expectAccepted(token)).toBe(`accept user=${fixture.iamUser} key=${key.accessKeyId}`);
    });
  }

  it('accepts the IAM user in the postgres database too', async () => {
    const token = await signerToken(fixtureRequest(fixture));
    expect(await expectAccepted(token, 'postgres')).toContain('accept ');
  });

  it('psql with sslmode=verify-full accepts an aws CLI token (temporary key)', async () => {
    const token = await awsCliToken(fixtureRequest(fixture, { key: keyOf('temporary') }));
    issuedTokens.push(token);
    const conninfo = [
      `host=${fixture.endpointHost}`,
      'hostaddr=127.0.0.1',
      `port=${fixture.port}`,
      `user=${fixture.iamUser}`,
      `dbname=${fixture.database}`,
      'sslmode=verify-full',
      `sslrootcert=${fixture.caPath}`,
    ].join(' ');
    const { stdout } = await execFileAsync('psql', ['-X', '-A', '-t', '-c', 'select current_user, ssl from pg_stat_ssl where pid = pg_backend_pid()', conninfo], {
      env: { ...process.env, PGPASSWORD: token, PGCONNECT_TIMEOUT: '20' },
    });
    expect(stdout.trim()).toBe(`${fixture.iamUser}|t`);
  });

  it('our test presigner signs exactly like rds-signer (same clock) and is accepted', async () => {
    const key = keyOf('temporary');
    const date = new Date('2024-05-06T07:08:09Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(date);
    let sdkToken: string;
    try {
      sdkToken = await signerToken(fixtureRequest(fixture, { key }));
    } finally {
      vi.useRealTimers();
    }
    const ours = presignToken(fixtureRequest(fixture, { key }), { date });
    expect(signatureOf(ours)).toBe(signatureOf(sdkToken));
    expect(await expectAccepted(presignToken(fixtureRequest(fixture, { key })))).toContain('accept ');
  });
});

describe('IAM fixture: database users', () => {
  it('dbUser authenticates by scram with and without TLS', async () => {
    for (const tls of [true, false]) {
      expect(await connectAndWhoami(fixture, { user: fixture.dbUser, password: fixture.dbPassword, tls })).toBe(fixture.dbUser);
    }
  });

  it('dbUser with a wrong password fails with 28P01', async () => {
    const { code, message } = await connectError(fixture, { user: fixture.dbUser, password: 'wrong' });
    expect(code).toBe('28P01');
    expect(message).toContain('password authentication failed');
  });

  it('TLS is verified against the fixture CA for endpointHost, localhost and 127.0.0.1', async () => {
    for (const servername of [fixture.endpointHost, 'localhost', undefined]) {
      const client = new pg.Client({
        host: '127.0.0.1',
        port: fixture.port,
        user: fixture.dbUser,
        password: fixture.dbPassword,
        database: fixture.database,
        ssl: servername ? { ca: fixture.caPem, servername } : { ca: fixture.caPem },
      });
      await client.connect();
      await client.end();
    }
    const wrongName = new pg.Client({
      host: '127.0.0.1',
      port: fixture.port,
      user: fixture.dbUser,
      password: fixture.dbPassword,
      ssl: { ca: fixture.caPem, servername: 'other.invalid' },
    });
    await expect(wrongName.connect()).rejects.toThrow(/altnames|Hostname/i);
  });
});

describe('IAM fixture: the verifier log', () => {
  it('never contains a token or its signature', async () => {
    expect(issuedTokens.length).toBeGreaterThan(5);
    const log = (await fixture.verifierLog()).join('\n');
    const serverLog = await fixture.serverLog();
    for (const token of issuedTokens) {
      expect(log).not.toContain(signatureOf(token));
      expect(serverLog).not.toContain(signatureOf(token));
    }
    expect(log).not.toContain('X-Amz');
    for (const line of await fixture.verifierLog()) expect(line).toMatch(/^(accept|reject) user=/);
  });
});
