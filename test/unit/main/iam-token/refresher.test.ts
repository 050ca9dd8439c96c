/**
 * TokenRefresher on a fake clock and scheduler: when it refreshes (80% of min(900 s, the DSN's
 * token expiration), sooner for a token that ends sooner), retries with backoff, what stops it,
 * what it reports, and that the token goes nowhere but the writer.
 */
import { TokenRefresher, defaultRetryDelayMs } from '../../../../electron/main/iam-token/refresher';
import type { Dsn } from '../../../../shared/dsn';
import type { RefresherStatus, RefresherTarget } from '../../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../../shared/result';
import { FakeClock, iamDsn, MemoryLogger } from '../../../support/fakes';
import { FakeScheduler, FakeSigner, MemoryWriter } from '../../../support/token-refresher-fakes';

const ID = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const PGPASS: RefresherTarget = { kind: 'pgpass', path: '/home/me/.pgpass' };
const TOKEN_FILE: RefresherTarget = { kind: 'password-file', path: '/home/me/prod.token' };

function setup(options: { dsn?: Partial<Dsn>; periodMs?: number; maxWaitMs?: number } = {}) {
  const clock = new FakeClock();
  const signer = new FakeSigner(clock);
  const writer = new MemoryWriter();
  const logger = new MemoryLogger();
  const events: RefresherStatus[] = [];
  const dsns = new Map<string, Result<{ dsn: Dsn; secrets: { secretAccessKey?: string } }>>([
    [ID, ok({ dsn: iamDsn({ connectViaHost: '127.0.0.1', connectViaPort: 15432, ...options.dsn }), secrets: {} })],
    [OTHER, ok({ dsn: iamDsn({ name: 'other' }), secrets: {} })],
  ]);
  const holder: { refresher?: TokenRefresher } = {};
  const scheduler = new FakeScheduler(clock, () => holder.refresher?.whenIdle() ?? Promise.resolve());
  const refresher = new TokenRefresher({
    signer,
    writer,
    clock,
    logger,
    schedule: scheduler.schedule,
    source: (id) => dsns.get(id) ?? err('NOT_FOUND', 'gone'),
    onStatus: (s) => events.push(s),
    periodMs: options.periodMs,
    maxWaitMs: options.maxWaitMs ?? 3_600_000,
  });
  holder.refresher = refresher;
  return { clock, signer, writer, logger, events, dsns, scheduler, refresher };
}

const at = (clock: FakeClock, ms: number) => new Date(clock.now() + ms).toISOString();

describe('start', () => {
  it('writes a fresh token at once and schedules the next refresh at 80% of 15 minutes', async () => {
    const { refresher, writer, signer, clock, events } = setup();
    const started = await refresher.start({ dsnId: ID, target: PGPASS });
    expect(started).toEqual(
      ok({
        dsnId: ID,
        target: PGPASS,
        state: 'running',
        lastRefreshAt: at(clock, 0),
        nextRefreshAt: at(clock, 720_000),
        tokenExpiresAt: at(clock, 900_000),
        refreshCount: 1,
        pgpassEntry: 'mydb.cluster-abc123.us-east-1.rds.amazonaws.com:15432:postgres:app_user',
        lastError: undefined,
      }),
    );
    expect(signer.calls[0]?.options).toMatchObject({ fresh: true });
    expect(writer.writes).toHaveLength(1);
    // The .pgpass key: server name (not the tunnel) and the port libpq connects to (the tunnel's).
    expect(writer.writes[0]?.key).toEqual({ host: 'mydb.cluster-abc123.us-east-1.rds.amazonaws.com', port: '15432', database: 'postgres', user: 'app_user' });
    expect(events.at(-1)?.state).toBe('running');
  });

  it('refreshes at 80% of a shorter DSN token expiration (300 s → every 240 s)', async () => {
    const { refresher, scheduler, writer } = setup({ dsn: { tokenExpirationSeconds: 300 } });
    await refresher.start({ dsnId: ID, target: TOKEN_FILE });
    await scheduler.advance(239_000);
    expect(writer.writes).toHaveLength(1);
    await scheduler.advance(1_000);
    expect(writer.writes).toHaveLength(2);
    await scheduler.advance(240_000);
    expect(writer.writes).toHaveLength(3);
    expect(new Set(writer.writes.map((w) => w.token)).size).toBe(3);
  });

  it('refreshes before a token that ends early (signed by a clock 880 s behind: due after 16 s)', async () => {
    const { refresher, signer, scheduler, writer } = setup();
    signer.lifeMs = 20_000;
    const started = await refresher.start({ dsnId: ID, target: TOKEN_FILE });
    expect(started.ok && Date.parse(started.value.nextRefreshAt ?? '') - Date.parse(started.value.lastRefreshAt ?? '')).toBe(16_000);
    signer.lifeMs = 900_000;
    await scheduler.advance(16_000);
    expect(writer.writes).toHaveLength(2);
  });

  it('takes an injected shorter period (tests, --every)', async () => {
    const { refresher, scheduler, writer } = setup({ periodMs: 1_000 });
    await refresher.start({ dsnId: ID, target: TOKEN_FILE });
    await scheduler.advance(5_000);
    expect(writer.writes).toHaveLength(6);
  });

  it('waits in short steps and refreshes at once after a sleep longer than the token life', async () => {
    const { refresher, scheduler, writer } = setup({ maxWaitMs: 30_000 });
    await refresher.start({ dsnId: ID, target: TOKEN_FILE });
    expect(scheduler.delays.at(-1)).toBe(30_000);
    await scheduler.advance(60_000);
    expect(writer.writes).toHaveLength(1);
    await scheduler.sleepThenWake(3_600_000);
    expect(writer.writes).toHaveLength(2);
  });

  it('answers why nothing was written: unknown DSN, database auth, a bad file, a first signing failure', async () => {
    const s = setup();
    expect(await s.refresher.start({ dsnId: '00000000-0000-4000-8000-00000000dead', target: PGPASS })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    s.dsns.set(OTHER, ok({ dsn: { ...iamDsn(), authType: 'database' }, secrets: {} }));
    expect(await s.refresher.start({ dsnId: OTHER, target: PGPASS })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('database authentication') } });
    s.writer.checkResult = err('VALIDATION', 'mode 0644');
    expect(await s.refresher.start({ dsnId: ID, target: PGPASS })).toMatchObject({ ok: false, error: { message: 'mode 0644' } });
    expect(s.signer.calls).toHaveLength(0);
    s.writer.checkResult = ok(undefined);

    s.signer.queue.push(err('SSO_LOGIN_REQUIRED', 'Sign in', { hint: 'aws sso login --profile dev' }));
    const failed = await s.refresher.start({ dsnId: ID, target: PGPASS });
    expect(failed).toMatchObject({ ok: false, error: { code: 'SSO_LOGIN_REQUIRED' } });
    expect(s.writer.writes).toHaveLength(0);
    expect(s.scheduler.pending()).toBe(0);
    expect(s.refresher.statuses()).toMatchObject([{ dsnId: ID, state: 'error', nextRefreshAt: null, lastError: { code: 'SSO_LOGIN_REQUIRED' } }]);
  });

  it('refuses a password file another DSN keeps fresh; a .pgpass file may be shared', async () => {
    const { refresher } = setup();
    expect((await refresher.start({ dsnId: ID, target: TOKEN_FILE })).ok).toBe(true);
    expect(await refresher.start({ dsnId: OTHER, target: TOKEN_FILE })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { 'target.path': ['Used by another DSN'] } } });
    expect((await refresher.start({ dsnId: OTHER, target: PGPASS })).ok).toBe(true);
    expect(refresher.statuses().map((s) => s.state)).toEqual(['running', 'running']);
  });

  it('starting again replaces the DSN’s refresher (one timer, the new file)', async () => {
    const { refresher, scheduler, writer } = setup();
    await refresher.start({ dsnId: ID, target: TOKEN_FILE });
    await refresher.start({ dsnId: ID, target: PGPASS });
    expect(scheduler.pending()).toBe(1);
    await scheduler.advance(720_000);
    expect(writer.writes.map((w) => w.target.kind)).toEqual(['password-file', 'pgpass', 'pgpass']);
    expect(refresher.statuses()).toHaveLength(1);
  });
});

describe('failures after a start', () => {
  it('are retried with backoff, reported with their code, and cleared by the next success', async () => {
    const { refresher, scheduler, signer, writer, events } = setup();
    await refresher.start({ dsnId: ID, target: PGPASS });
    signer.queue.push(err('CREDENTIALS_EXPIRED', 'expired'), err('STS_UNREACHABLE', 'no STS'));
    await scheduler.advance(720_000);
    expect(events.at(-1)).toMatchObject({ state: 'error', refreshCount: 1, lastError: { code: 'CREDENTIALS_EXPIRED' } });
    const retryAt = Date.parse(events.at(-1)?.nextRefreshAt ?? '');
    expect(retryAt - Date.parse(events.at(-1)?.lastRefreshAt ?? '')).toBe(720_000 + 2_000);
    await scheduler.advance(2_000);
    expect(events.at(-1)).toMatchObject({ state: 'error', lastError: { code: 'STS_UNREACHABLE' } });
    writer.failNext.push(err('STORE_IO', 'The disk is full.', { detail: 'ENOSPC' }));
    await scheduler.advance(4_000);
    expect(events.at(-1)).toMatchObject({ state: 'error', lastError: { code: 'STORE_IO', detail: 'ENOSPC' } });
    await scheduler.advance(8_000);
    expect(events.at(-1)).toMatchObject({ state: 'running', refreshCount: 2, lastError: undefined });
    expect(writer.writes).toHaveLength(2);
  });

  it('back off 2, 4, 8 … 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(defaultRetryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it.each(['NOT_FOUND', 'CANCELLED', 'MFA_REQUIRED', 'MFA_FAILED'] as const)('%s stops the refresher in error (no retry)', async (code) => {
    const { refresher, scheduler, signer, events } = setup();
    await refresher.start({ dsnId: ID, target: PGPASS });
    signer.queue.push(err(code, 'needs the user'));
    await scheduler.advance(720_000);
    expect(events.at(-1)).toMatchObject({ state: 'error', nextRefreshAt: null, lastError: { code } });
    expect(scheduler.pending()).toBe(0);
  });

  it('a deleted DSN stops its refresher at the next refresh', async () => {
    const { refresher, scheduler, dsns, events } = setup();
    await refresher.start({ dsnId: ID, target: PGPASS });
    dsns.delete(ID);
    await scheduler.advance(720_000);
    expect(events.at(-1)).toMatchObject({ state: 'error', nextRefreshAt: null, lastError: { code: 'NOT_FOUND' } });
  });
});

describe('stop', () => {
  it('stops timers, keeps the status (file untouched), is idempotent, NOT_FOUND when never started', async () => {
    const { refresher, scheduler, writer, events } = setup();
    expect(refresher.stop(ID)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await refresher.start({ dsnId: ID, target: PGPASS });
    const stopped = refresher.stop(ID);
    expect(stopped).toMatchObject({ ok: true, value: { state: 'stopped', nextRefreshAt: null, refreshCount: 1 } });
    expect(events.at(-1)?.state).toBe('stopped');
    expect(refresher.stop(ID)).toEqual(stopped);
    expect(scheduler.pending()).toBe(0);
    await scheduler.advance(3_600_000);
    expect(writer.writes).toHaveLength(1);
  });

  it('stopAll stops every running refresher (app quit)', async () => {
    const { refresher, scheduler } = setup();
    await refresher.start({ dsnId: ID, target: PGPASS });
    await refresher.start({ dsnId: OTHER, target: TOKEN_FILE });
    refresher.stopAll();
    expect(refresher.statuses().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect(scheduler.pending()).toBe(0);
  });

  it('during signing: the signal aborts and nothing is written', async () => {
    const { refresher, scheduler, signer, writer } = setup();
    await refresher.start({ dsnId: ID, target: PGPASS });
    let release = (): void => undefined;
    signer.hold = new Promise((resolve) => (release = resolve));
    const tick = scheduler.advance(720_000);
    await new Promise((resolve) => setImmediate(resolve));
    const signal = signer.calls.at(-1)?.signal;
    refresher.stop(ID);
    expect(signal?.aborted).toBe(true);
    release();
    await tick;
    expect(writer.writes).toHaveLength(1);
    expect(refresher.statuses()[0]).toMatchObject({ state: 'stopped', refreshCount: 1 });
  });
});

describe('secrets', () => {
  it('passes a static source’s stored keys to the signer with the call', async () => {
    const { refresher, signer, dsns } = setup();
    dsns.set(ID, ok({ dsn: iamDsn({ credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLEEXAMPLE01' } }), secrets: { secretAccessKey: 'stored-secret' } }));
    await refresher.start({ dsnId: ID, target: TOKEN_FILE });
    expect(signer.calls[0]?.secrets).toEqual({ secretAccessKey: 'stored-secret' });
  });

  it('never puts a token in a status, an event or a log line', async () => {
    const { refresher, scheduler, signer, logger, events } = setup();
    await refresher.start({ dsnId: ID, target: PGPASS });
    await scheduler.advance(720_000 * 3);
    signer.queue.push(err('CREDENTIALS_EXPIRED', 'expired'));
    await scheduler.advance(720_000);
    refresher.stop(ID);
    expect(signer.tokens.length).toBeGreaterThanOrEqual(4);
    const seen = JSON.stringify([events, refresher.statuses(), logger.lines]);
    for (const token of signer.tokens) expect(seen).not.toContain(token);
    expect(seen).not.toContain('X-Amz-Signature');
    expect(logger.lines.map((l) => l.message)).toEqual(expect.arrayContaining(['Token refresher started', 'Token file refreshed', 'Token refresh failed', 'Token refresher stopped']));
  });
});
