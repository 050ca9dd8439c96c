/**
 * The CLI runs on a supported Node in the test environment, so its output is free of the AWS
 * SDK's "NodeVersionSupportWarning" (printed on every run under Node < 22) because the Node is
 * new enough — `npm test` puts Node ≥ 22.12 first on PATH (scripts/node22.mjs) — not because the
 * warning is hidden. The CLI is started as a user starts it: its `#!/usr/bin/env node` line, PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDsn, type Dsn } from '../../shared/dsn';
import { CLI_BUNDLE, type CliRun, cliEnv, ensureCliBuilt, makeCliHome, repoRoot } from './cli-harness';

const WARNING = /NodeVersionSupportWarning|will require node >=|DeprecationWarning/;
const scratch = mkdtempSync(join(tmpdir(), 'iamdsn-cli-node-'));
const home = makeCliHome(scratch);
// Signing loads the SDK's clients (where the warning comes from); the connection goes nowhere.
const env = cliEnv(home, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });

/** Runs out/cli/iam-dsn.js itself (its shebang finds `node` on PATH). */
function runBin(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI_BUNDLE, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(() => ensureCliBuilt(), 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('iam-dsn on the Node the tests run', () => {
  it('finds Node 22.12 or newer as `node` on PATH', () => {
    const version = spawnSync('node', ['-p', 'process.versions.node'], { env, encoding: 'utf8' }).stdout.trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 12), `node on PATH is ${version}`).toBe(true);
  });

  it('iam-dsn --version prints the version and no warning', async () => {
    const run = await runBin(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run.stderr).toBe('');
  });

  it('iam-dsn test (signing with the AWS SDK) prints no Node version warning', async () => {
    const dsn: Dsn = { ...defaultDsn(), name: 'nowhere', server: 'db.example.invalid', region: 'us-east-1', user: 'iam_user', connectViaHost: '127.0.0.1', connectViaPort: 9 };
    const file = join(scratch, 'dsn.json');
    writeFileSync(file, JSON.stringify(dsn));
    const run = await runBin(['test', '--file', file]);
    // It got as far as signing (the SDK loaded), then the refused port.
    expect(run.stdout + run.stderr).toMatch(/sign\s+ok/);
    expect(run.stdout + run.stderr).toMatch(/CONNECTION_REFUSED/);
    expect(run.stderr).not.toMatch(WARNING);
    expect(run.stdout).not.toMatch(WARNING);
  });
});
