/** Runs a program as a whole process and times it from spawn to exit (its output collected). */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ProcRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `file args` (no shell, stdin closed) with exactly `env`; kills it after `timeoutMs`. */
export function runTimed(file: string, args: readonly string[], env: Record<string, string>, cwd: string, timeoutMs = 60_000): Promise<ProcRun> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      const ms = performance.now() - t;
      clearTimeout(timer);
      resolve({ ms, status, stdout, stderr });
    });
  });
}

/** A run's ms when it exited 0, else a short failure text (for {@link alternate}). */
export async function procMs(file: string, args: readonly string[], env: Record<string, string>, cwd: string): Promise<number | string> {
  const run = await runTimed(file, args, env, cwd);
  if (run.status === 0) return run.ms;
  const why = run.stderr.trim().split('\n').pop() ?? '';
  return `exit ${String(run.status)}: ${why.slice(0, 120)}`;
}

/** POSIX single quotes. */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Wall ms and the CPU ms (user + system, from bash's `times`) of one run of `file args`. */
export interface CpuRun {
  wallMs: number;
  cpuMs: number;
  status: number | null;
}

const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

/** Runs `file args` under bash and reads its CPU time from `times` (the children's line). */
export async function runWithCpu(file: string, args: readonly string[], env: Record<string, string>, cwd: string): Promise<CpuRun> {
  const script = '"$@" >/dev/null 2>&1; s=$?; times; exit $s';
  const run = await runTimed('bash', ['-c', script, 'bash', file, ...args], env, cwd);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  const m = TIMES_LINE.exec(last.trim());
  const cpuMs = m === null ? Number.NaN : (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
  return { wallMs: run.ms, cpuMs, status: run.status };
}
