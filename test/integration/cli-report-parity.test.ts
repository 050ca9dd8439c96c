/**
 * `iam-dsn test --file x.json --json` prints the very report the window shows: the CLI's output
 * is compared with what createApiHandlers(...).testConnection answers for the same DSN (timings
 * and timestamps aside), for a success and for failures of each kind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import { StsCallerIdentity } from '../../electron/main/connection-test/caller-identity';
import type { TokenSigner } from '../../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { type Dsn, type DsnInput } from '../../shared/dsn';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { keyEnv } from '../fixture/sts-emulator-harness';
import { type CliHome, cliEnv, ensureCliBuilt, makeCliHome, runIamDsn } from './cli-harness';
import { createTestApp } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

let fixture: IamPostgresInternals;
let sts: StsEmulator;
let dir: string;
let home: CliHome;
let handlers: ApiHandlers;
let signer: TokenSigner;
let closedPort: number;

function key0() {
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no long-term key');
  return key;
}

beforeAll(async () => {
  await ensureCliBuilt();
  fixture = await startIamPostgres();
  sts = await startStsEmulator({ keys: [{ ...key0(), userName: 'parity-user' }] });
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-parity-'));
  home = makeCliHome(join(dir, 'home'));
  const server = createServer();
  closedPort = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  await new Promise((resolve) => server.close(resolve));
  // The window's side, through the one wiring (app-services.ts); the default chain's keys are injected.
  const app = createTestApp(join(dir, 'app'), { credentialProviderFactory: () => async () => key0(), callerIdentity: new StsCallerIdentity() });
  ({ handlers } = app);
  signer = app.services.signer;
}, 180_000);

afterAll(async () => {
  await sts?.stop();
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function iam(over: Partial<Dsn> = {}): Dsn {
  return fixtureIamDsn(fixture, {
    name: 'parity',
    // GetCallerIdentity of the report goes to the emulator, from both sides.
    stsEndpoint: sts.url,
    ...over,
  });
}

/** Times inside texts (a hint says when the token was signed, and how long ago). */
function withoutTimes(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z/g, '<time>').replace(/\(\d+ s ago\)/g, '(<n> s ago)');
}

/** The report without what differs from run to run: when it ran, how long each step took, times in texts. */
function comparable(report: ConnectionTestReport): unknown {
  const copy = JSON.parse(withoutTimes(JSON.stringify(report))) as Record<string, unknown> & { phases: Array<Record<string, unknown>>; token?: Record<string, unknown>; identity?: Record<string, unknown> };
  delete copy.startedAt;
  delete copy.totalMs;
  for (const phase of copy.phases) delete phase.durationMs;
  if (copy.token !== undefined) {
    delete copy.token.reuseUntil;
    delete copy.token.expiresAt;
  }
  if (copy.identity !== undefined) delete copy.identity.credentialsExpireAt;
  return copy;
}

/** The window's report for its first test of `input` (each CLI run is a new process: no token cache). */
async function windowReport(input: DsnInput): Promise<ConnectionTestReport> {
  signer.clear();
  const answer = await handlers.testConnection({ requestId: `parity-${Math.random()}`, dsn: input });
  if (!answer.ok) throw new Error(`handler refused: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

async function cliReport(dsn: Dsn, env: Record<string, string>): Promise<{ status: number | null; report: ConnectionTestReport }> {
  const file = join(dir, `dsn-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(dsn));
  const run = await runIamDsn(['test', '--file', file, '--json'], cliEnv(home, env));
  return { status: run.status, report: JSON.parse(run.stdout) as ConnectionTestReport };
}

describe('test --json prints the report object the window receives', () => {
  it.each([
    ['success', () => iam(), 0, 'success'],
    ['a user without rds_iam', () => iam({ user: fixture.noIamUser }), 5, 'PASSWORD_AUTH_FAILED'],
    ['a token signed for another region', () => iam({ region: 'eu-west-1' }), 5, 'PAM_AUTH_FAILED'],
    ['a refused port', () => iam({ connectViaPort: closedPort }), 4, 'CONNECTION_REFUSED'],
    ['a CA bundle that does not exist', () => iam({ caBundlePath: join(dir, 'missing-ca.pem') }), 4, 'CA_BUNDLE_UNREADABLE'],
  ] as const)('%s', async (_label, make, status, outcome) => {
    const dsn = make();
    const cli = await cliReport(dsn, keyEnv(key0()));
    const window = await windowReport(dsn);
    expect(cli.status).toBe(status);
    expect(cli.report.outcome === 'success' ? 'success' : cli.report.error?.code).toBe(outcome);
    if (outcome !== 'CA_BUNDLE_UNREADABLE') expect(cli.report.identity?.callerArn).toBe('arn:aws:iam::123456789012:user/parity-user');
    expect(comparable(cli.report)).toEqual(comparable(window));
  });

  it('database authentication: PGPASSWORD is what the window\'s typed password is', async () => {
    const dsn = iam({ name: 'db', authType: 'database', user: fixture.dbUser });
    const wrong = 'not-the-password-1234';
    const cli = await cliReport(dsn, { PGPASSWORD: wrong });
    expect(cli.status).toBe(5);
    expect(comparable(cli.report)).toEqual(comparable(await windowReport({ ...dsn, password: wrong })));
    const right = await cliReport(dsn, { PGPASSWORD: fixture.dbPassword });
    expect(right.status).toBe(0);
    expect(comparable(right.report)).toEqual(comparable(await windowReport({ ...dsn, password: fixture.dbPassword })));
  });
});
