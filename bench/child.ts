/**
 * The bench's helper processes, run as `node [--expose-gc] bench/run.mjs --child NAME` with a JSON
 * line on stdin:
 * - `sts`: the loopback STS emulator (test/fixture/sts-emulator.ts) for the fixture's key; prints
 *   `{"url"}` and runs until stdin closes, so its work is not counted in the measured process;
 * - `memory`: the main-process services, `iterations` sequential Test connections, and heapUsed
 *   after a full GC at the checkpoints; prints the result as one JSON line.
 */
import { createInterface } from 'node:readline';
import { startStsEmulator } from '../test/fixture/sts-emulator';
import type { StsCallerKey } from '../test/fixture/sts-emulator-types';
import type { DsnInput } from '../shared/dsn';
import { createBenchServices, testOnce } from './app-services';
import { median } from './stats';

function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve, reject) => {
    lines.once('line', (line) => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => reject(new Error('no input')));
  });
}

async function runSts(input: { keys: StsCallerKey[] }): Promise<number> {
  const sts = await startStsEmulator({ keys: input.keys });
  process.stdout.write(`${JSON.stringify({ url: sts.url })}\n`);
  // Runs until the parent closes our stdin (or goes away).
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.on('close', resolve);
    process.stdin.resume();
  });
  await sts.stop();
  return 0;
}

/** What the memory probe is asked to do. */
export interface MemoryInput {
  dir: string;
  dsn: DsnInput;
  checkpoints: number[];
}

/** One checkpoint: heap after a full GC once `at` tests have run. */
export interface MemoryPoint {
  at: number;
  heapUsed: number;
  rss: number;
  external: number;
}

export interface MemoryOutput {
  points: MemoryPoint[];
  failures: number;
  firstFailure?: string | undefined;
  medianTestMs: number;
}

async function settledMemory(at: number): Promise<MemoryPoint> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  // Polite closes of the last connection finish in the background; let them, then collect twice.
  await new Promise((resolve) => setTimeout(resolve, 300));
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const m = process.memoryUsage();
  return { at, heapUsed: m.heapUsed, rss: m.rss, external: m.external };
}

async function runMemory(input: MemoryInput): Promise<number> {
  const app = createBenchServices(input.dir);
  const last = Math.max(...input.checkpoints);
  const points: MemoryPoint[] = [];
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  if (input.checkpoints.includes(0)) points.push(await settledMemory(0));
  for (let i = 1; i <= last; i++) {
    const run = await testOnce(app, input.dsn);
    times.push(run.ms);
    if (run.failure !== '') {
      failures++;
      firstFailure ??= run.failure;
    }
    if (input.checkpoints.includes(i)) points.push(await settledMemory(i));
  }
  const out: MemoryOutput = { points, failures, firstFailure, medianTestMs: median(times) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

/** Entry of `bench/run.mjs --child NAME`. */
export async function childMain(argv: string[]): Promise<number> {
  const name = argv[0];
  const input: unknown = JSON.parse(await firstLine());
  if (name === 'sts') return runSts(input as { keys: StsCallerKey[] });
  if (name === 'memory') return runMemory(input as MemoryInput);
  process.stderr.write(`bench child: unknown child ${String(name)}\n`);
  return 2;
}
