#!/usr/bin/env node
/**
 * `npm start`: builds the app with electron-vite, then runs it in Electron, forwarding Electron's
 * exit code. When the Electron binary is missing (npm skipped its download), says so and how to
 * get it, and exits 1 instead of letting `require('electron')` try a download.
 *
 * Environment:
 * - IAMDSN_ELECTRON_PATH: use this Electron executable instead of node_modules/electron's.
 * - IAMDSN_SKIP_BUILD=1: run what is already in out/ without building.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const configFile = join('build', 'electron.vite.config.ts');
const require = createRequire(join(repoRoot, 'package.json'));

/**
 * Finds the Electron executable the way node_modules/electron/index.js does (path.txt names it
 * under dist/), without that file's side effect of starting a download when it is missing.
 * @returns {{ path: string } | { missing: string }}
 */
function findElectron() {
  const override = process.env.IAMDSN_ELECTRON_PATH;
  if (override) return existsSync(override) ? { path: override } : { missing: `IAMDSN_ELECTRON_PATH points to ${override}, which does not exist.` };

  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'The electron package is not installed (node_modules/electron is missing).' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `The Electron binary was not downloaded: ${pathFile} does not exist.` };
  const executable = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const fullPath = join(distDir, executable);
  return existsSync(fullPath) ? { path: fullPath } : { missing: `The Electron binary was not downloaded: ${fullPath} does not exist.` };
}

/** @returns {boolean} whether package.json's allowScripts lets electron's install script run */
function allowsElectronScripts() {
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    return Boolean(pkg.allowScripts && pkg.allowScripts.electron);
  } catch {
    return false;
  }
}

/** @param {string} what */
function explainMissing(what) {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const nodeOk = major > 22 || (major === 22 && minor >= 12);
  const lines = [
    '',
    'IAM DSN Manager cannot start: Electron is not installed.',
    `  ${what}`,
    '',
    'npm installed the electron package without its binary: its install script, which downloads',
    'Electron from the internet, did not run or could not download it.',
    '',
    'To get it:',
    '  1. Have network access to download Electron (or a mirror set with ELECTRON_MIRROR).',
    `  2. Use Node.js 22.12 or newer: Electron 45's installer requires it${nodeOk ? '' : ` (this is Node ${process.versions.node})`}.`,
    '  3. Unset ELECTRON_SKIP_BINARY_DOWNLOAD' + (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ' (it is set now).' : ' (it is not set now).'),
    `  4. Keep "electron" listed under "allowScripts" in package.json (${allowsElectronScripts() ? 'it is' : 'it is NOT now'}), so npm runs its install script.`,
    '  5. Then run:  npm rebuild electron',
    '     or:        node node_modules/electron/install.js',
    '',
    'Or point IAMDSN_ELECTRON_PATH at an Electron 45 executable.',
    '',
  ];
  console.error(lines.join('\n'));
}

/**
 * Runs a command to completion with inherited stdio.
 * @param {string} command
 * @param {string[]} args
 * @returns {number}
 */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    console.error(`Could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

function main() {
  const electron = findElectron();
  if ('missing' in electron) {
    explainMissing(electron.missing);
    process.exit(1);
  }

  if (process.env.IAMDSN_SKIP_BUILD !== '1') {
    const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
    const status = run(process.execPath, [electronVite, 'build', '--config', configFile]);
    if (status !== 0) {
      console.error(`The build failed (exit code ${status}); not starting the app.`);
      process.exit(status);
    }
  }

  // ELECTRON_RUN_AS_NODE (set by some editors' terminals) would make Electron a plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  // '.' makes Electron read package.json's "main" (out/main/index.js).
  const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Could not start Electron (${electron.path}): ${error.message}`);
    process.exit(1);
  });
  child.on('close', (code, signal) => {
    if (code === null) console.error(`Electron exited on signal ${signal}.`);
    process.exit(code ?? 1);
  });
}

main();
