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

/** One build a test may need: when it is fresh, and the node script that makes it. */
export interface BuildStep {
  /** What is built, for messages ("out/", "out/cli"). */
  what: string;
  /** The lock directory's name under out/. */
  lockName: string;
  isFresh: () => boolean;
  /** The arguments of `node` (a bin script of node_modules and its options). */
  args: string[];
}

/** Runs `step` unless it is fresh; waits while another test file runs it. */
export async function buildOnce(step: BuildStep, timeoutMs = 170_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const lock = join(repoRoot, 'out', step.lockName);
  while (!step.isFresh()) {
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
        const result = spawnSync(process.execPath, step.args, { cwd: repoRoot, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`Building ${step.what} failed:\n${result.stdout}\n${result.stderr}`);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      return;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another test to build ${step.what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const outputs = [join(repoRoot, 'out', 'main', 'index.js'), join(repoRoot, 'out', 'preload', 'index.cjs'), join(repoRoot, 'out', 'renderer', 'index.html')];

/** Builds with electron-vite unless every bundle is there; waits while another test builds. */
export function ensureBuilt(timeoutMs = 170_000): Promise<void> {
  return buildOnce(
    {
      what: 'out/',
      lockName: '.test-build-lock',
      isFresh: () => outputs.every((file) => existsSync(file)),
      args: [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--config', 'build/electron.vite.config.ts'],
    },
    timeoutMs,
  );
}
