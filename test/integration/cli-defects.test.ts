/**
 * Issue 11's points about the BUILT `iam-dsn` that need no database: what it prints from DSN text,
 * the files it opens (and never moves, creates or writes), the token life it reports, and what
 * `--file` reads. Each runs the real executable in a sandbox home with env keys (signing is local).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dsn } from '../../shared/dsn';
import { iamDsn } from '../support/fakes';
import { CLI_BUNDLE, type CliHome, cliEnv, ensureCliBuilt, makeCliHome, runIamDsn } from './cli-harness';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLECLIDEFECT', AWS_SECRET_ACCESS_KEY: 'cli/defect/secret/key/00000000000000000000' };

let dir: string;
let home: CliHome;

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-defects-'));
  home = makeCliHome(join(dir, 'home'));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function dsnFile(name: string, dsn: Dsn): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(dsn));
  return file;
}

/** Every name and mode under `folder`, recursively, to show that nothing moved or appeared. */
function tree(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => `${name} ${(statSync(join(folder, name)).mode & 0o7777).toString(8)}`)
    .sort();
}

describe('what iam-dsn prints from DSN text', () => {
  it('issue 11 #15: `token` never prints a terminal escape or a bidi override from the user field', async () => {
    const user = 'app\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u202euser';
    const file = dsnFile('escapes.json', iamDsn({ user }));
    const run = await runIamDsn(['token', '--file', file], cliEnv(home, KEYS));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^mydb\.cluster-abc123\.us-east-1\.rds\.amazonaws\.com:5432\/\?Action=connect&DBUser=/);
    expect(run.stderr).toContain('Token for user app?]52;c;cHduZWQ=??[2J?user at');
    // eslint-disable-next-line no-control-regex
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('the files iam-dsn opens', () => {
  it('issue 11 #2: with the store missing, a ./dsns.json that is not a JSON object, or DIR/NAME.json for --store DIR/NAME, stays as it is; nothing is created', async () => {
    const work = join(dir, 'work');
    mkdirSync(join(work, 'stores'), { recursive: true });
    writeFileSync(join(work, 'dsns.json'), '[1, 2, 3]\n');
    writeFileSync(join(work, 'stores', 'team.json'), '"not an object"');
    const before = tree(work);
    const bytes = (name: string): string => readFileSync(join(work, name), 'utf8');
    const env = cliEnv(home, { ...KEYS, XDG_CONFIG_HOME: join(dir, 'no-config-here') });

    const listed = await runIamDsn(['list'], env, 60_000, work);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(`No store file at ${join(dir, 'no-config-here', 'IAM DSN Manager', 'dsns.json')}`);
    const named = await runIamDsn(['list', '--store', join(work, 'stores', 'team')], env, 60_000, work);
    expect(named.stderr).toContain(`No store file at ${join(work, 'stores', 'team')}`);
    const typo = await runIamDsn(['token', 'prod', '--store', join(work, 'missing', 'dsns.json')], env, 60_000, work);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toContain('does not exist yet');

    expect(tree(work)).toEqual(before);
    expect(bytes('dsns.json')).toBe('[1, 2, 3]\n');
    expect(bytes(join('stores', 'team.json'))).toBe('"not an object"');
    expect(readdirSync(dir).filter((n) => !n.endsWith('.json')).sort()).toEqual(['home', 'work']);
  });
});

describe('a store file iam-dsn cannot read', () => {
  it('issue 11 #6: is named with its owner and mode (exit 1) and left alone', async () => {
    const storeDir = join(dir, 'root-store');
    mkdirSync(storeDir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = join(storeDir, 'dsns.json');
    writeFileSync(file, '{"version":1,"dsns":[]}\n', { mode: 0o600 });
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) chmodSync(file, 0o000);
    const before = statSync(file);
    // Root reads every file: the CLI runs as nobody, as a user whose store a `sudo` run took over.
    const run = spawnSync(process.execPath, [CLI_BUNDLE, 'list', '--store', file], { encoding: 'utf8', env: cliEnv(home), ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`iam-dsn: The store file ${file} cannot be read (EACCES). It belongs to uid ${before.uid} (gid ${before.gid}), mode ${asRoot ? '0600' : '0000'}. It is left as it is. [STORE_IO]`);
    expect(statSync(file)).toMatchObject({ ino: before.ino, mode: before.mode, size: before.size, mtimeMs: before.mtimeMs });
    expect(readdirSync(storeDir)).toEqual(['dsns.json']);
  });
});

describe('the token life iam-dsn reports', () => {
  it('issue 11 #8: with credentials (credential_process) that expire in 90 s, `token` says the token ends with them', async () => {
    const script = join(dir, 'short-creds.sh');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        'exp="$(date -u -d "@$(( $(date +%s) + 90 ))" +%Y-%m-%dT%H:%M:%SZ)"',
        'printf \'{"Version":1,"AccessKeyId":"ASIAEXAMPLESHORTLIFE","SecretAccessKey":"short/life/secret","SessionToken":"short-life-token","Expiration":"%s"}\' "$exp"',
        '',
      ].join('\n'),
      { mode: 0o700 },
    );
    writeFileSync(home.awsConfigFile, `[profile short]\ncredential_process = ${script}\n`);
    const file = dsnFile('short.json', iamDsn({ credentialSource: { kind: 'profile', profile: 'short' } }));
    const before = Date.now();
    const run = await runIamDsn(['token', '--file', file], cliEnv(home));
    expect(run.status, run.stderr).toBe(0);
    const expires = Date.parse(/expires at (\S+)\.$/m.exec(run.stderr)?.[1] ?? '');
    expect(expires - before).toBeGreaterThan(60_000);
    expect(expires - before).toBeLessThan(120_000);
    writeFileSync(home.awsConfigFile, '');
  });
});

describe('secrets in what iam-dsn reports', () => {
  it('issue 11 #17: a credential_process that prints the run\'s short secrets on stderr: none reaches `token` or `test --json`, and the detail is capped', async () => {
    const envSecret = 'envSecret-16chr';
    const envToken = 'sessTok-9';
    const script = join(dir, 'leaky-creds.sh');
    writeFileSync(script, `#!/bin/sh\necho "debug: key=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN" >&2\nhead -c 20000 /dev/zero | tr '\\\\0' x >&2\nexit 3\n`, { mode: 0o700 });
    writeFileSync(home.awsConfigFile, `[profile leaky]\ncredential_process = ${script}\n`);
    const file = dsnFile('leaky.json', iamDsn({ credentialSource: { kind: 'profile', profile: 'leaky' }, stsEndpoint: 'http://127.0.0.1:9' }));
    const env = cliEnv(home, { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLELEAKYKEY1', AWS_SECRET_ACCESS_KEY: envSecret, AWS_SESSION_TOKEN: envToken });
    const token = await runIamDsn(['token', '--file', file], env);
    expect(token.status).not.toBe(0);
    expect(token.stderr).toContain('credential_process');
    expect(token.stderr).toContain('debug: key=[redacted] token=[redacted]');
    const test = await runIamDsn(['test', '--file', file, '--json'], env);
    const report = JSON.parse(test.stdout) as { error?: { detail?: string } };
    expect(report.error?.detail).toContain('debug: key=[redacted] token=[redacted]');
    expect((report.error?.detail ?? '').length).toBeLessThanOrEqual(1000);
    for (const text of [token.stderr, token.stdout, test.stdout, test.stderr]) {
      expect(text).not.toContain(envSecret);
      expect(text).not.toContain(envToken);
    }
    writeFileSync(home.awsConfigFile, '');
  });
});

describe('what --file reads', () => {
  it('issue 11 (also): at most 1 MB (/dev/zero fails at once), and a UTF-8 BOM in front of the JSON is fine', async () => {
    const zero = await runIamDsn(['token', '--file', '/dev/zero'], cliEnv(home, KEYS), 20_000);
    expect(zero.status).not.toBe(0);
    expect(zero.stderr).toContain('The DSN file /dev/zero cannot be used: it is larger than 1 MB');
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, `\uFEFF${JSON.stringify(iamDsn())}`);
    const run = await runIamDsn(['token', '--file', bom], cliEnv(home, KEYS));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^mydb\.cluster-abc123\.us-east-1\.rds\.amazonaws\.com:5432\/\?/);
  });
});
