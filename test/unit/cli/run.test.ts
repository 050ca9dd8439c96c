/**
 * The commands in-process (runCli with a fake context): help, list, export and the exit statuses
 * that need no server; a test against a closed loopback port. The built CLI against the real IAM
 * fixture is in test/integration/cli-*.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { runCli } from '../../../electron/cli/run';
import { nullLogger } from '../../../electron/main/platform/logger';
import { systemClock } from '../../../electron/main/platform/clock';
import { DsnStore } from '../../../electron/main/library/store';
import type { Dsn } from '../../../shared/dsn';
import { dbDsn, FakeCipher, iamDsn } from '../../support/fakes';
import { fakeCli, ScriptedPrompter } from '../../support/cli-context';

let dir: string;
let storePath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-run-'));
  const userData = join(dir, 'xdg', 'IAM DSN Manager');
  const store = new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory: userData, cipher: new FakeCipher(), clock: systemClock, logger: nullLogger });
  for (const input of [iamDsn({ name: 'prod' }), { ...dbDsn({ name: 'local' }), password: 'app-stored-pw' }]) {
    if (!(await store.save(input)).ok) throw new Error('save failed');
  }
  storePath = (await store.status()).storePath;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dsnFile(dsn: Dsn | Record<string, unknown>): string {
  const file = join(dir, `dsn-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(dsn));
  return file;
}

describe('help', () => {
  it.each(['list', 'token', 'test', 'export'])('%s --help prints its usage and exits 0', async (cmd) => {
    const cli = fakeCli();
    expect(await runCli([cmd, '--help'], cli.ctx)).toBe(0);
    expect(cli.stdout()).toContain(`Usage: iam-dsn ${cmd}`);
    expect(cli.stdout()).toContain('Exit status:');
    expect(cli.stderr()).toBe('');
  });

  it('no command prints the overview; a bad one exits 2 on stderr', async () => {
    const overview = fakeCli();
    expect(await runCli([], overview.ctx)).toBe(0);
    expect(overview.stdout()).toContain('Usage: iam-dsn <command> [options]');
    const bad = fakeCli();
    expect(await runCli(['lst'], bad.ctx)).toBe(2);
    expect(bad.stdout()).toBe('');
    expect(bad.stderr()).toContain('Unknown command "lst"');
  });
});

describe('list', () => {
  it('reads the app store at the default place ($XDG_CONFIG_HOME on Linux)', async () => {
    const cli = fakeCli({ env: { XDG_CONFIG_HOME: join(dir, 'xdg') } });
    expect(await runCli(['list'], cli.ctx)).toBe(0);
    const lines = cli.stdout().trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['NAME', 'local', 'prod']);
    expect(cli.stdout()).toContain('password saved');
  });

  it('--json with --store prints the saved views, never the encrypted password', async () => {
    const cli = fakeCli();
    expect(await runCli(['list', '--json', '--store', storePath], cli.ctx)).toBe(0);
    const views = JSON.parse(cli.stdout()) as Array<Record<string, unknown>>;
    expect(views.map((v) => [v.name, v.hasPassword])).toEqual([
      ['local', true],
      ['prod', false],
    ]);
    expect(cli.stdout()).not.toMatch(/Encrypted|app-stored-pw/);
  });

  it('a missing store lists nothing and says so on stderr', async () => {
    const cli = fakeCli({ homedir: join(dir, 'empty-home') });
    expect(await runCli(['list'], cli.ctx)).toBe(0);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toContain(`No store file at ${join(dir, 'empty-home', '.config', 'IAM DSN Manager', 'dsns.json')}`);
  });
});

describe('export (no signing needed)', () => {
  it('an IAM uri without a token is a recipe: no secret, notes on stderr', async () => {
    const cli = fakeCli();
    expect(await runCli(['export', 'PROD', '--store', storePath, '--format', 'uri'], cli.ctx)).toBe(0);
    expect(cli.stdout()).toMatch(/^postgresql:\/\/app_user@mydb\.cluster-abc123\.us-east-1\.rds\.amazonaws\.com/);
    expect(cli.stdout().trimEnd().split('\n')).toHaveLength(1);
    expect(cli.stdout()).not.toContain('X-Amz-Signature');
    expect(cli.stderr()).toContain('note: ');
  });

  it('--with-password embeds PGPASSWORD (asked for) and warns; without it no password and no prompt', async () => {
    const withPw = fakeCli({ env: { PGPASSWORD: 'env-pw-123' } });
    expect(await runCli(['export', 'local', '--store', storePath, '--format', 'uri', '--with-password'], withPw.ctx)).toBe(0);
    expect(withPw.stdout()).toContain('env-pw-123');
    expect(withPw.stderr()).toContain('warning: the output holds a secret');
    const prompter = new ScriptedPrompter([]);
    const without = fakeCli({ env: { PGPASSWORD: 'env-pw-123' }, prompter });
    expect(await runCli(['export', 'local', '--store', storePath, '--format', 'uri'], without.ctx)).toBe(0);
    expect(without.stdout() + without.stderr()).not.toContain('env-pw-123');
    expect(prompter.asked).toEqual([]);
  });

  it('--with-password without PGPASSWORD or a terminal: exit 3 saying why', async () => {
    const cli = fakeCli();
    expect(await runCli(['export', 'local', '--store', storePath, '--format', 'env', '--with-password'], cli.ctx)).toBe(3);
    expect(cli.stderr()).toContain("the app's stored password is encrypted by the OS keychain through Electron and cannot be read by the CLI");
    expect(cli.stderr()).toContain('[PASSWORD_MISSING]');
  });

  it('a flag of the wrong auth type is refused by the app\'s handler: exit 2', async () => {
    const cli = fakeCli({ env: { PGPASSWORD: 'x' } });
    expect(await runCli(['export', 'local', '--store', storePath, '--format', 'uri', '--with-token'], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain('A token exists only for IAM authentication');
  });

  it('json from --file round-trips into another --file', async () => {
    const first = fakeCli();
    expect(await runCli(['export', '--file', dsnFile(iamDsn({ name: 'from file' })), '--format', 'json'], first.ctx)).toBe(0);
    const again = fakeCli();
    expect(await runCli(['list', '--json', '--file', dsnFile(JSON.parse(first.stdout()) as Record<string, unknown>)], again.ctx)).toBe(0);
    expect(JSON.parse(again.stdout())).toMatchObject([{ name: 'from file', authType: 'iam' }]);
  });
});

describe('exit statuses without a server', () => {
  it('Ctrl-C at the password prompt: 130, nothing on stdout', async () => {
    const cli = fakeCli({ prompter: new ScriptedPrompter([{ kind: 'cancelled' }]) });
    expect(await runCli(['test', '--file', dsnFile(dbDsn()), '--json'], cli.ctx)).toBe(130);
    expect(cli.stderr()).toContain('[CANCELLED]');
    expect(cli.stdout()).toBe('');
  });

  it('a bad --file: 2, naming the field', async () => {
    const cli = fakeCli();
    expect(await runCli(['test', '--file', dsnFile({ ...iamDsn(), port: 'five' }), '--json'], cli.ctx)).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toContain('  port: Port must be a whole number from 1 to 65535');
  });

  it('an unknown name: 2', async () => {
    const cli = fakeCli();
    expect(await runCli(['token', 'staging', '--store', storePath], cli.ctx)).toBe(2);
    expect(cli.stderr()).toContain('saved DSNs: local, prod');
  });

  it('token of a database-auth DSN: 2', async () => {
    const cli = fakeCli();
    expect(await runCli(['token', 'local', '--store', storePath], cli.ctx)).toBe(2);
    expect(cli.stdout()).toBe('');
  });

  it('a corrupt store: 1, and the file is left alone', async () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, 'not json');
    const cli = fakeCli();
    expect(await runCli(['list', '--store', file], cli.ctx)).toBe(1);
    expect(cli.stderr()).toContain('[STORE_IO]');
  });

  it('static keys without a secret or a terminal: 3', async () => {
    const cli = fakeCli();
    const file = dsnFile(iamDsn({ credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLEEXAMPLE01' } }));
    expect(await runCli(['token', '--file', file], cli.ctx)).toBe(3);
    expect(cli.stderr()).toContain('a DSN file never holds a secret key');
    expect(cli.stdout()).toBe('');
  });

  it('a refused loopback port (1: nothing listens there): 4, and --json prints the failure report', async () => {
    const cli = fakeCli({ env: { PGPASSWORD: 'pw' } });
    const file = dsnFile(dbDsn({ port: 1, connectTimeoutSeconds: 5 }));
    expect(await runCli(['test', '--file', file, '--json'], cli.ctx)).toBe(4);
    const report = JSON.parse(cli.stdout()) as { outcome: string; error: { code: string } };
    expect(report).toMatchObject({ outcome: 'failure', error: { code: 'CONNECTION_REFUSED' } });
    const readable = fakeCli({ env: { PGPASSWORD: 'pw' } });
    expect(await runCli(['test', '--file', file], readable.ctx)).toBe(4);
    expect(readable.stdout()).toContain('failure (CONNECTION_REFUSED)');
    expect(readable.stdout()).toMatch(/ {2}tcp +failed +\d+ ms/);
  });
});
