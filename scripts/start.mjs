#!/usr/bin/env node
/**
 * `npm start` (build, then run the app in Electron) and `npm run dev` (`--dev`: electron-vite's
 * dev server with hot reload). Electron 45's npm package ships no binary and no install script:
 * when the binary is missing, this runs electron's own installer (node_modules/electron/install.js,
 * which downloads it with @electron/get: ELECTRON_MIRROR, electron_config_cache and the checksum
 * settings apply) on a Node ≥ 22.12 (fetched by scripts/node22.mjs where the machine's is older),
 * unless ELECTRON_SKIP_BINARY_DOWNLOAD is set: then it says how to get the binary and exits 1.
 * Electron's exit code is passed on; a Chromium sandbox abort (Ubuntu 23.10+ AppArmor) is named,
 * with its remedy.
 *
 * Environment:
 * - IAMDSN_ELECTRON_PATH: use this Electron executable instead of node_modules/electron's.
 * - IAMDSN_SKIP_BUILD=1: run what is already in out/ without building (npm start only).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeAtFloorOrExit } from './node22.mjs';
import { sandboxAbortRemedy, SandboxAbortWatch } from './start-sandbox-abort.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const configFile = join('build', 'electron.vite.config.ts');
const require = createRequire(join(repoRoot, 'package.json'));

/** electron's own installer and the package it belongs to, or undefined when npm install has not run. */
function electronPackage() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    return { dir, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version, installer: join(dir, 'install.js') };
  } catch {
    return undefined;
  }
}

/**
 * Finds the Electron executable the way node_modules/electron/index.js does (path.txt names it
 * under dist/), without that file's side effect of downloading when it is missing.
 * @returns {{ path: string } | { missing: string }}
 */
function findElectron(pkg) {
  const override = process.env.IAMDSN_ELECTRON_PATH;
  if (override) return existsSync(override) ? { path: override } : { missing: `IAMDSN_ELECTRON_PATH points to ${override}, which does not exist.` };
  const pathFile = join(pkg.dir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `Electron ${pkg.version}'s binary is not installed yet (${pathFile} does not exist).` };
  const executable = readFileSync(pathFile, 'utf8').trim();
  const fullPath = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg.dir, 'dist'), executable);
  return existsSync(fullPath) ? { path: fullPath } : { missing: `Electron ${pkg.version}'s binary is not installed (${fullPath} does not exist).` };
}

const skipDownload = () => Boolean(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD);

function failWithoutBinary(what, pkg) {
  const lines = ['', 'IAM DSN Manager cannot start: no Electron binary.', `  ${what}`, ''];
  if (process.env.IAMDSN_ELECTRON_PATH) {
    lines.push('Point IAMDSN_ELECTRON_PATH at an Electron 45 executable, or unset it to use (and if need be download) node_modules/electron\'s.');
  } else {
    lines.push(
      'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so npm start does not download it. To get it, either:',
      '  - unset ELECTRON_SKIP_BINARY_DOWNLOAD and run npm start again: it runs electron\'s installer,',
      `    which downloads Electron ${pkg.version} (about 100 MB, from GitHub or the ELECTRON_MIRROR you set), or`,
      '  - run the installer yourself (Node 22.12 or newer):  npx install-electron',
      'or point IAMDSN_ELECTRON_PATH at an Electron 45 executable.',
    );
  }
  console.error([...lines, ''].join('\n'));
  process.exit(1);
}

/** Runs electron's installer; exits with an explanation when it fails. */
function installElectron(pkg) {
  console.error(`Electron ${pkg.version}'s binary is not installed yet: downloading it with electron's installer (${pkg.installer})…`);
  const node = nodeAtFloorOrExit();
  const result = spawnSync(node, [pkg.installer], { cwd: repoRoot, stdio: 'inherit' });
  const electron = result.status === 0 ? findElectron(pkg) : undefined;
  if (electron && 'path' in electron) return electron.path;
  console.error(
    [
      '',
      `IAM DSN Manager cannot start: electron's installer did not install Electron ${pkg.version} (exit ${result.status ?? result.signal}).`,
      'It downloads from GitHub unless ELECTRON_MIRROR names a mirror; check network access (and HTTPS_PROXY with',
      'ELECTRON_GET_USE_PROXY=1 behind a proxy), then run npm start again.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

/**
 * Runs a command (Electron, or electron-vite starting `electronPath`) with our stdin/stdout and a
 * watched copy of stderr; resolves with the exit status to pass on (128 + the signal's number
 * when a signal ended it).
 */
function runWatched(command, args, env, electronPath) {
  return new Promise((resolve) => {
    const watch = new SandboxAbortWatch();
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['inherit', 'inherit', 'pipe'], env });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      watch.see(chunk);
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      });
    }
    child.on('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      if (watch.aborted(signal)) console.error(sandboxAbortRemedy(electronPath));
      else if (code === null) console.error(`Electron exited on signal ${signal}.`);
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

async function main() {
  const dev = process.argv[2] === '--dev';
  const args = process.argv.slice(dev ? 3 : 2);

  const pkg = electronPackage();
  if (!pkg) {
    console.error('IAM DSN Manager cannot start: the electron package is not installed (node_modules/electron is missing). Run npm install first.');
    process.exit(1);
  }
  const found = findElectron(pkg);
  let electronPath;
  if ('path' in found) electronPath = found.path;
  else if (process.env.IAMDSN_ELECTRON_PATH || skipDownload()) failWithoutBinary(found.missing, pkg);
  else electronPath = installElectron(pkg);

  // ELECTRON_RUN_AS_NODE (set by some editors' terminals) would make Electron a plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');

  if (dev) {
    // electron-vite builds main and preload, serves the renderer, and starts this Electron.
    process.exit(await runWatched(process.execPath, [electronVite, 'dev', '--config', configFile, ...args], { ...env, ELECTRON_EXEC_PATH: electronPath }, electronPath));
  }
  if (process.env.IAMDSN_SKIP_BUILD !== '1') {
    const built = spawnSync(process.execPath, [electronVite, 'build', '--config', configFile], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) {
      console.error(`The build failed (exit code ${built.status ?? built.signal}); not starting the app.`);
      process.exit(built.status || 1);
    }
  }
  // '.' makes Electron read package.json's "main" (out/main/index.js).
  process.exit(await runWatched(electronPath, ['.', ...args], env, electronPath));
}

await main();
