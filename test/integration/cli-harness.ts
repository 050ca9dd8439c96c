/**
 * Runs the BUILT `iam-dsn` (out/cli/iam-dsn.js) as a real process: builds it first when it is
 * missing or older than its sources, gives it a clean environment (temp HOME, empty AWS files,
 * no IMDS, no inherited AWS_* or PG* variables), and, for prompts, a pseudo-terminal (python pty).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOnce } from '../support/ensure-built';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI. */
export const CLI_BUNDLE = join(repoRoot, 'out', 'cli', 'iam-dsn.js');

const SOURCE_DIRS = ['electron/cli', 'electron/main', 'shared'].map((d) => join(repoRoot, d));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  if (!existsSync(CLI_BUNDLE)) return false;
  const built = statSync(CLI_BUNDLE).mtimeMs;
  return SOURCE_DIRS.every((dir) => newestSource(dir) <= built) && statSync(join(repoRoot, 'build', 'cli.vite.config.ts')).mtimeMs <= built;
}

/** Builds out/cli/iam-dsn.js with the CLI's vite config unless it is there and newer than its sources. */
export function ensureCliBuilt(timeoutMs = 170_000): Promise<void> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  return buildOnce({ what: 'out/cli', lockName: '.cli-build-lock', isFresh, args: [vite, 'build', '--config', 'build/cli.vite.config.ts'] }, timeoutMs);
}

/** A sandbox home: HOME, XDG_CONFIG_HOME and empty AWS shared files inside `dir`. */
export interface CliHome {
  dir: string;
  configHome: string;
  awsConfigFile: string;
  awsCredentialsFile: string;
}

/** Creates the sandbox home in `dir` with empty AWS config and credentials files. */
export function makeCliHome(dir: string): CliHome {
  mkdirSync(join(dir, '.config'), { recursive: true });
  const home: CliHome = { dir, configHome: join(dir, '.config'), awsConfigFile: join(dir, 'aws-config'), awsCredentialsFile: join(dir, 'aws-credentials') };
  writeFileSync(home.awsConfigFile, '', { mode: 0o600 });
  writeFileSync(home.awsCredentialsFile, '', { mode: 0o600 });
  return home;
}

/** Where STS calls go when a DSN names no STS endpoint: a dead loopback port, so that nothing reaches AWS. */
export const STS_GUARD_URL = 'http://127.0.0.1:9';

/** The child's whole environment: nothing inherited but PATH (no AWS_*, PG*, proxies); STS pinned to loopback. */
export function cliEnv(home: CliHome, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home.dir,
    XDG_CONFIG_HOME: home.configHome,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: home.awsConfigFile,
    AWS_SHARED_CREDENTIALS_FILE: home.awsCredentialsFile,
    AWS_ENDPOINT_URL_STS: STS_GUARD_URL,
    LANG: 'C.UTF-8',
    ...extra,
  };
}

/** How a run ended. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node out/cli/iam-dsn.js …args` without a terminal (stdin closed), asynchronously, in `cwd` (default the repository). */
export function runIamDsn(args: readonly string[], env: Record<string, string>, timeoutMs = 60_000, cwd = repoRoot): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** One step of a terminal session: wait until the terminal shows `expect`, then type `send`. */
export interface TtyStep {
  expect: string;
  send: string;
}

/** A run on a pseudo-terminal: what the terminal showed (stderr, echo), and stdout captured apart. */
export interface TtyRun {
  status: number | null;
  terminal: string;
  stdout: string;
}

const PTY_DRIVER = `
import json, os, pty, select, sys, time
argv, steps, stdout_path, timeout = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    out = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.execv(argv[0], argv)
seen = b''
pos = 0
step = 0
deadline = time.time() + timeout
while time.time() < deadline:
    if step < len(steps):
        idx = seen.find(steps[step][0].encode(), pos)
        if idx >= 0:
            pos = idx + len(steps[step][0].encode())
            time.sleep(0.05)
            os.write(fd, steps[step][1].encode())
            step += 1
            continue
    r, _, _ = select.select([fd], [], [], 0.1)
    if fd in r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "terminal": seen.decode("utf-8", "replace")}))
`;

/**
 * Runs the CLI with stdin and stderr on a pseudo-terminal and stdout to a file (like
 * `PGPASSWORD=$(iam-dsn token prod)` in an interactive shell), typing `steps` as prompts appear.
 * `python` is the absolute path of a python3 (its pty module drives the terminal).
 */
export function runIamDsnOnTty(python: string, args: readonly string[], env: Record<string, string>, steps: TtyStep[], scratchDir: string, timeoutSeconds = 60): Promise<TtyRun> {
  const stdoutPath = join(scratchDir, `tty-stdout-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const spec = JSON.stringify([[process.execPath, CLI_BUNDLE, ...args], steps.map((s) => [s.expect, s.send]), stdoutPath, timeoutSeconds]);
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', PTY_DRIVER, spec], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const parsed = JSON.parse(out) as { status: number | null; terminal: string };
        const stdout = existsSync(stdoutPath) ? readFileSync(stdoutPath, 'utf8') : '';
        rmSync(stdoutPath, { force: true });
        resolve({ ...parsed, stdout });
      } catch {
        reject(new Error(`pty driver failed: ${err}`));
      }
    });
  });
}
