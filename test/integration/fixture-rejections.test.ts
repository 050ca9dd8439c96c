/**
 * Proof that the IAM fixture rejects what RDS rejects: each case fails the connection with
 * SQLSTATE 28000 "PAM authentication failed" and logs exactly one verifier line with its reason.
 */
import { randomBytes } from 'node:crypto';

import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import type { FixtureAccessKey } from '../fixture/iam-postgres-types';
import { awsCliToken, connectAndWhoami, connectError, fixtureRequest, presignToken, signatureOf, signerToken, type TokenRequest } from '../fixture/fixture-tokens';

let fixture: IamPostgresInternals;
const issuedTokens: string[] = [];

beforeAll(async () => {
  fixture = await startIamPostgres();
});

afterAll(async () => {
  await fixture?.stop();
});

function key(kind: 'long-term' | 'temporary'): FixtureAccessKey {
  const found = fixture.keys[kind === 'long-term' ? 0 : 1];
  if (!found) throw new Error(`no ${kind} key`);
  return found;
}

function request(overrides: Partial<TokenRequest> = {}): TokenRequest {
  return fixtureRequest(fixture, overrides);
}

/** Signs with the real SDK while Date says `offsetMs` from now (rds-signer takes no clock). */
async function signerTokenAt(offsetMs: number, req: TokenRequest): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + offsetMs);
  try {
    return await signerToken(req);
  } finally {
    vi.useRealTimers();
  }
}

/** Connects as `user` (default the IAM user) and expects a PAM failure logged with `reason`. */
async function expectRejected(token: string, reason: string, user = fixture.iamUser): Promise<string> {
  issuedTokens.push(token);
  const before = (await fixture.verifierLog()).length;
  const { code, message } = await connectError(fixture, { user, password: token });
  expect(code).toBe('28000');
  expect(message).toBe(`PAM authentication failed for user "${user}"`);
  const lines = (await fixture.verifierLog()).slice(before);
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line).toMatch(new RegExp(`^reject user=${user} reason=${reason}( |$)`));
  return line;
}

describe('IAM fixture: rejects bad tokens', () => {
  it('tampered signature', async () => {
    const token = await signerToken(request());
    const signature = signatureOf(token);
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    await expectRejected(token.replace(signature, flipped), 'bad-signature');
  });

  it('a field changed after signing (X-Amz-Expires)', async () => {
    const token = presignToken(request(), { expiresIn: 900 });
    await expectRejected(token.replace('X-Amz-Expires=900', 'X-Amz-Expires=899'), 'bad-signature');
  });

  it('expired: rds-signer token signed 20 minutes ago', async () => {
    const line = await expectRejected(await signerTokenAt(-20 * 60_000, request()), 'expired');
    expect(line).toContain(`key=${key('long-term').accessKeyId}`);
  });

  it('expired: short-lived presigned token (60 s) signed 2 minutes ago, temporary key', async () => {
    const token = presignToken(request({ key: key('temporary') }), { date: new Date(Date.now() - 120_000), expiresIn: 60 });
    await expectRejected(token, 'expired');
  });

  it('still valid: presigned 10 minutes ago with the default 900 s expiry', async () => {
    const token = presignToken(request(), { date: new Date(Date.now() - 10 * 60_000) });
    issuedTokens.push(token);
    expect(await connectAndWhoami(fixture, { user: fixture.iamUser, password: token })).toBe(fixture.iamUser);
  });

  it('future date beyond the 5 minute skew', async () => {
    await expectRejected(await signerTokenAt(10 * 60_000, request()), 'future-date');
  });

  it('X-Amz-Expires above 900', async () => {
    await expectRejected(presignToken(request(), { expiresIn: 901 }), 'bad-expires');
  });

  it('wrong host (aws CLI)', async () => {
    const token = await awsCliToken(request({ hostname: `other-${fixture.endpointHost}` }));
    await expectRejected(token, 'wrong-host');
  });

  it('wrong port', async () => {
    await expectRejected(await signerToken(request({ port: fixture.endpointPort + 1 })), 'wrong-port');
  });

  it('wrong user: a token for another DBUser', async () => {
    const line = await expectRejected(await signerToken(request({ username: 'someone_else' })), 'wrong-user');
    expect(line).toContain('dbuser=someone_else');
  });

  it('wrong region (aws CLI)', async () => {
    await expectRejected(await awsCliToken(request({ region: 'eu-west-1' })), 'wrong-region');
  });

  it('unknown access key', async () => {
    const stranger = { accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
    await expectRejected(await signerToken(request({ key: stranger })), 'unknown-key');
  });

  it('temporary key without its session token', async () => {
    const temporary = key('temporary');
    const withoutToken = { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey };
    await expectRejected(await signerToken(request({ key: withoutToken })), 'missing-session-token');
  });

  it('temporary key with a wrong session token (aws CLI)', async () => {
    const wrong = { ...key('temporary'), sessionToken: `${key('temporary').sessionToken ?? ''}x` };
    await expectRejected(await awsCliToken(request({ key: wrong })), 'bad-session-token');
  });

  it('long-term key with an unexpected session token', async () => {
    await expectRejected(presignToken(request(), { sessionToken: 'not-expected' }), 'unexpected-session-token');
  });

  it('a secret that does not match the key id', async () => {
    const forged = { ...key('long-term'), secretAccessKey: randomBytes(30).toString('base64') };
    await expectRejected(await signerToken(request({ key: forged })), 'bad-signature');
  });

  it('malformed: a plain password', async () => {
    await expectRejected('hunter2', 'malformed');
  });

  it('rejectNext(n) rejects the next n valid tokens, then accepts again', async () => {
    await fixture.rejectNext(2);
    await expectRejected(await signerToken(request()), 'forced-reject');
    await expectRejected(await signerToken(request({ key: key('temporary') })), 'forced-reject');
    const token = await signerToken(request());
    issuedTokens.push(token);
    expect(await connectAndWhoami(fixture, { user: fixture.iamUser, password: token })).toBe(fixture.iamUser);
    expect((await fixture.verifierLog()).at(-1)).toBe(`accept user=${fixture.iamUser} key=${key('long-term').accessKeyId}`);
  });

  it('rejectNext does not fire for tokens that are invalid anyway (the real reason is logged)', async () => {
    await fixture.rejectNext(1);
    await expectRejected(await signerToken(request({ region: 'us-west-2' })), 'wrong-region');
    await expectRejected(await signerToken(request()), 'forced-reject');
  });
});

describe('IAM fixture: rejected before PAM', () => {
  it('plaintext connection of an IAM user is rejected by pg_hba (no verifier call)', async () => {
    const token = await signerToken(request());
    issuedTokens.push(token);
    const before = (await fixture.verifierLog()).length;
    const { code, message } = await connectError(fixture, { user: fixture.iamUser, password: token, tls: false });
    expect(code).toBe('28000');
    expect(message).toMatch(/pg_hba\.conf rejects connection .*user "iam_user".*no encryption/);
    expect(await fixture.verifierLog()).toHaveLength(before);
  });

  it('noIamUser with a valid token fails as a password (28P01), no verifier call', async () => {
    const token = await signerToken(request({ username: fixture.noIamUser }));
    issuedTokens.push(token);
    const before = (await fixture.verifierLog()).length;
    const { code, message } = await connectError(fixture, { user: fixture.noIamUser, password: token });
    expect(code).toBe('28P01');
    expect(message).toBe(`password authentication failed for user "${fixture.noIamUser}"`);
    expect(await fixture.verifierLog()).toHaveLength(before);
    // The role itself is fine: its own scram password works.
    expect(await connectAndWhoami(fixture, { user: fixture.noIamUser, password: fixture.noIamPassword })).toBe(fixture.noIamUser);
  });
});

describe('IAM fixture: log hygiene', () => {
  it('the verifier and server logs never contain a token or its signature', async () => {
    expect(issuedTokens.length).toBeGreaterThan(15);
    const log = (await fixture.verifierLog()).join('\n');
    const serverLog = await fixture.serverLog();
    for (const token of issuedTokens) {
      const signature = signatureOf(token);
      if (signature) {
        expect(log).not.toContain(signature);
        expect(serverLog).not.toContain(signature);
      }
    }
    expect(log).not.toContain('hunter2');
    expect(log).not.toContain(key('temporary').sessionToken?.slice(0, 40));
  });
});
