/**
 * Memory of the main-process services over 1,000 sequential Test connections of the scram user:
 * a child process (`node --expose-gc bench/run.mjs --child memory`) wires the services as the app
 * does and reports heapUsed after a full GC at 0, 100, 1,000 and 1,500 tests.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemoryInput, MemoryOutput } from './child';
import type { Report } from './report';
import { RUN_SCRIPT, repoRoot, type BenchSetup } from './setup';
import { fmtMb, fmtMs } from './stats';

/** 0, 100 and 1,000 as asked; 1,500 tells a leak (still growing) from warm-up (flat after 1,000). */
const CHECKPOINTS = [0, 100, 1000, 1500];

function runChild(input: MemoryInput, env: Record<string, string>): Promise<MemoryOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', RUN_SCRIPT, '--child', 'memory'], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, 240_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (status !== 0 || line === '') {
        reject(new Error(`the memory child exited ${String(status)}`));
        return;
      }
      resolve(JSON.parse(line) as MemoryOutput);
    });
    child.stdin.end(`${JSON.stringify(input)}\n`);
  });
}

export interface MemoryFigures {
  growth100to1000: number;
  growth1000to1500: number;
}

export async function benchMemory(setup: BenchSetup, report: Report): Promise<MemoryFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'iamdsn-bench-mem-'));
  try {
    // The child sees what this process sees (hardened AWS_* variables, the bench's AWS files).
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    const out = await runChild({ dir, dsn: { ...setup.dbDsn, password: setup.fixture.dbPassword }, checkpoints: CHECKPOINTS }, env);
    const at = (n: number): number => out.points.find((p) => p.at === n)?.heapUsed ?? Number.NaN;
    const rssAt = (n: number): number => out.points.find((p) => p.at === n)?.rss ?? Number.NaN;
    const sec = 'Memory: main-process services, sequential tests (scram user)';
    const failed = out.failures > 0 ? ` · ${out.failures} FAILED (${out.firstFailure ?? '?'})` : '';
    for (const n of CHECKPOINTS) report.add(sec, `heapUsed after GC at ${n.toLocaleString('en-US')} tests`, fmtMb(at(n)), '', `rss ${fmtMb(rssAt(n))}`);
    const growth = at(1000) - at(100);
    report.add(sec, 'growth 100 → 1,000 tests', fmtMb(growth, true), '', `${(growth / 900).toFixed(0)} bytes per test; 0 → 1,000: ${fmtMb(at(1000) - at(0), true)}`);
    const late = at(1500) - at(1000);
    report.add(sec, 'growth 1,000 → 1,500 tests', fmtMb(late, true), '', `${(late / 500).toFixed(0)} bytes per test: ~0 means warm-up (JIT, caches), not a leak`);
    report.add(sec, 'test connection during the run', fmtMs(out.medianTestMs), Math.max(...CHECKPOINTS), `median, node --expose-gc child${failed}`);
    return { growth100to1000: growth, growth1000to1500: late };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
