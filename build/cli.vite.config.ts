/**
 * Vite (SSR/library) build of the `iam-dsn` CLI: electron/cli/iam-dsn.ts → out/cli/iam-dsn.js,
 * one ESM file with a `#!/usr/bin/env node` line, made executable. Dependencies (pg, zod, the
 * AWS SDK…) stay external and load from node_modules; shared/ and electron/main/services are
 * bundled. Importing `electron` fails the build: the CLI runs in plain Node.
 *
 * Run with `vite build --config build/cli.vite.config.ts` (part of `npm run build`).
 */
import { chmodSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = new URL('..', import.meta.url);
const fromRoot = (path: string): string => fileURLToPath(new URL(path, repoRoot));

/** Where the bundle goes. */
export const CLI_OUT_DIR = fromRoot('out/cli');
/** The bundle's file name (package.json `bin` points at out/cli/iam-dsn.js). */
export const CLI_FILE_NAME = 'iam-dsn.js';

function packageDependencies(): string[] {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
}

/** A dependency or one of its subpaths (`pg`, `pg/lib/…`, `@aws-sdk/rds-signer`). */
function isExternal(id: string, deps: readonly string[]): boolean {
  if (id.startsWith('node:') || builtinModules.includes(id)) return true;
  return deps.some((dep) => id === dep || id.startsWith(`${dep}/`));
}

/** Fails the build when anything imports `electron` (even for types that survived compilation). */
function forbidElectron(): Plugin {
  return {
    name: 'iamdsn:cli-forbid-electron',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === 'electron' || id.startsWith('electron/')) this.error(`The CLI must not load electron (imported by ${importer ?? '?'}).`);
      return null;
    },
  };
}

/** Makes the bundle executable, so `out/cli/iam-dsn.js` runs directly and npm links it as is. */
function makeExecutable(): Plugin {
  return {
    name: 'iamdsn:cli-executable',
    apply: 'build',
    writeBundle(options) {
      chmodSync(join(options.dir ?? CLI_OUT_DIR, CLI_FILE_NAME), 0o755);
    },
  };
}

const deps = packageDependencies();

/** The CLI's build: one SSR entry, ESM, deps external, shebang banner, no electron. */
export default defineConfig({
  root: fromRoot('.'),
  // No public dir, no .env loading: the CLI bundle holds code only.
  publicDir: false,
  envDir: false,
  logLevel: 'warn',
  plugins: [forbidElectron(), makeExecutable()],
  build: {
    ssr: fromRoot('electron/cli/iam-dsn.ts'),
    outDir: CLI_OUT_DIR,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      external: (id) => isExternal(id, deps),
      output: {
        format: 'es',
        entryFileNames: CLI_FILE_NAME,
        banner: '#!/usr/bin/env node',
        codeSplitting: false,
      },
    },
  },
  ssr: { target: 'node', noExternal: [] },
});
