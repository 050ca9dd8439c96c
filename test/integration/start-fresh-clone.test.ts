/**
 * The README's run line on a fresh clone, as a new user runs it: a copy of this checkout (every
 * tracked and not-ignored file, as `git clone` of the working tree would give) with no
 * node_modules, then exactly the line under "## Run it" — `npm install && npm start` — on the
 * machine's own Node and npm (from the npm cache: npm_config_prefer_offline). The network is a
 * loopback stand-in for Electron's download site (ELECTRON_MIRROR) that serves a zip holding a
 * stand-in `electron` (a shell script that records how it was started and exits 7) and its
 * SHASUMS256.txt; everything between them is real: electron's installer, @electron/get with
 * remote checksums, the zip extraction, the build and the launch.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../support/require-tool';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
const ZIP_NAME = `electron-v${ELECTRON_VERSION}-linux-x64.zip`;
const EXIT_CODE = 7;

/** The code block right under README's "## Run it". */
function readmeRunLine(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const match = /^## Run it\n+```sh\n([^\n]+)\n```/m.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no ```sh block under "## Run it"');
  return match[1];
}

/** Copies the checkout's tracked and untracked-but-not-ignored files (a clone of the working tree). */
function cloneWorkingTree(to: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter((name) => name !== '')) {
    const from = join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(from, join(to, file));
  }
}

/** The mirror's zip: a stand-in `electron` recording argv, cwd, whether the main bundle was built and the dev server's URL. */
function makeElectronZip(dir: string, record: string): Buffer {
  const script = [
    '#!/bin/sh',
    `{ printf 'arg=%s\\n' "$@"; printf 'cwd=%s\\n' "$(pwd)"; if [ -f out/main/index.js ]; then echo built=yes; else echo built=no; fi; printf 'renderer=%s\\n' "$ELECTRON_RENDERER_URL"; } > '${record}'`,
    `exit ${EXIT_CODE}`,
  ].join('\n');
  const zip = join(dir, ZIP_NAME);
  const python = [
    'import sys, zipfile',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '    for name, text, mode in (("electron", sys.argv[2], 0o755), ("version", sys.argv[3], 0o644)):',
    '        info = zipfile.ZipInfo(name); info.external_attr = (0o100000 | mode) << 16; info.create_system = 3',
    '        z.writestr(info, text)',
  ].join('\n');
  const made = spawnSync('/usr/bin/python3', ['-c', python, zip, `${script}\n`, ELECTRON_VERSION], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`could not make the zip: ${made.stderr}`);
  return readFileSync(zip);
}

interface Mirror {
  server: Server;
  url: string;
  requests: string[];
}

/** A loopback stand-in for Electron's releases: the zip and SHASUMS256.txt under v<version>/. */
async function startMirror(zip: Buffer): Promise<Mirror> {
  const sha = createHash('sha256').update(zip).digest('hex');
  const files = new Map<string, Buffer>([
    [`/v${ELECTRON_VERSION}/${ZIP_NAME}`, zip],
    [`/v${ELECTRON_VERSION}/SHASUMS256.txt`, Buffer.from(`${sha} *${ZIP_NAME}\n`)],
  ]);
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const body = files.get(request.url ?? '');
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' }).end(body ?? 'not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

interface Ran {
  status: number | null;
  output: string;
}

/** Runs the line with `sh -c` in the clone, output kept (npm's and the app's, interleaved). */
function runLine(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn('sh', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (status) => resolve({ status, output }));
  });
}

/**
 * A new user's environment: no npm_* from the `npm test` running us, the machine's own Node first
 * (not the Node 22 scripts/node22.mjs put on PATH for the tests), no download switch.
 */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && !/^ELECTRON_/.test(name) && !/^electron_/.test(name)));
  const fetchedNode = join(repoRoot, 'node_modules', '.cache', 'node22');
  env.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.startsWith(fetchedNode) && !dir.includes(`${join('node_modules', '.bin')}`))
    .join(delimiter);
  return { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', ...extra };
}

const canRun = requireTool('python3', 'start-fresh-clone: the README run line on a fresh clone (python3 makes the zip)');

describe.skipIf(!canRun || process.platform !== 'linux')('`npm install && npm start` on a fresh clone', { timeout: 600_000 }, () => {
  let scratch: string;
  let clone: string;
  let record: string;
  let mirror: Mirror;
  const line = readmeRunLine();

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'iamdsn-fresh-clone-'));
    clone = join(scratch, 'iam-dsn-manager');
    record = join(scratch, 'electron-ran.txt');
    cloneWorkingTree(clone);
    mirror = await startMirror(makeElectronZip(scratch, record));
  });

  afterAll(async () => {
    await new Promise((resolve) => mirror?.server.close(resolve));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('the README says exactly this', () => {
    expect(line).toBe('npm install && npm start');
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD=1 and no binary: downloads nothing, says how to get it, exits 1', async () => {
    const ran = await runLine(line, clone, userEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: mirror.url }));
    expect(ran.status, ran.output).toBe(1);
    expect(ran.output).toContain(`Electron ${ELECTRON_VERSION}'s binary is not installed yet`);
    expect(ran.output).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set, so npm start does not download it/);
    expect(ran.output).toMatch(/unset ELECTRON_SKIP_BINARY_DOWNLOAD and run npm start again/);
    expect(ran.output).toMatch(/npx install-electron/);
    expect(mirror.requests).toEqual([]);
    expect(existsSync(join(clone, 'node_modules', 'electron', 'path.txt'))).toBe(false);
    expect(existsSync(record)).toBe(false);
  });

  it("installs Electron through electron's installer from the mirror, launches it on the built main, passes its exit code on", async () => {
    const ran = await runLine(
      line,
      clone,
      userEnv({ ELECTRON_MIRROR: mirror.url, electron_use_remote_checksums: '1', electron_config_cache: join(scratch, 'electron-cache'), ELECTRON_GET_NO_PROGRESS: '1' }),
    );
    expect(ran.status, ran.output).toBe(EXIT_CODE);
    expect(ran.output).toMatch(/downloading it with electron's installer/);
    // The installer asked the mirror for the zip and, remote checksums on, for SHASUMS256.txt.
    expect(mirror.requests).toEqual(expect.arrayContaining([`/v${ELECTRON_VERSION}/${ZIP_NAME}`, `/v${ELECTRON_VERSION}/SHASUMS256.txt`]));
    const electronDir = join(clone, 'node_modules', 'electron');
    expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(statSync(join(electronDir, 'dist', 'electron')).mode & 0o111).not.toBe(0);
    // The stand-in ran as `electron .` in the clone, after the build wrote out/main/index.js.
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual(['arg=.', `cwd=${clone}`, 'built=yes', 'renderer=']);
    expect(existsSync(join(clone, 'out', 'main', 'index.js'))).toBe(true);
  });

  it('the next npm start finds the binary and downloads nothing', async () => {
    const before = mirror.requests.length;
    writeFileSync(record, '');
    const ran = await runLine('npm start', clone, userEnv({ ELECTRON_MIRROR: mirror.url, IAMDSN_SKIP_BUILD: '1' }));
    expect(ran.status, ran.output).toBe(EXIT_CODE);
    expect(ran.output).not.toMatch(/downloading/);
    expect(mirror.requests).toHaveLength(before);
    expect(readFileSync(record, 'utf8')).toContain('arg=.');
  });

  it('npm run dev starts the same Electron on the dev server and passes its exit code on', async () => {
    writeFileSync(record, '');
    const ran = await runLine('npm run dev', clone, userEnv({ ELECTRON_MIRROR: mirror.url }));
    expect(ran.status, ran.output).toBe(EXIT_CODE);
    const seen = readFileSync(record, 'utf8').trim().split('\n');
    expect(seen.slice(0, 3)).toEqual(['arg=.', `cwd=${clone}`, 'built=yes']);
    expect(seen[3]).toMatch(/^renderer=http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+\/?$/);
  });
});
