/**
 * Vite (SSR/library) build of the `iam-dsn` CLI: electron/cli/iam-dsn.ts → out/cli/iam-dsn.js,
 * one ESM file with a `#!/usr/bin/env node` line, made executable. package.json `dependencies`
 * (pg, zod, the AWS SDK…) stay external and load from node_modules; shared/ and electron/main are
 * bundled. Any other bare import fails the build — a devDependency is absent where the CLI is
 * installed with `npm install -g` or `--omit=dev` — and so does `electron`: the CLI runs in plain Node.
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

/** package.json `dependencies`: what `npm install -g` / `npm ci --omit=dev` puts beside the CLI. */
function productionDependencies(): string[] {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(pkg.dependencies ?? {});
}

/** A bare specifier (`pg`, `@aws-sdk/rds-signer/x`), not a path, URL or virtual module. */
const isBare = (id: string): boolean => !/^(\.{1,2}\/|\/|[a-z]+:|\0)/i.test(id) && !/^[a-z]:[\\/]/i.test(id);
const isBuiltin = (id: string): boolean => id.startsWith('node:') || builtinModules.includes(id);
/** `pg` for `pg/lib/x`, `@aws-sdk/core` for `@aws-sdk/core/client`. */
const packageName = (id: string): string => id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');

/**
 * Keeps Node built-ins and production dependencies external and fails the build on any other bare
 * import in our code (a devDependency, `electron`, a package not in package.json), naming the
 * importer. A dependency's own imports are its business; with `ssr.noExternal: true` (the bench's
 * bundled experiment) dependencies are bundled instead of kept external.
 */
export function productionImportsOnly(dependencies: readonly string[]): Plugin {
  let bundleDependencies = false;
  return {
    name: 'iamdsn:cli-production-imports-only',
    enforce: 'pre',
    configResolved(config) {
      bundleDependencies = config.ssr.noExternal === true;
    },
    resolveId(id, importer) {
      if (!isBare(id)) return null;
      if (isBuiltin(id)) return { id, external: true };
      if (importer?.split(/[\\/]/).includes('node_modules')) return null;
      if (dependencies.includes(packageName(id))) return bundleDependencies ? null : { id, external: true };
      const why = packageName(id) === 'electron' ? 'the CLI runs in plain Node' : 'only package.json "dependencies" are installed beside the CLI';
      this.error(`The CLI must not import "${id}" (imported by ${importer ?? '?'}): ${why}.`);
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

/** The CLI's build: one SSR entry, ESM, production deps external, shebang banner, nothing else bare. */
export default defineConfig({
  root: fromRoot('.'),
  // No public dir, no .env loading: the CLI bundle holds code only.
  publicDir: false,
  envDir: false,
  logLevel: 'warn',
  plugins: [productionImportsOnly(productionDependencies()), makeExecutable()],
  build: {
    ssr: fromRoot('electron/cli/iam-dsn.ts'),
    outDir: CLI_OUT_DIR,
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
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
