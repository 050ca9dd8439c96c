/** Small statistics and timing helpers: medians, quartiles, alternated rounds, formatting. */
import { performance } from 'node:perf_hooks';

/** The q-quantile (0..1) of `values` by linear interpolation; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Samples of one measured thing (milliseconds unless said otherwise) and how many runs failed. */
export interface Samples {
  values: number[];
  failures: number;
  /** The first failure's short description, for the table. */
  firstFailure?: string | undefined;
}

export function newSamples(): Samples {
  return { values: [], failures: 0 };
}

/** One variant of an alternated comparison: runs once, returns ms, or a failure text. */
export interface Variant {
  key: string;
  run: () => Promise<number | string>;
}

/**
 * Runs every variant once per round, `rounds` times, rotating which goes first each round so that
 * no variant always follows the same one (load from other processes hits all of them alike).
 * `warmup` untimed rounds come first. Returns the samples by key.
 */
export async function alternate(variants: readonly Variant[], rounds: number, warmup = 1, onlyFirstRounds: Record<string, number> = {}): Promise<Map<string, Samples>> {
  const out = new Map<string, Samples>(variants.map((v) => [v.key, newSamples()]));
  for (let round = -warmup; round < rounds; round++) {
    const start = ((round % variants.length) + variants.length) % variants.length;
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(start + i) % variants.length];
      if (variant === undefined) continue;
      const limit = onlyFirstRounds[variant.key];
      if (limit !== undefined && round >= limit) continue;
      const result = await variant.run();
      if (round < 0) continue;
      const samples = out.get(variant.key);
      if (samples === undefined) continue;
      if (typeof result === 'number') samples.values.push(result);
      else {
        samples.failures++;
        samples.firstFailure ??= result;
      }
    }
  }
  return out;
}

/** Milliseconds `fn` takes (performance.now()). */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** `12.3 ms`, `456 ms`, `1.23 s`, or `45.6 µs` for small values. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (Math.abs(ms) < 0.1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}

/** `median (p25–p75)` of samples in ms. */
export function fmtSpread(values: readonly number[]): string {
  if (values.length === 0) return '—';
  return `${fmtMs(median(values))} (${fmtMs(quantile(values, 0.25))}–${fmtMs(quantile(values, 0.75))})`;
}

/** `1.23×`. */
export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '—';
}

/** `123.4 kB` (1 kB = 1000 bytes). */
export function fmtKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** `+1.23 MB` / `-0.50 MB` (1 MB = 2^20 bytes). */
export function fmtMb(bytes: number, signed = false): string {
  const mb = bytes / 1048576;
  return `${signed && mb >= 0 ? '+' : ''}${mb.toFixed(2)} MB`;
}
