/**
 * The CLI build (build/cli.vite.config.ts) keeps exactly package.json `dependencies` external and
 * refuses every other bare import: a devDependency is not installed where the CLI is installed
 * with `npm install -g` or `npm ci --omit=dev`, so importing one must fail the build, not the
 * user's first run. Built for real with Vite, from small entry files, into memory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, mergeConfig, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import cliConfig from '../../build/cli.vite.config';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const scratch = mkdtempSync(join(tmpdir(), 'iamdsn-cli-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Builds `source` as the CLI's entry with the CLI's config; resolves with the bundle's code. */
async function buildEntry(name: string, source: string): Promise<string> {
  const entry = join(scratch, `${name}.ts`);
  writeFileSync(entry, source);
  const config = mergeConfig(cliConfig, { logLevel: 'silent', build: { ssr: entry, outDir: join(scratch, name), write: false } });
  const output = (await build({ ...config, configFile: false })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const [first] = Array.isArray(output) ? output : [output];
  return first?.output.find((chunk) => chunk.type === 'chunk')?.code ?? '';
}

describe('CLI build: production dependencies only', () => {
  it('keeps Node built-ins and package.json dependencies (and their subpaths) external', async () => {
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['pg', '@aws-sdk/rds-signer', '@smithy/core']));
    const code = await buildEntry(
      'production',
      "import { readFileSync } from 'node:fs';\nimport pg from 'pg';\nimport { Signer } from '@aws-sdk/rds-signer';\nimport { loadConfig } from '@smithy/core/config';\nconsole.log(readFileSync, pg, Signer, loadConfig);\n",
    );
    for (const id of ['node:fs', 'pg', '@aws-sdk/rds-signer', '@smithy/core/config']) expect(code).toContain(`from "${id}"`);
  });

  it('fails on a devDependency, naming it and the importer', async () => {
    expect(Object.keys(pkg.devDependencies)).toContain('pg-connection-string');
    await expect(buildEntry('dev-dependency', "import { parse } from 'pg-connection-string';\nconsole.log(parse);\n")).rejects.toThrow(
      /The CLI must not import "pg-connection-string" \(imported by .*dev-dependency\.ts\): only package\.json "dependencies" are installed beside the CLI/,
    );
  });

  it('fails on electron and on a package that is in no dependency list', async () => {
    await expect(buildEntry('electron', "import { app } from 'electron';\nconsole.log(app);\n")).rejects.toThrow(/must not import "electron".*the CLI runs in plain Node/);
    await expect(buildEntry('unknown', "import x from 'left-pad-not-here';\nconsole.log(x);\n")).rejects.toThrow(/must not import "left-pad-not-here"/);
  });
});
