import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const startScript = join(repoRoot, 'scripts', 'start.mjs');
function runStart(env: Record<string, string | undefined>) {
  const childEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
  return spawnSync(process.execPath, [startScript, '--fake-flag'], { cwd: repoRoot, env: childEnv, encoding: 'utf8', timeout: 60_000 });
}

const scratch = mkdtempSync(join(tmpdir(), 'iamdsn-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in Electron: a shell script doing `body`. */
function fakeElectron(name: string, body: string): string {
  const file = join(scratch, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('npm start (scripts/start.mjs)', () => {
  it('with IAMDSN_ELECTRON_PATH pointing nowhere, fails the same clear way', () => {
    const result = runStart({ IAMDSN_ELECTRON_PATH: join(scratch, 'no-such-electron') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/IAMDSN_ELECTRON_PATH points to .*no-such-electron/);
    expect(result.stderr).toMatch(/Point IAMDSN_ELECTRON_PATH at an Electron 45 executable/);
  });

  it.skipIf(process.platform === 'win32')('with an Electron present, runs it on the app and forwards its exit code', () => {
    // A stand-in "electron" that records its arguments and environment, then exits 7.
    const record = join(scratch, 'record.json');
    const fakeElectron = join(scratch, 'electron');
    writeFileSync(
      fakeElectron,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));\nprocess.exit(7);\n`,
    );
    chmodSync(fakeElectron, 0o755);

    const result = runStart({ IAMDSN_ELECTRON_PATH: fakeElectron, IAMDSN_SKIP_BUILD: '1', ELECTRON_RUN_AS_NODE: '1' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(7);
    const seen = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; cwd: string; runAsNode: string | null };
    expect(seen.args).toEqual(['.', '--fake-flag']);
    expect(join(seen.cwd, '/')).toBe(join(repoRoot, '/'));
    expect(seen.runAsNode).toBeNull();
  });

  it.skipIf(process.platform === 'win32')('a Chromium sandbox abort (AppArmor, Ubuntu 23.10+) is named with its remedy, and its status passed on', () => {
    const electron = fakeElectron(
      'electron-apparmor',
      'echo "[1:2:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly." >&2; kill -TRAP $$',
    );
    const result = runStart({ IAMDSN_ELECTRON_PATH: electron, IAMDSN_SKIP_BUILD: '1' });
    expect(result.status).toBe(128 + 5);
    // Electron's own line still reaches the user, then what it means and what to do.
    expect(result.stderr).toContain('The SUID sandbox helper binary was found, but is not configured correctly');
    expect(result.stderr).toMatch(/Chromium could not start its sandbox/);
    expect(result.stderr).toContain(`profile iam-dsn-electron "${electron}" flags=(unconfined)`);
    expect(result.stderr).toMatch(/userns,/);
    expect(result.stderr).toMatch(/sudo apparmor_parser -r \/etc\/apparmor\.d\/iam-dsn-electron/);
    expect(result.stderr).toMatch(/kernel\.apparmor_restrict_unprivileged_userns=0/);
    expect(result.stderr).not.toMatch(/exited on signal/);
  });

  it.skipIf(process.platform === 'win32')('an ordinary failure is passed on without the sandbox remedy', () => {
    const electron = fakeElectron('electron-fails', 'echo "something else went wrong" >&2; exit 3');
    const result = runStart({ IAMDSN_ELECTRON_PATH: electron, IAMDSN_SKIP_BUILD: '1' });
    expect(result.status).toBe(3);
    expect(result.stderr).toBe('something else went wrong\n');
  });
});
