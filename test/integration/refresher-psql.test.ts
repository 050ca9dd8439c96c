/**
 * Acceptance of issue #5 (token file refresher) against the real IAM fixture (PostgreSQL 15, PAM,
 * SigV4 verifier, TLS verify-full): psql connects through the refreshed file — a `.pgpass` via
 * PGPASSFILE, a password file via PGPASSWORD="$(cat FILE)" — before and after the first token
 * expires, and the verifier log shows the old token is then refused as expired.
 *
 * The first token is made to expire quickly by the signer's injected clock: it signs 890 s in the
 * past (the verifier honours X-Amz-Date + X-Amz-Expires as signed), so the token has 10 s left and
 * the refresher, going by the signer's expiry, replaces it at 80% of that (≈8 s). The signer builds
 * tokens exactly like @aws-sdk/rds-signer (presignToken, test/fixture/fixture-tokens.ts), whose
 * clock cannot be set; the last test runs the app's own TokenSigner with a short injected period.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../electron/main/platform/clock';
import type { Clock } from '../../electron/main/platform/clock';
import { type PgpassKey, pgpassLine, pgpassPasswordFor } from '../../electron/main/files/pgpass';
import { type SignedToken, type SignTarget, type TokenSignerPort } from '../../electron/main/iam-token/signer';
import { TokenRefresher } from '../../electron/main/iam-token/refresher';
import type { RefresherStatus, RefresherTargetKind } from '../../shared/ipc-contract';
import { ok, type Result } from '../../shared/result';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { fixtureRequest, presignToken } from '../fixture/fixture-tokens';
import { fixtureDsn, OTHER_PGPASS_LINES, psqlWithPasswordFile, psqlWithPgpass, psqlWithToken, sleep, verifierLines } from './refresher-support';
import { testServices } from '../support/app';

let fixture: IamPostgresInternals;
let home: string;

beforeAll(async () => {
  fixture = await startIamPostgres();
});
afterAll(async () => {
  await fixture?.stop();
});
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'iamdsn-refresher-psql-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Signs like rds-signer at `clock.now()` (whole seconds, as X-Amz-Date), with the fixture's long-term key. */
class ClockedFixtureSigner implements TokenSignerPort {
  constructor(private readonly clock: Clock) {}

  async sign(target: SignTarget): Promise<Result<SignedToken>> {
    const key = fixture.keys[0];
    if (key === undefined) throw new Error('fixture has no key');
    const signedAt = Math.floor(this.clock.now() / 1000) * 1000;
    const token = presignToken(fixtureRequest(fixture, { hostname: target.server, port: target.port, region: target.region, username: target.user, key }), { date: new Date(signedAt) });
    const expiresAt = signedAt + 900_000;
    const iso = new Date(expiresAt).toISOString();
    return ok({
      token,
      expiresAt,
      cacheKey: String(signedAt),
      credentials: key,
      identity: { source: 'fixture key', accessKeyIdMasked: 'AKIA…' },
      facts: { signedFor: `${target.server}:${target.port}`, region: target.region, reuseUntil: iso, expiresAt: iso, fromCache: false },
    });
  }

  invalidate(): void {}
}

const psqlThrough = (kind: RefresherTargetKind, file: string) => (kind === 'pgpass' ? psqlWithPgpass(fixture, file, home) : psqlWithPasswordFile(fixture, file, home));

function pgpassKey(): PgpassKey {
  // As libpq looks it up: host = the endpoint name, port = the port it connects to (connect via).
  return { host: fixture.endpointHost, port: String(fixture.port), database: fixture.database, user: fixture.iamUser };
}

function tokenIn(kind: RefresherTargetKind, file: string): string {
  const content = readFileSync(file, 'utf8');
  const token = kind === 'pgpass' ? pgpassPasswordFor(content, pgpassKey()) : content.replace(/\n$/, '');
  if (token === undefined || token === '') throw new Error('no token in the file');
  return token;
}

const FIRST_TOKEN_LIFE_S = 10;
const accepted = (lines: string[]) => lines.map((l) => l.replace(/ key=\S+/, ''));

describe.each(['pgpass', 'password-file'] as const)('%s', (kind) => {
  it('psql connects through the refreshed file before and after the first token expires; the old token is refused as expired', async () => {
    const file = join(home, kind === 'pgpass' ? 'pgpass' : 'fixture.token');
    if (kind === 'pgpass') writeFileSync(file, OTHER_PGPASS_LINES, { mode: 0o600 });
    let skewMs = -(900 - FIRST_TOKEN_LIFE_S) * 1000;
    const signer = new ClockedFixtureSigner({ now: () => Date.now() + skewMs });
    const events: RefresherStatus[] = [];
    const refresher = new TokenRefresher({ signer, source: () => ok({ dsn: fixtureDsn(fixture), secrets: {} }), clock: systemClock, onStatus: (s) => events.push(s) });
    const t0 = Date.now();
    try {
      const started = await refresher.start({ dsnId: 'fixture', target: { kind, path: file } });
      skewMs = 0;
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const firstExpiry = Date.parse(started.value.tokenExpiresAt ?? '');
      const firstDue = Date.parse(started.value.nextRefreshAt ?? '');
      expect(firstExpiry - t0).toBeGreaterThan((FIRST_TOKEN_LIFE_S - 2) * 1000);
      expect(firstExpiry - t0).toBeLessThanOrEqual(FIRST_TOKEN_LIFE_S * 1000);
      expect(firstDue).toBeLessThan(firstExpiry - 1_000);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const first = tokenIn(kind, file);

      const before = await verifierLines(fixture, () => psqlThrough(kind, file));
      expect(before.value).toMatchObject({ status: 0, stdout: `${fixture.iamUser}\n` });
      expect(accepted(before.lines)).toEqual([`accept user=${fixture.iamUser}`]);

      await vi.waitFor(() => expect(events.some((e) => e.refreshCount === 2)).toBe(true), { timeout: 20_000, interval: 100 });
      const refreshedAfterMs = Date.parse(events.find((e) => e.refreshCount === 2)?.lastRefreshAt ?? '') - t0;
      const second = tokenIn(kind, file);
      expect(second).not.toBe(first);

      await sleep(firstExpiry - Date.now() + 1_200);
      const old = await verifierLines(fixture, () => psqlWithToken(fixture, first, home));
      expect(old.value.status).not.toBe(0);
      expect(old.value.stderr).toContain('PAM authentication failed');
      expect(old.lines).toHaveLength(1);
      expect(old.lines[0]).toMatch(new RegExp(`^reject user=${fixture.iamUser} reason=expired `));

      const after = await verifierLines(fixture, () => psqlThrough(kind, file));
      expect(after.value).toMatchObject({ status: 0, stdout: `${fixture.iamUser}\n` });
      expect(accepted(after.lines)).toEqual([`accept user=${fixture.iamUser}`]);
      expect(tokenIn(kind, file)).toBe(second);

      if (kind === 'pgpass') {
        // Every other line byte for byte; the DSN's line appended after the last line (which had no newline).
        expect(readFileSync(file, 'utf8')).toBe(`${OTHER_PGPASS_LINES}\n${pgpassLine(pgpassKey(), second)}\n`);
      } else {
        expect(readFileSync(file, 'utf8')).toBe(`${second}\n`);
      }
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(home).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      console.info(
        `[refresher ${kind}] first token valid ${firstExpiry - t0} ms, refreshed after ${refreshedAfterMs} ms; psql before ${before.value.ms} ms, old token refused at +${Date.now() - t0} ms, psql after ${after.value.ms} ms; total ${Date.now() - t0} ms`,
      );
    } finally {
      refresher.stopAll();
      await refresher.whenIdle();
    }
  }, 45_000);
});

it('the app’s own TokenSigner (rds-signer) with a short injected period: every refresh is a new token psql accepts', async () => {
  const file = join(home, 'pgpass');
  writeFileSync(file, OTHER_PGPASS_LINES, { mode: 0o600 });
  const key = fixture.keys[1];
  if (key === undefined) throw new Error('fixture has no temporary key');
  const events: RefresherStatus[] = [];
  const { refresher } = testServices({ credentialProviderFactory: () => async () => key, onRefresherStatus: (s) => events.push(s) });
  const t0 = Date.now();
  try {
    const run = { source: () => ok({ dsn: fixtureDsn(fixture), secrets: {} }), periodMs: 1_500 };
    expect((await refresher.start({ dsnId: 'app-signer', target: { kind: 'pgpass', path: file } }, run)).ok).toBe(true);
    const tokens = new Set<string>();
    for (let n = 1; n <= 3; n++) {
      await vi.waitFor(() => expect(events.some((e) => e.refreshCount === n)).toBe(true), { timeout: 10_000, interval: 50 });
      tokens.add(tokenIn('pgpass', file));
      const run = await verifierLines(fixture, () => psqlWithPgpass(fixture, file, home));
      expect(run.value).toMatchObject({ status: 0, stdout: `${fixture.iamUser}\n` });
      expect(accepted(run.lines)).toEqual([`accept user=${fixture.iamUser}`]);
    }
    // rds-signer signs to the second: refreshes within one second may sign the same token.
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    expect(readFileSync(file, 'utf8').startsWith(`${OTHER_PGPASS_LINES}\n`)).toBe(true);
    console.info(`[refresher app signer] 3 refreshes and 3 psql logins in ${Date.now() - t0} ms`);
  } finally {
    refresher.stopAll();
    await refresher.whenIdle();
  }
});
