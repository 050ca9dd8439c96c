/**
 * The IAM fixture with custom options, and its cleanup: stop() removes the server, the PAM service
 * file and the temp dir; start sweeps PAM files left behind by crashed runs.
 */
import { existsSync } from 'node:fs';
import { rm, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';

import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { connectAndWhoami, fixtureRequest, signerToken } from '../fixture/fixture-tokens';

const orphanPam = '/etc/pam.d/iamdsn-cleanup-test-orphan';
const oldPam = '/etc/pam.d/iamdsn-cleanup-test-old';
let fixture: IamPostgresInternals;
let stopped = false;

/** Resolves true if something accepts TCP connections on 127.0.0.1:port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  // Leftovers of "crashed runs": one whose fixture dir is gone, one older than a day.
  await writeFile(orphanPam, 'auth required /nonexistent/iamdsn-pg-gone/pam_iam_exec.so /usr/bin/node x y\n');
  await writeFile(oldPam, '# stale\n');
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
  await utimes(oldPam, twoDaysAgo, twoDaysAgo);

  fixture = await startIamPostgres({
    endpointHost: 'custom-db.cluster-abc123.eu-west-1.rds.amazonaws.com.invalid',
    endpointPort: 6543,
    region: 'eu-west-1',
  });
});

afterAll(async () => {
  await rm(orphanPam, { force: true });
  await rm(oldPam, { force: true });
  if (!stopped) await fixture?.stop();
});

describe('IAM fixture: options and cleanup', () => {
  it('start swept stale iamdsn-* PAM service files', () => {
    expect(existsSync(orphanPam)).toBe(false);
    expect(existsSync(oldPam)).toBe(false);
  });

  it('honours endpointHost, endpointPort and region', async () => {
    expect(fixture.endpointHost).toBe('custom-db.cluster-abc123.eu-west-1.rds.amazonaws.com.invalid');
    expect(fixture.endpointPort).toBe(6543);
    expect(fixture.region).toBe('eu-west-1');
    expect(fixture.port).not.toBe(6543);
    const token = await signerToken(fixtureRequest(fixture, { key: fixture.keys[1] }));
    expect(token.startsWith('custom-db.cluster-abc123.eu-west-1.rds.amazonaws.com.invalid:6543/?')).toBe(true);
    expect(await connectAndWhoami(fixture, { user: fixture.iamUser, password: token, database: 'postgres' })).toBe(fixture.iamUser);
  });

  it('has the PAM file, the temp dir and an open port while running', async () => {
    expect(existsSync(fixture.pamServicePath)).toBe(true);
    expect(existsSync(join(fixture.dir, 'data', 'postmaster.pid'))).toBe(true);
    expect(existsSync(fixture.caPath)).toBe(true);
    expect(await portOpen(fixture.port)).toBe(true);
  });

  it('stop() removes the PAM file and the temp dir and closes the port; a second stop() is a no-op', async () => {
    await fixture.stop();
    stopped = true;
    expect(existsSync(fixture.pamServicePath)).toBe(false);
    expect(existsSync(fixture.dir)).toBe(false);
    expect(await portOpen(fixture.port)).toBe(false);
    await expect(fixture.stop()).resolves.toBeUndefined();
  });
});
