/**
 * `npm run sandbox` (scripts/sandbox.ts through scripts/sandbox.mjs) as a new user meets it: started as a
 * real process with --json, then used only through what it printed: the built `iam-dsn test --file`,
 * psql with a token from the real `aws rds generate-db-auth-token --profile iam-dsn-sandbox`, `aws sts
 * get-caller-identity`, and the app's ConnectionTester with the real credential chain. Stopped with
 * SIGTERM (launcher) and with Ctrl-C to the process group (npm run), it must leave nothing behind.
 * Preflight failures exit 1 before anything starts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StsCallerIdentity } from '../../electron/main/connection-test/caller-identity';
import type { SandboxFacts } from '../../scripts/sandbox-text';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { dsnSchema } from '../../shared/dsn';
import { requireTool, skipUnless } from '../support/require-tool';
import { ensureCliBuilt, repoRoot } from './cli-harness';
import { freePort, LAUNCHER, portRefuses, type Ran, run, sandboxEnv, shell as runShell, startSandbox, stopLeftoverSandboxes } from './sandbox-harness';
import { testServices } from '../support/app';

const SANDBOX_ARN = 'arn:aws:iam::000000000000:user/iam-dsn-sandbox';
const HAS_AWS = requireTool('aws', 'sandbox: psql with a token from `aws rds generate-db-auth-token`, and `aws sts get-caller-identity`');
/** The not-root check runs the launcher as `nobody`, which must be able to read the checkout. */
const NOBODY_CAN_RUN = skipUnless(
  existsSync('/usr/sbin/runuser') &&
    spawnSync('/usr/sbin/runuser', ['-u', 'nobody', '--', 'test', '-r', join(repoRoot, 'node_modules', 'vite', 'package.json')]).status === 0,
  'sandbox: the not-root refusal (run as user nobody)',
  `user nobody cannot read ${repoRoot} (a checkout inside a private folder such as /root or a mktemp -d)`,
);

let scratch: string;
const shell = (command: string, facts: SandboxFacts): Promise<Ran> => runShell(command, facts, scratch);

function expectSuccess(report: ConnectionTestReport): void {
  if (report.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(report.error)}`);
  expect(report.phases.map((p) => [p.name, p.status])).toEqual(['sign', 'tcp', 'tls', 'auth', 'query'].map((n) => [n, 'ok']));
}

/** `iam-dsn test --file` exactly as printed, plus --json. */
async function cliTest(facts: SandboxFacts, command = facts.commands.test): Promise<ConnectionTestReport> {
  const ran = await shell(`${command} --json`, facts);
  expect(ran.status, ran.stderr).toBe(0);
  return JSON.parse(ran.stdout) as ConnectionTestReport;
}

function expectAllRemoved(facts: SandboxFacts): void {
  expect(existsSync(facts.internals.pamServiceFile)).toBe(false);
  expect(existsSync(facts.internals.fixtureDir)).toBe(false);
  for (const file of Object.values(facts.files)) expect(existsSync(file)).toBe(false);
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'iamdsn-sandbox-test-'));
  await ensureCliBuilt();
});

afterAll(async () => {
  await stopLeftoverSandboxes();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run sandbox, started directly with --json', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox(process.execPath, [LAUNCHER, '--json']);
  });

  it('writes a valid DSN, a CA and a temporary profile, and nothing outside its folder', () => {
    const { facts } = sandbox;
    const dsn = dsnSchema.parse(JSON.parse(readFileSync(facts.files.dsn, 'utf8')));
    expect(dsn).toEqual(facts.dsn);
    expect(dsn).toMatchObject({
      authType: 'iam',
      server: 'sandbox.cluster-sandbox.us-east-1.rds.amazonaws.com.invalid',
      port: 5432,
      credentialSource: { kind: 'profile', profile: 'iam-dsn-sandbox' },
      connectViaHost: '127.0.0.1',
      connectViaPort: facts.internals.serverPort,
      caBundlePath: facts.files.ca,
    });
    expect(readFileSync(facts.files.ca, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(readFileSync(facts.files.awsCredentials, 'utf8')).toMatch(/^\[iam-dsn-sandbox\]\naws_access_key_id = AKIA/m);
    expect(statSync(facts.files.awsCredentials).mode & 0o777).toBe(0o600);
    expect(readFileSync(facts.files.awsConfig, 'utf8')).toContain(`endpoint_url = ${dsn.stsEndpoint}`);
    for (const file of Object.values(facts.files)) expect(file.startsWith(`${facts.dir}/`)).toBe(true);
    expect(facts.env).toEqual({ AWS_CONFIG_FILE: facts.files.awsConfig, AWS_SHARED_CREDENTIALS_FILE: facts.files.awsCredentials });
    expect(JSON.stringify(facts)).not.toMatch(/aws_secret_access_key|secretAccessKey/);
  });

  it('passes the printed `iam-dsn test --file` with the printed env', async () => {
    const report = await cliTest(sandbox.facts);
    expectSuccess(report);
    expect(report.server).toMatchObject({ currentUser: 'iam_user', database: 'appdb', rdsIamMember: true });
    expect(report.identity?.source).toBe('AWS profile "iam-dsn-sandbox"');
    expect(report.phases.find((p) => p.name === 'tls')?.note).toContain('verified');
  });

  it.skipIf(!HAS_AWS)('connects with the printed psql command and a token from `aws rds generate-db-auth-token --profile iam-dsn-sandbox`', async () => {
    const sql = 'select current_user, ssl from pg_stat_ssl where pid = pg_backend_pid()';
    const run = await shell(`${sandbox.facts.commands.psql} -X -A -t -c '${sql}'`, sandbox.facts);
    expect(run.stdout.trim(), run.stderr).toBe('iam_user|t');
    const whoami = await shell(sandbox.facts.commands.whoami, sandbox.facts);
    expect(whoami.status, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ Arn: SANDBOX_ARN });
  });

  it("passes the app's ConnectionTester with the real credential chain, and STS answers from loopback", async () => {
    const names = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE'] as const;
    const saved = names.map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, sandbox.facts.env);
    Reflect.deleteProperty(process.env, 'AWS_PROFILE');
    try {
      const { tester } = testServices({ callerIdentity: new StsCallerIdentity(), callerIdentityTimeoutMs: 10_000 });
      const report = await tester.test(sandbox.facts.dsn);
      expectSuccess(report);
      expect(report.identity).toMatchObject({ source: 'AWS profile "iam-dsn-sandbox"', callerArn: SANDBOX_ARN });
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
    }
  });

  it('lets the profile assume the printed role, and the server accepts the role keys', async () => {
    const file = join(scratch, 'role-dsn.json');
    const assumeRole = { roleArn: sandbox.facts.roleArn, sessionName: 'sandbox-test', externalId: '', durationSeconds: 3600, mfaSerial: '' };
    writeFileSync(file, JSON.stringify({ ...sandbox.facts.dsn, assumeRole }));
    const report = await cliTest(sandbox.facts, sandbox.facts.commands.test.replace(sandbox.facts.files.dsn, file));
    expectSuccess(report);
    expect(report.identity?.source).toBe(`AWS profile "iam-dsn-sandbox" → role ${sandbox.facts.roleArn}`);
    expect(report.identity?.accessKeyIdMasked).toMatch(/^ASIA/);
  });

  it('stops on SIGTERM with exit 0 and removes the server, its PAM file and its folder', async () => {
    const { facts } = sandbox;
    process.kill(facts.pid, 'SIGTERM');
    expect(await sandbox.closed).toEqual({ code: 0, signal: null });
    expect(sandbox.stderr()).toContain('stopped; removed');
    expectAllRemoved(facts);
    expect(existsSync(facts.dir)).toBe(false);
    expect(await portRefuses(facts.internals.serverPort)).toBe(true);
    expect(await portRefuses(Number(new URL(facts.dsn.stsEndpoint).port))).toBe(true);
  });
});

describe('npm run sandbox -- --port N --dir D, stopped with Ctrl-C', () => {
  it('listens on N, writes only its files into an existing D, and removes only those', async () => {
    let port = await freePort();
    while (!(await portRefuses(port + 1))) port = await freePort();
    const dir = join(scratch, 'my dir');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mine.txt'), 'keep me');
    const sandbox = await startSandbox('npm', ['run', '--silent', 'sandbox', '--', '--json', '--port', String(port), '--dir', dir]);
    const { facts } = sandbox;
    expect(facts.dir).toBe(dir);
    expect(facts.dsn.connectViaPort).toBe(port);
    expect(facts.internals.serverPort).not.toBe(port);
    expect(facts.dsn.stsEndpoint).toBe(`http://127.0.0.1:${port + 1}`);
    expectSuccess(await cliTest(facts));
    if (HAS_AWS) {
      const whoami = await shell(facts.commands.whoami, facts);
      expect(JSON.parse(whoami.stdout), whoami.stderr).toMatchObject({ Arn: SANDBOX_ARN });
      const psql = await shell(`${facts.commands.psql} -X -A -t -c 'select current_user'`, facts);
      expect(psql.stdout.trim(), psql.stderr).toBe('iam_user');
    }

    // Ctrl-C in a terminal: SIGINT to the whole foreground process group (npm and the sandbox).
    if (sandbox.child.pid === undefined) throw new Error('no npm pid');
    process.kill(-sandbox.child.pid, 'SIGINT');
    await sandbox.closed;
    expect(sandbox.stderr()).toContain('stopped; removed');
    expectAllRemoved(facts);
    expect(readdirSync(dir)).toEqual(['mine.txt']);
    expect(await portRefuses(port)).toBe(true);
    expect(await portRefuses(port + 1)).toBe(true);
  });
});

describe('preflight', () => {
  const runLauncher = (args: string[], env: NodeJS.ProcessEnv = sandboxEnv(), user?: string): Promise<Ran> =>
    user === undefined ? run(process.execPath, [LAUNCHER, ...args], env) : run('/usr/sbin/runuser', ['-u', user, '--', process.execPath, LAUNCHER, ...args], env);

  it('exits 1 with the install hint when PG_BIN has no PostgreSQL, and creates nothing', async () => {
    const empty = mkdtempSync(join(scratch, 'empty-bin-'));
    const dir = join(scratch, 'never-created');
    const run = await runLauncher(['--json', '--dir', dir], sandboxEnv({ PG_BIN: empty }));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('cannot start; nothing was started');
    expect(run.stderr).toContain(`not found in PG_BIN=${empty}`);
    expect(run.stderr).toContain('apt-get install postgresql-15');
    expect(existsSync(dir)).toBe(false);
  });

  it.skipIf(!NOBODY_CAN_RUN)('exits 1 saying root is required when run as another user', async () => {
    const run = await runLauncher(['--json'], sandboxEnv(), 'nobody');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('Root is required');
    expect(run.stderr).toContain('sudo npm run sandbox');
  });

  it('exits 1 when the port after --port is taken, and 2 on a bad option', async () => {
    const port = await freePort();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(port + 1, '127.0.0.1', () => resolve()));
    try {
      const run = await runLauncher(['--json', '--port', String(port)]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`127.0.0.1:${port + 1} is already in use (--port N needs N and N+1 free)`);
    } finally {
      busy.close();
    }
    const bad = await runLauncher(['--port', 'abc']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port must be a whole number');
  });
});
