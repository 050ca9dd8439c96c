/**
 * Bundles a TypeScript entry of this repository and everything it imports (DsnStore, Conf, zod…)
 * into one self-contained ESM file for a child `node` process: for tests whose subject must run in
 * another process (killed with -9, or run as another user).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles `entry` (a path from the repository root) to `out`; answers `out`. */
export async function bundleForNode(entry: string, out: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, ssr: join(repoRoot, entry), minify: false, rolldownOptions: { output: { format: 'es', codeSplitting: false } } },
    ssr: { noExternal: true, target: 'node' },
  });
  const first = Array.isArray(output) ? output[0] : output;
  if (first === undefined || !('output' in first)) throw new Error(`bundling ${entry} failed`);
  const chunk = first.output.find((o) => o.type === 'chunk');
  if (chunk === undefined || chunk.type !== 'chunk') throw new Error(`the bundle of ${entry} has no chunk`);
  writeFileSync(out, chunk.code);
  return out;
}
