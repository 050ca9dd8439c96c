/**
 * The BUILT `iam-dsn` on a pseudo-terminal: the password and secret-key prompts (no echo), the MFA
 * prompt answered through the app's MfaBroker (role assumed at a loopback STS emulator), Ctrl-C,
 * and the same commands without a terminal (exit 3 with the reason).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { type CliHome, cliEnv, ensureCliBuilt, makeCliHome, runIamDsn, runIamDsnOnTty } from './cli-harness';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const ACCOUNT = '123456789012';
const MFA_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/cli-admin`;
const MFA_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/cli-user`;
const MFA_CODE = '246810';
const TYPED_CANARY = `TYPED-canary-${Math.random().toString(36).slice(2)}`;

let fixture: IamPostgresInternals;
let sts: StsEmulator;
let dir: string;
let home: CliHome;
let python: string;

function key0() {
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no long-term key');
  return key;
}

function iam(over: Partial<Dsn> = {}): Dsn {
  return fixtureIamDsn(fixture, {
    name: 'tty',
    stsEndpoint: sts.url,
    ...over,
  });
}

/** An IAM DSN that assumes a role whose trust policy needs MFA, at the emulator. */
function mfaDsn(): Dsn {
  return iam({ name: 'mfa', assumeRole: { roleArn: MFA_ROLE_ARN, sessionName: 'cli-session', externalId: '', durationSeconds: 900, mfaSerial: MFA_SERIAL } });
}

function dsnFile(name: string, dsn: Dsn): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(dsn));
  return file;
}

/** The env of a terminal run; the pty driver (python) is found by absolute path. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return cliEnv(home, extra);
}

beforeAll(async () => {
  await ensureCliBuilt();
  const found = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  python = found.stdout.trim();
  if (found.status !== 0 || python === '') throw new Error('python3 is needed for the pseudo-terminal tests');
  fixture = await startIamPostgres();
  sts = await startStsEmulator({
    keys: [{ ...key0(), userName: 'cli-user' }, ...fixture.keys.slice(1)],
    accountId: ACCOUNT,
    roles: [{ arn: MFA_ROLE_ARN, mfaSerial: MFA_SERIAL, mfaCode: MFA_CODE }],
    onIssue: (key) => fixture.addKey(key),
  });
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-tty-'));
  home = makeCliHome(join(dir, 'home'));
  const store = new DsnStore({
    createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }),
    directory: join(home.configHome, 'IAM DSN Manager'),
    cipher: new FakeCipher(),
    clock: systemClock,
    logger: nullLogger,
  });
  const temp = fixture.keys[1];
  if (temp?.sessionToken === undefined) throw new Error('fixture has no temporary key');
  const inputs: DsnInput[] = [
    { ...iam({ name: 'db', authType: 'database', user: fixture.dbUser }), password: fixture.dbPassword },
    { ...iam({ name: 'keys', credentialSource: { kind: 'static', accessKeyId: temp.accessKeyId } }), secretAccessKey: temp.secretAccessKey, sessionToken: temp.sessionToken },
  ];
  for (const input of inputs) {
    const saved = await store.save(input);
    if (!saved.ok) throw new Error(saved.error.message);
  }
}, 180_000);

afterAll(async () => {
  await sts?.stop();
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tty = (args: string[], steps: Array<{ expect: string; send: string }>, extra: Record<string, string> = {}) => runIamDsnOnTty(python, args, env(extra), steps, dir);

describe('database password prompt', () => {
  const reason = "the app's stored password is encrypted by the OS keychain through Electron and cannot be read by the CLI";

  it('asks on the terminal, says why, and never echoes what is typed', async () => {
    const ok = await tty(['test', 'db'], [{ expect: '(not shown): ', send: `${fixture.dbPassword}\r` }]);
    expect(ok.status, ok.terminal).toBe(0);
    expect(ok.terminal).toContain(reason);
    expect(ok.terminal).not.toContain(fixture.dbPassword);
    expect(ok.stdout).toContain('Connection test of "db": success');

    const refused = await tty(['test', 'db', '--json'], [{ expect: '(not shown): ', send: `${TYPED_CANARY}\r` }]);
    expect(refused.status).toBe(5);
    expect(refused.terminal + refused.stdout).not.toContain(TYPED_CANARY);
  });

  it('Ctrl-C at the prompt: exit 130, nothing tested', async () => {
    const run = await tty(['test', 'db'], [{ expect: '(not shown): ', send: 'abc\u0003' }]);
    expect(run.status).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.terminal).toContain('[CANCELLED]');
  });
});

describe('typed keys saved in the app (secret encrypted by the OS keychain)', () => {
  it('without a terminal: exit 3 saying why; with AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN: a working token', async () => {
    const temp = fixture.keys[1];
    if (temp?.sessionToken === undefined) throw new Error('no temporary key');
    const missing = await runIamDsn(['token', 'keys'], env());
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain("the app's stored secret access key is encrypted by the OS keychain through Electron and cannot be read by the CLI");
    const fromEnv = await runIamDsn(['token', 'keys'], env({ AWS_SECRET_ACCESS_KEY: temp.secretAccessKey, AWS_SESSION_TOKEN: temp.sessionToken }));
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect((await loginWithToken(fixture, fromEnv.stdout.trim())).whoami).toBe(fixture.iamUser);
  });

  it('on a terminal: asks for the secret key and the session token, without echo', async () => {
    const temp = fixture.keys[1];
    if (temp?.sessionToken === undefined) throw new Error('no temporary key');
    const run = await tty(
      ['test', 'keys'],
      [
        { expect: `Secret access key for ${temp.accessKeyId} (not shown): `, send: `${temp.secretAccessKey}\r` },
        { expect: '(temporary key; not shown): ', send: `${temp.sessionToken}\r` },
      ],
    );
    expect(run.status, run.terminal).toBe(0);
    expect(run.terminal).not.toContain(temp.secretAccessKey);
    expect(run.terminal).not.toContain(temp.sessionToken.slice(0, 40));
  });
});

describe('MFA (role assumption at the STS emulator, through the app\'s MfaBroker)', () => {
  it('asks for the code on the terminal; the token from the assumed role works (stdout is only the token)', async () => {
    const file = dsnFile('mfa.json', mfaDsn());
    const run = await tty(['token', '--file', file], [{ expect: 'MFA code required', send: `${MFA_CODE}\r` }], keyEnv(key0()));
    expect(run.status, run.terminal).toBe(0);
    expect(run.terminal).toContain(`MFA code required for DSN "mfa" (MFA device ${MFA_SERIAL}): ${MFA_CODE}`);
    const token = run.stdout.trim();
    expect(run.stdout).toBe(`${token}\n`);
    const issued = sts.issued().at(-1);
    expect(issued?.action).toBe('AssumeRole');
    expect(await loginWithToken(fixture, token)).toEqual({ whoami: fixture.iamUser, log: [`accept user=${fixture.iamUser} key=${issued?.accessKeyId}`] });
  });

  it('test on a terminal: a code that is not 6 digits is asked again', async () => {
    const file = dsnFile('mfa-test.json', mfaDsn());
    const run = await tty(
      ['test', '--file', file],
      [
        { expect: 'MFA code required', send: '12\r' },
        { expect: 'not a 6-digit code', send: `${MFA_CODE}\r` },
      ],
      keyEnv(key0()),
    );
    expect(run.status, run.terminal).toBe(0);
    expect(run.stdout).toContain('success');
  });

  it('a wrong code is asked again ("AWS rejected that code"); three wrong codes: exit 3 (MFA_FAILED)', async () => {
    const run = await tty(
      ['test', '--file', dsnFile('mfa-wrong.json', mfaDsn()), '--json'],
      [
        { expect: 'MFA code required', send: '000000\r' },
        { expect: 'AWS rejected that code', send: '000001\r' },
        { expect: 'AWS rejected that code', send: '000002\r' },
      ],
      keyEnv(key0()),
    );
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'failure', error: { code: 'MFA_FAILED' } });
  });

  it('no terminal: exit 3, "MFA code required"', async () => {
    const run = await runIamDsn(['test', '--file', dsnFile('mfa-notty.json', mfaDsn())], env(keyEnv(key0())));
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`MFA code required for DSN "mfa" (MFA device ${MFA_SERIAL}), but there is no terminal to ask on.`);
    expect(run.stdout).toContain('failure (MFA_REQUIRED)');
  });
});
