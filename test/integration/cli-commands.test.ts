/**
 * The BUILT `iam-dsn` as a real process against the real IAM fixture (PAM + SigV4 over TLS):
 * every command and every exit status, with credentials from env keys (default chain) or a temp
 * profile, DSNs saved by the app's DsnStore, and a canary password that must never be printed.
 */
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { nullLogger } from '../../electron/main/platform/logger';
import { systemClock } from '../../electron/main/platform/clock';
import { DsnStore } from '../../electron/main/library/store';
import { type Dsn, type DsnInput } from '../../shared/dsn';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { keyEnv, loginWithToken } from '../fixture/sts-emulator-harness';
import { FakeCipher } from '../support/fakes';
import { CLI_BUNDLE, type CliHome, cliEnv, ensureCliBuilt, makeCliHome, runIamDsn } from './cli-harness';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const CANARY = `CANARY-pw-${Math.random().toString(36).slice(2)}-end`;

let fixture: IamPostgresInternals;
/** Answers the report's GetCallerIdentity (the DSNs name it as STS endpoint): nothing goes to AWS. */
let sts: StsEmulator;
let dir: string;
let home: CliHome;
let closedPort: number;
/** Every stdout and stderr of the CLI runs, for the canary check. */
const transcripts: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function key0() {
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no long-term key');
  return key;
}

/** An IAM DSN for the fixture: signed for its endpoint, socket to its loopback port, CA verified. */
function iam(over: Partial<Dsn> = {}): Dsn {
  return fixtureIamDsn(fixture, {
    name: 'prod',
    connectTimeoutSeconds: 10,
    stsEndpoint: sts.url,
    ...over,
  });
}

function writeDsnFile(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** Runs the CLI; `env` adds to the clean sandbox environment. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const run = await runIamDsn(args, cliEnv(home, env));
  transcripts.push(run.stdout, run.stderr);
  return run;
}

const withKeys = (): Record<string, string> => keyEnv(key0());

/** The password of a postgresql:// URI. */
function uriPassword(uri: string): string {
  return decodeURIComponent(new URL(uri.trim()).password);
}

beforeAll(async () => {
  await ensureCliBuilt();
  fixture = await startIamPostgres();
  sts = await startStsEmulator({ keys: fixture.keys.map((key, i) => ({ ...key, userName: `cli-user-${i}` })) });
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-int-'));
  home = makeCliHome(join(dir, 'home'));
  closedPort = await freePort();
  // The app's store at the default place (XDG_CONFIG_HOME), written by the app's DsnStore.
  const store = new DsnStore({
    createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }),
    directory: join(home.configHome, 'IAM DSN Manager'),
    cipher: new FakeCipher(),
    clock: systemClock,
    logger: nullLogger,
  });
  const inputs: DsnInput[] = [
    iam(),
    iam({ name: 'no-iam', user: fixture.noIamUser }),
    iam({ name: 'refused', connectViaPort: closedPort }),
    iam({ name: 'profiled', credentialSource: { kind: 'profile', profile: 'fixture-profile' } }),
    { ...iam({ name: 'db', authType: 'database', user: fixture.dbUser }), password: CANARY },
  ];
  for (const input of inputs) {
    const saved = await store.save(input);
    if (!saved.ok) throw new Error(saved.error.message);
  }
  // A temp profile with the fixture's temporary key (session token included).
  const temp = fixture.keys[1];
  if (temp?.sessionToken === undefined) throw new Error('fixture has no temporary key');
  writeFileSync(
    home.awsCredentialsFile,
    ['[fixture-profile]', `aws_access_key_id = ${temp.accessKeyId}`, `aws_secret_access_key = ${temp.secretAccessKey}`, `aws_session_token = ${temp.sessionToken}`, ''].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  await sts?.stop();
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bundle', () => {
  it('is one executable ESM file with a node shebang that never loads electron', () => {
    const text = readFileSync(CLI_BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync(CLI_BUNDLE, constants.X_OK)).not.toThrow();
    expect(text).not.toMatch(/from ["']electron["']|require\(["']electron["']\)|import\(["']electron["']\)/);
    expect(JSON.parse(readFileSync(join(CLI_BUNDLE, '..', '..', '..', 'package.json'), 'utf8'))).toMatchObject({ bin: { 'iam-dsn': './out/cli/iam-dsn.js' } });
  });

  it.each(['list', 'token', 'test', 'export'])('%s --help exits 0', async (cmd) => {
    const run = await cli([cmd, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: iam-dsn ${cmd}`);
  });
});

describe('list', () => {
  it('lists the app\'s saved DSNs from the default store location', async () => {
    const run = await cli(['list']);
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['NAME', 'db', 'no-iam', 'prod', 'profiled', 'refused']);
    expect(run.stdout).toMatch(/^db +database .* password saved$/m);
    expect(run.stdout).toMatch(/^profiled +iam .* AWS profile "fixture-profile"$/m);
  });

  it('--json from --store: the saved views', async () => {
    const run = await cli(['list', '--json', '--store', join(home.configHome, 'IAM DSN Manager', 'dsns.json')]);
    expect(run.status).toBe(0);
    const views = JSON.parse(run.stdout) as Array<{ name: string; hasPassword: boolean }>;
    expect(views.find((v) => v.name === 'db')?.hasPassword).toBe(true);
  });
});

describe('token', () => {
  it('prints only a working token on stdout (default chain: env keys) and the expiry on stderr', async () => {
    const run = await cli(['token', 'prod'], withKeys());
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const token = lines[0] ?? '';
    expect(token).toMatch(new RegExp(`^${fixture.endpointHost.replace(/\./g, '\\.')}:${fixture.endpointPort}/\\?Action=connect&`));
    expect(run.stderr).toMatch(/expires at \d{4}-\d\d-\d\dT/);
    expect(run.stderr).not.toContain(token);
    expect(await loginWithToken(fixture, token)).toEqual({ whoami: fixture.iamUser, log: [`accept user=${fixture.iamUser} key=${key0().accessKeyId}`] });
  });

  it('with a named profile from the AWS shared files (temporary key + session token)', async () => {
    const run = await cli(['token', 'profiled']);
    expect(run.status).toBe(0);
    const login = await loginWithToken(fixture, run.stdout.trim());
    expect(login.whoami).toBe(fixture.iamUser);
    expect(login.log).toEqual([`accept user=${fixture.iamUser} key=${fixture.keys[1]?.accessKeyId}`]);
  });

  it('without credentials: exit 3', async () => {
    const run = await cli(['token', 'prod']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('[CREDENTIALS_MISSING]');
  });
});

describe('test: one exit status per kind of failure', () => {
  it('success: exit 0 with the phases and the server', async () => {
    const run = await cli(['test', 'prod'], withKeys());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Connection test of "prod": success in');
    for (const phase of ['sign', 'tcp', 'tls', 'auth', 'query']) expect(run.stdout).toMatch(new RegExp(`^ {2}${phase} +ok +\\d+ ms`, 'm'));
    expect(run.stdout).toContain(`user ${fixture.iamUser}`);
    expect(run.stdout).toMatch(/Server: {3}PostgreSQL 15\./);
    expect(run.stdout).toMatch(/^Identity: the default AWS credential chain; key AKIA…\w{4}; arn:aws:iam::\d{12}:user\/cli-user-0$/m);
  });

  it('a user without rds_iam: exit 5, with the hint', async () => {
    const run = await cli(['test', 'no-iam'], withKeys());
    expect(run.status).toBe(5);
    expect(run.stdout).toContain('failure (PASSWORD_AUTH_FAILED)');
    expect(run.stdout).toContain(`GRANT rds_iam TO ${fixture.noIamUser};`);
  });

  it('a refused port: exit 4', async () => {
    const run = await cli(['test', 'refused', '--json'], withKeys());
    expect(run.status).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'failure', error: { code: 'CONNECTION_REFUSED' } });
  });

  it('missing credentials: exit 3', async () => {
    const run = await cli(['test', 'prod', '--json']);
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'failure', error: { code: 'CREDENTIALS_MISSING' } });
  });

  it('a bad --file: exit 2 naming the field, nothing on stdout', async () => {
    const file = writeDsnFile('bad.json', { ...iam(), port: 70000, region: 'moon-1' });
    const run = await cli(['test', '--file', file, '--json'], withKeys());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`The DSN file ${file} is not valid (2 problems). [VALIDATION]`);
    expect(run.stderr).toContain('  port: Port must be a whole number from 1 to 65535');
    expect(run.stderr).toContain('  region: Region must be an AWS region code such as us-east-1');
  });

  it('a DSN file that is valid works like a saved DSN', async () => {
    const run = await cli(['test', '--file', writeDsnFile('good.json', iam({ name: 'from file' }))], withKeys());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Connection test of file ${join(dir, 'good.json')}: success`);
  });
});

describe('export', () => {
  it('uri without --with-token: a recipe, no token', async () => {
    const run = await cli(['export', 'prod', '--format', 'uri'], withKeys());
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^postgres(ql)?:\/\//);
    expect(run.stdout).not.toContain('X-Amz-Signature');
    expect(run.stderr).not.toContain('warning: the output holds a secret');
  });

  it('uri --with-token: the embedded token logs in', async () => {
    const run = await cli(['export', 'prod', '--format', 'uri', '--with-token'], withKeys());
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('warning: the output holds a secret');
    expect(run.stderr).toMatch(/The token in it expires at \d{4}-/);
    const password = uriPassword(run.stdout);
    expect(password).toContain('X-Amz-Signature=');
    expect((await loginWithToken(fixture, password)).whoami).toBe(fixture.iamUser);
  });

  it('--with-token without credentials: exit 3', async () => {
    const run = await cli(['export', 'prod', '--format', 'uri', '--with-token']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
  });
});

describe('database passwords (the app\'s is encrypted by the OS keychain: the CLI cannot read it)', () => {
  it('without PGPASSWORD or a terminal: exit 3 saying why', async () => {
    const run = await cli(['test', 'db']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("the app's stored password is encrypted by the OS keychain through Electron and cannot be read by the CLI");
    expect(run.stderr).toContain('PGPASSWORD');
  });

  it('PGPASSWORD right: exit 0; the canary: exit 5, and the canary is never printed', async () => {
    expect((await cli(['test', 'db'], { PGPASSWORD: fixture.dbPassword })).status).toBe(0);
    const refused = await cli(['test', 'db'], { PGPASSWORD: CANARY });
    expect(refused.status).toBe(5);
    expect(refused.stdout).toContain('failure (PASSWORD_AUTH_FAILED)');
    expect((await cli(['test', 'db', '--json'], { PGPASSWORD: CANARY })).status).toBe(5);
    expect((await cli(['test', 'db', '--json'], { PGPASSWORD: CANARY, PGPORT: '1' })).status).toBe(5);
    expect((await cli(['export', 'db', '--format', 'uri'], { PGPASSWORD: CANARY })).status).toBe(0);
    expect((await cli(['export', 'db', '--format', 'env'], { PGPASSWORD: CANARY })).status).toBe(0);
    expect((await cli(['token', 'db'], { PGPASSWORD: CANARY })).status).toBe(2);
    expect((await cli(['list', '--json'], { PGPASSWORD: CANARY })).status).toBe(0);
    const file = writeDsnFile('db-refused.json', iam({ name: 'db refused', authType: 'database', user: fixture.dbUser, connectViaPort: closedPort }));
    expect((await cli(['test', '--file', file], { PGPASSWORD: CANARY })).status).toBe(4);
    for (const text of transcripts) expect(text).not.toContain(CANARY);
  });

  it('only --with-password puts it in the output (asked for explicitly)', async () => {
    const run = await runIamDsn(['export', 'db', '--format', 'uri', '--with-password'], cliEnv(home, { PGPASSWORD: CANARY }));
    expect(run.status).toBe(0);
    expect(uriPassword(run.stdout)).toBe(CANARY);
    expect(run.stderr).not.toContain(CANARY);
  });
});
