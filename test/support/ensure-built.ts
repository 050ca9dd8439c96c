/**
 * Makes sure out/ holds a build before a test reads it. `npm test` builds first; a test run on
 * its own builds once here, with a lock directory so parallel test files do not build twice.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const outputs = [join(repoRoot, 'out', 'main', 'index.js'), join(repoRoot, 'out', 'preload', 'index.cjs'), join(repoRoot, 'out', 'renderer', 'index.html')];
const lock = join(repoRoot, 'out', '.test-build-lock');

/** Builds with electron-vite unless every bundle is there; waits while another test builds. */
export async function ensureBuilt(timeoutMs = 170_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!outputs.every((file) => existsSync(file))) {
    mkdirSync(join(repoRoot, 'out'), { recursive: true });
    let owner = false;
    try {
      mkdirSync(lock);
      owner = true;
    } catch {
      // another test file is building
    }
    if (owner) {
      try {
        const cli = join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
        const result = spawnSync(process.execPath, [cli, 'build', '--config', 'build/electron.vite.config.ts'], { cwd: repoRoot, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      return;
    }
    if (Date.now() > deadline) throw new Error('Timed out waiting for another test to build out/');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
