/**
 * Load (issue #6), against the real IAM fixture through the real handlers:
 * - 50 concurrent Test clicks on one DSN make ONE attempt: one token signed, one verifier accept,
 *   one server connection, and 50 identical answers;
 * - 200 sequential tests leave nothing open: this process's active sockets/handles
 *   (process.getActiveResourcesInfo()) and the server's client backends (pg_stat_activity) are
 *   the same before and after.
 */
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { type Dsn, type DsnInput } from '../../shared/dsn';
import type { Result } from '../../shared/result';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { createTestApp, onSign } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

let fixture: IamPostgresInternals;
let dir: string;
let handlers: ApiHandlers;
let signs = 0;

beforeAll(async () => {
  fixture = await startIamPostgres();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-load-'));
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  const app = createTestApp(dir, { credentialProviderFactory: () => () => Promise.resolve(key) });
  ({ handlers } = app);
  onSign(app.services.signer, () => signs++);
}, 180_000);

afterAll(async () => {
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function fixtureDsn(over: Partial<Dsn> = {}): DsnInput {
  return fixtureIamDsn(fixture, {
    name: 'load',
    ...over,
  });
}

const accepts = async (): Promise<number> => (await fixture.verifierLog()).filter((l) => l.startsWith('accept ')).length;
const connectionsReceived = async (): Promise<number> => ((await fixture.serverLog()).match(/connection received:/g) ?? []).length;

/** Client backends on the server other than the probe itself (one short-lived probe connection). */
async function serverClients(): Promise<number> {
  const client = new pg.Client({ host: '127.0.0.1', port: fixture.port, user: fixture.dbUser, password: fixture.dbPassword, database: 'postgres', ssl: false });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()");
    return rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}

/**
 * Handles and requests this process holds, by type (timers apart: vitest keeps its own), and, on
 * Linux, the sockets among its open file descriptors (which also sees unref'd ones).
 */
function handles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) if (type !== 'Timeout' && type !== 'Immediate') out[type] = (out[type] ?? 0) + 1;
  if (existsSync('/proc/self/fd')) {
    out['fd:socket'] = readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
      } catch {
        return false; // the fd of readdir itself, closed by now
      }
    }).length;
  }
  return out;
}

async function settled(): Promise<void> {
  // Let closing sockets finish closing (pg ends the connection asynchronously).
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('load', () => {
  it('50 concurrent Test clicks on one DSN: one attempt (one signature, one verifier accept, one server connection)', async () => {
    const dsn = fixtureDsn();
    const acceptsBefore = await accepts();
    const connectionsBefore = await connectionsReceived();
    const signsBefore = signs;
    const results = (await Promise.all(Array.from({ length: 50 }, (_, i) => handlers.testConnection({ requestId: `click-${i}`, dsn })))) as Array<Result<ConnectionTestReport>>;
    const outcomes = results.map((r) => (r.ok ? r.value.outcome : r.error.code));
    expect(new Set(outcomes)).toEqual(new Set(['success']));
    // Every click got the same report (the shared attempt's).
    const first = results[0];
    for (const r of results) expect(r).toEqual(first);
    await settled();
    const attempt = { signatures: signs - signsBefore, verifierAccepts: (await accepts()) - acceptsBefore, serverConnections: (await connectionsReceived()) - connectionsBefore };
    console.log(`[load] 50 concurrent clicks → ${JSON.stringify(attempt)}`);
    expect(attempt).toEqual({ signatures: 1, verifierAccepts: 1, serverConnections: 1 });
  }, 60_000);

  it('200 sequential tests leave no socket or handle open, here or on the server', async () => {
    const iam = fixtureDsn({ name: 'iam' });
    const db: DsnInput = { ...fixtureDsn({ name: 'db', authType: 'database', user: fixture.dbUser, sslMode: 'require' }), password: fixture.dbPassword };
    // Warm up once each (module loading, TLS context), then measure.
    await handlers.testConnection({ requestId: 'warm-iam', dsn: iam });
    await handlers.testConnection({ requestId: 'warm-db', dsn: db });
    await settled();
    const before = { handles: handles(), serverClients: await serverClients() };
    await settled();
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      // Mostly database auth (fast); every 20th an IAM test (a PAM round trip each).
      const dsn = i % 20 === 0 ? iam : db;
      const r = await handlers.testConnection({ requestId: `seq-${i}`, dsn });
      const outcome = r.ok ? r.value.outcome : r.error.code;
      outcomes[`${dsn.authType}:${outcome}`] = (outcomes[`${dsn.authType}:${outcome}`] ?? 0) + 1;
    }
    await settled();
    const after = { handles: handles(), serverClients: await serverClients() };
    console.log(`[load] 200 sequential tests ${JSON.stringify(outcomes)}; handles before ${JSON.stringify(before.handles)} after ${JSON.stringify(after.handles)}; server client backends before ${before.serverClients} after ${after.serverClients}`);
    expect(outcomes).toEqual({ 'iam:success': 10, 'database:success': 190 });
    expect(after.handles).toEqual(before.handles);
    expect(after.serverClients).toBe(before.serverClients);
  }, 120_000);
});
