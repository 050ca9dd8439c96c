/**
 * Diagnostic: where the time of `iam-dsn test` goes. Bare Node start-up (`node -e 0`), start-up
 * plus loading every module (`iam-dsn --version` does no work), the test itself, and the same CLI
 * built with its dependencies bundled in (an experiment built into the bench's temp folder with
 * build/cli.vite.config.ts plus `ssr.noExternal` and minify; out/ is not touched). Wall and CPU
 * (user + system) per process, alternated; CPU time is far less disturbed by other load.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, mergeConfig, type UserConfig } from 'vite';
import cliConfig from '../build/cli.vite.config';
import { CLI_BUNDLE } from '../test/integration/cli-harness';
import { runWithCpu } from './procs';
import type { Report } from './report';
import { repoRoot, type BenchSetup } from './setup';
import { alternate, fmtMs, median, type Variant } from './stats';

/** Builds the CLI with every dependency bundled (only Node built-ins and pg-native stay external). */
async function buildBundledCli(outDir: string): Promise<string> {
  const override: UserConfig = {
    logLevel: 'silent',
    build: {
      outDir,
      minify: true,
      rolldownOptions: { external: (id: string) => id.startsWith('node:') || builtinModules.includes(id) || id === 'pg-native' },
    },
    ssr: { noExternal: true },
  };
  const config = mergeConfig(cliConfig, override);
  // mergeConfig concatenates; the override's external must replace the original one.
  if (config.build?.rolldownOptions !== undefined) config.build.rolldownOptions.external = override.build?.rolldownOptions?.external;
  await build({ ...config, configFile: false });
  return join(outDir, 'iam-dsn.js');
}

/** Medians, wall and CPU ms. */
export interface CliStartupFigures {
  nodeCpu: number;
  versionCpu: number;
  testCpu: number;
  bundledTestCpu: number;
  testWall: number;
  bundledTestWall: number;
}

export async function benchCliStartup(setup: BenchSetup, report: Report, rounds: number): Promise<CliStartupFigures> {
  const bundled = await buildBundledCli(join(setup.dir, 'cli-bundled'));
  const env = setup.childEnv();
  const cpu = new Map<string, number[]>();
  const variant = (key: string, args: string[]): Variant => ({
    key,
    run: async () => {
      const run = await runWithCpu(process.execPath, args, env, repoRoot);
      if (run.status !== 0) return `exit ${String(run.status)}`;
      cpu.set(key, [...(cpu.get(key) ?? []), run.cpuMs]);
      return run.wallMs;
    },
  });
  const results = await alternate(
    [
      variant('node', ['-e', '0']),
      variant('version', [CLI_BUNDLE, '--version']),
      variant('test', [CLI_BUNDLE, 'test', '--file', setup.iamDsnFile]),
      variant('bundledVersion', [bundled, '--version']),
      variant('bundledTest', [bundled, 'test', '--file', setup.iamDsnFile]),
    ],
    rounds,
    1,
  );
  const wall = (k: string): number => median(results.get(k)?.values ?? []);
  // The warm-up round is in `cpu` too: keep the last `rounds`.
  const cpuOf = (k: string): number => median((cpu.get(k) ?? []).slice(-rounds));
  const sec = 'Diagnostic: iam-dsn start-up (wall / CPU user+sys, per process)';
  const row = (k: string, what: string, note: string): void => report.add(sec, what, `${fmtMs(wall(k))} / CPU ${fmtMs(cpuOf(k))}`, results.get(k)?.values.length ?? 0, note);
  row('node', 'node -e 0', 'bare Node.js start-up');
  row('version', 'iam-dsn --version', 'start-up + loading every module (static imports), no work');
  row('test', 'iam-dsn test --file (IAM)', 'out/cli/iam-dsn.js: deps loaded from node_modules');
  row('bundledVersion', 'experiment: bundled deps, --version', 'same sources, ssr.noExternal + minify (temp build)');
  row('bundledTest', 'experiment: bundled deps, test --file (IAM)', '');
  report.add(sec, 'module loading (CPU)', fmtMs(cpuOf('version') - cpuOf('node')), '', 'iam-dsn --version − node -e 0');
  report.add(sec, 'bundling deps saves (test --file)', `${fmtMs(wall('test') - wall('bundledTest'))} / CPU ${fmtMs(cpuOf('test') - cpuOf('bundledTest'))}`, '', 'out/cli − experiment');
  return { nodeCpu: cpuOf('node'), versionCpu: cpuOf('version'), testCpu: cpuOf('test'), bundledTestCpu: cpuOf('bundledTest'), testWall: wall('test'), bundledTestWall: wall('bundledTest') };
}
