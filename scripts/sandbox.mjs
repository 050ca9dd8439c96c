#!/usr/bin/env node
/**
 * `npm run sandbox [-- --port N --dir D --json]`: loads scripts/sandbox.ts with Vite's module runner
 * (`runnerImport`, the way Vite loads TypeScript config files; vite is already a dev dependency, so
 * no tsx or build step) and runs it. Dependencies load from node_modules as usual, and
 * `import.meta.url` stays the source file's, so the fixture finds its PAM module and verifier.
 */
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('./sandbox.ts', import.meta.url));

let status = 1;
try {
  const { module } = await runnerImport(entry, { root: repoRoot, logLevel: 'error' });
  status = await module.main(process.argv.slice(2));
} catch (error) {
  console.error(`npm run sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
// Exit hooks (the fixture's and the sandbox's) remove anything still left.
process.exit(status);
