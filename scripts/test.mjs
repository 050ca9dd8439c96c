#!/usr/bin/env node
/**
 * `npm test [-- VITEST ARGS…]`: everything the README promises from `npm install && npm test` on a
 * fresh Debian/Ubuntu machine. First the system packages (test/setup/install-system-deps.sh
 * installs what is missing as root, else names the command and stops), then a Node ≥ 22.12
 * (scripts/node22.mjs: this one, or the pinned one fetched from the npm registry), then — each on
 * that Node, first on PATH, so every `node` the tests spawn is it too — the type check, ESLint, the
 * production build, electronegativity and vitest. Stops at the first step that fails, with its code.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeAtFloorOrExit, runWithNode } from './node22.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const deps = spawnSync('bash', ['test/setup/install-system-deps.sh'], { cwd: repoRoot, stdio: 'inherit' });
if (deps.status !== 0) process.exit(deps.status ?? 1);

const node = nodeAtFloorOrExit();

// npm as `npm test` ran it (npm_execpath), run by the Node chosen above.
const npmCli = process.env.npm_execpath;
const npm = (script) => (npmCli ? [node, [npmCli, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]]);
const steps = [
  ['type check', ...npm('typecheck')],
  ['lint', ...npm('lint')],
  ['build', ...npm('build')],
  ['electronegativity', ...npm('test:electronegativity')],
  ['vitest', node, [fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), 'run', ...process.argv.slice(2)]],
];

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
for (const [name, command, args] of steps) {
  const started = Date.now();
  console.error(`\nnpm test: ${name} (Node ${version})`);
  const status = await runWithNode(node, command, args, { cwd: repoRoot });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (status !== 0) {
    console.error(`npm test: ${name} failed (exit ${status}) after ${seconds} s`);
    process.exit(status);
  }
  console.error(`npm test: ${name} ok (${seconds} s)`);
}
