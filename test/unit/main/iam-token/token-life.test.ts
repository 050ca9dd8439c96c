/**
 * Issue 11 #8: a token lives min(15 minutes, the credentials' life). The real signer and the real
 * refresher, as the one wiring builds them, with credentials that expire in 90 s: the reported
 * expiry, the export's "valid until" and the refresh schedule all follow the credentials.
 */
import type { AwsCredentials } from '../../../../electron/main/credentials/types';
import type { RefresherTarget } from '../../../../shared/ipc-contract';
import { ok } from '../../../../shared/result';
import { testServices } from '../../../support/app';
import { FakeClock, iamDsn } from '../../../support/fakes';
import { FakeScheduler, MemoryWriter } from '../../../support/token-refresher-fakes';

const ID = '00000000-0000-4000-8000-0000000000a8';
const TARGET: RefresherTarget = { kind: 'password-file', path: '/home/me/prod.token' };

function setup(credentialsLifeMs: number | undefined) {
  const clock = new FakeClock();
  const credentials = (): AwsCredentials => ({
    accessKeyId: 'ASIAEXAMPLESHORTLIFE',
    secretAccessKey: 'short/life/secret/0000000000000000000000',
    sessionToken: 'short-life-session-token',
    expiration: credentialsLifeMs === undefined ? undefined : new Date(clock.now() + credentialsLifeMs),
  });
  const holder: { idle?: () => Promise<void> } = {};
  const scheduler = new FakeScheduler(clock, () => holder.idle?.() ?? Promise.resolve());
  const writer = new MemoryWriter();
  const services = testServices({ clock, credentialProviderFactory: () => () => Promise.resolve(credentials()), schedule: scheduler.schedule, tokenFileWriter: writer });
  holder.idle = () => services.refresher.whenIdle();
  return { clock, scheduler, writer, services };
}

describe('token life = min(token, credentials)', () => {
  it('credentials ending in 90 s: the token is reported to end then, not after 15 minutes', async () => {
    const { clock, services } = setup(90_000);
    const signed = await services.signer.sign(iamDsn(), { fresh: true });
    if (!signed.ok) throw new Error(signed.error.message);
    expect(signed.value.expiresAt).toBe(clock.now() + 90_000);
    expect(signed.value.facts.expiresAt).toBe(new Date(clock.now() + 90_000).toISOString());
    const exported = await services.exports.exportDsn({ dsn: iamDsn(), format: 'uri', includeToken: true, includePassword: false });
    expect(exported.ok && exported.value.tokenExpiresAt).toBe(new Date(clock.now() + 90_000).toISOString());
  });

  it('the refresher says so and refreshes before the credentials end, then again with the new ones', async () => {
    const { clock, scheduler, writer, services } = setup(90_000);
    const start = clock.now();
    const started = await services.refresher.start({ dsnId: ID, target: TARGET }, { source: () => ok({ dsn: iamDsn(), secrets: {} }) });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.tokenExpiresAt).toBe(new Date(start + 90_000).toISOString());
    const next = Date.parse(started.value.nextRefreshAt ?? '');
    expect(next - start).toBeLessThanOrEqual(75_000);
    expect(next - start).toBeGreaterThan(0);
    await scheduler.advance(next - start);
    expect(writer.writes).toHaveLength(2);
    const status = services.refresher.statuses()[0];
    expect(Date.parse(status?.tokenExpiresAt ?? '')).toBe(next + 90_000);
    services.refresher.stopAll();
  });

  it('long-lived credentials: 15 minutes, refreshed at 12', async () => {
    const { clock, services } = setup(undefined);
    const started = await services.refresher.start({ dsnId: ID, target: TARGET }, { source: () => ok({ dsn: iamDsn(), secrets: {} }) });
    expect(started.ok && [started.value.tokenExpiresAt, started.value.nextRefreshAt]).toEqual([new Date(clock.now() + 900_000).toISOString(), new Date(clock.now() + 720_000).toISOString()]);
    services.refresher.stopAll();
  });
});
