/**
 * Runs `npm run sandbox` (scripts/sandbox.mjs) for tests as a real process with --json, and the
 * commands it prints as a new user's shell would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import type { SandboxFacts } from '../../scripts/sandbox-text';
import { repoRoot } from './cli-harness';

/** The launcher `npm run sandbox` runs. */
export const LAUNCHER = join(repoRoot, 'scripts', 'sandbox.mjs');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningSandbox {
  child: ChildProcess;
  facts: SandboxFacts;
  stderr: () => string;
  /** Resolves once the process has exited and every holder of its output pipes (npm's child too) is gone. */
  closed: Promise<Exit>;
  isClosed: () => boolean;
}

const started: RunningSandbox[] = [];

/** The sandbox's environment: ours without AWS_* (a developer's AWS setup must not matter). */
export function sandboxEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return { ...env, ...extra };
}

/** Starts `command args… --json` and resolves with the facts line. */
export function startSandbox(command: string, args: string[], env: NodeJS.ProcessEnv = sandboxEnv()): Promise<RunningSandbox> {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let done = false;
  const closed = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  void closed.then(() => (done = true));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM'); // its own process group (detached)
      reject(new Error(`sandbox not ready after 120 s:\n${stderr}`));
    }, 120_000);
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined || !stdout.includes('\n')) return;
      clearTimeout(timer);
      const sandbox = { child, facts: JSON.parse(line) as SandboxFacts, stderr: () => stderr, closed, isClosed: () => done };
      started.push(sandbox);
      resolve(sandbox);
    });
    void closed.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited before ready (${JSON.stringify(exit)}):\n${stderr}`));
    });
  });
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs a printed shell command as a new user's shell would: clean env (a new HOME in `scratch`) + the printed exports, nothing else. */
export function shell(command: string, facts: SandboxFacts, scratch: string): Promise<Ran> {
  const home = mkdtempSync(join(scratch, 'home-'));
  return run('bash', ['-c', command], { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', ...facts.env });
}

export function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** SIGTERM to every sandbox still running (a test that failed before stopping its own), then waits for them. */
export async function stopLeftoverSandboxes(): Promise<void> {
  for (const sandbox of started) {
    // Not closed = the sandbox still holds its output pipes, so its pid is still its own.
    if (!sandbox.isClosed()) process.kill(sandbox.facts.pid, 'SIGTERM');
    await sandbox.closed;
  }
}
