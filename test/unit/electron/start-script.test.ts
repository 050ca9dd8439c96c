import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const startScript = join(repoRoot, 'build', 'start.mjs');
const electronBinaryMissing = (() => {
  try {
    readFileSync(join(repoRoot, 'node_modules', 'electron', 'path.txt'));
    return false;
  } catch {
    return true;
  }
})();

function runStart(env: Record<string, string | undefined>) {
  const childEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
  return spawnSync(process.execPath, [startScript, '--fake-flag'], { cwd: repoRoot, env: childEnv, encoding: 'utf8', timeout: 60_000 });
}

const scratch = mkdtempSync(join(tmpdir(), 'iamdsn-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm start (build/start.mjs)', () => {
  it.runIf(electronBinaryMissing)('without the Electron binary, explains how to get it and exits 1', () => {
    const result = runStart({ IAMDSN_ELECTRON_PATH: undefined, ELECTRON_OVERRIDE_DIST_PATH: undefined });
    expect(result.status).toBe(1);
    const message = result.stderr;
    expect(message).toMatch(/Electron binary was not downloaded/);
    expect(message).toMatch(/network access/);
    expect(message).toMatch(/allowScripts/);
    expect(message).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
    expect(message).toMatch(/npm rebuild electron/);
    expect(message).toMatch(/node node_modules\/electron\/install\.js/);
    expect(message).toMatch(/Node\.js 22\.12/);
    // It did not try a download (that is what require('electron') would do).
    expect(result.stdout).not.toMatch(/Downloading Electron/);
  });

  it('with IAMDSN_ELECTRON_PATH pointing nowhere, fails the same clear way', () => {
    const result = runStart({ IAMDSN_ELECTRON_PATH: join(scratch, 'no-such-electron') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/IAMDSN_ELECTRON_PATH points to .*no-such-electron/);
    expect(result.stderr).toMatch(/npm rebuild electron/);
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
});
