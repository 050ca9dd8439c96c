#!/usr/bin/env node
/**
 * `npm run bench [-- --rounds N --build]`: loads bench/main.ts with Vite's module runner
 * (`runnerImport`, as scripts/sandbox.mjs does: TypeScript without a build step) and runs it.
 * `node bench/run.mjs --child NAME` runs one of the bench's helper processes (bench/child.ts):
 * the STS emulator kept out of the measured process, or the memory probe (under --expose-gc).
 */
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const child = argv[0] === '--child';
const entry = fileURLToPath(new URL(child ? './child.ts' : './main.ts', import.meta.url));

let status = 1;
try {
  const { module } = await runnerImport(entry, { root: repoRoot, logLevel: 'error' });
  status = child ? await module.childMain(argv.slice(1)) : await module.main(argv);
} catch (error) {
  console.error(`npm run bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
// Exit hooks (the fixture's and the bench's) remove anything still left.
process.exit(status);
