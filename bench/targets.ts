/**
 * The targets, judged on this run's figures (MET / NOT MET, never a failed run), and for each one
 * not met, a note with the cause this run's diagnostic rows point at.
 */
import type { CliStartupFigures } from './cli-startup';
import type { ConnectFigures } from './connect';
import type { FailureFigures } from './failures';
import type { RendererFigures } from './renderer';
import type { Report } from './report';
import { fmtKb, fmtMs, fmtRatio } from './stats';
import type { TokenFigures } from './token';

/** What the sections measured; a section that failed is undefined. */
export interface Figures {
  conn?: ConnectFigures | undefined;
  cli?: CliStartupFigures | undefined;
  token?: TokenFigures | undefined;
  fail?: FailureFigures | undefined;
  store?: { loadListMs: number } | undefined;
  ui?: RendererFigures | undefined;
}

const NA = Number.NaN;

/** Adds a target row; returns whether it is met (false when not measurable). */
function check(report: Report, target: string, value: number, figure: string, limit: number): boolean {
  const met = Number.isFinite(value) ? value <= limit : undefined;
  report.target(target, figure, met);
  return met === true;
}

export function judge(report: Report, f: Figures): void {
  const { conn, cli, token, fail, store, ui } = f;
  const vs = (a: number | undefined, b: number | undefined): string => `${fmtMs(a ?? NA)} vs ${fmtMs(b ?? NA)}`;
  const ratio = (a: number | undefined, b: number | undefined): number => (a ?? NA) / (b ?? NA);

  const r1 = ratio(conn?.iam.inAppWarm, conn?.iam.psql);
  const ok1 = check(report, 'in-app test (warm) ≤ 1.10× psql with a pre-made token, IAM/PAM user', r1, `${fmtRatio(r1)} (${vs(conn?.iam.inAppWarm, conn?.iam.psql)})`, 1.1);
  const r2 = ratio(conn?.scram.inAppWarm, conn?.scram.psql);
  const ok2 = check(report, 'in-app test (warm) ≤ 1.10× psql, scram user', r2, `${fmtRatio(r2)} (${vs(conn?.scram.inAppWarm, conn?.scram.psql)})`, 1.1);
  if (!ok1 || !ok2) report.note('In-app test over target: see the phase medians in the connection rows (sign, tcp, tls, auth, query) for where the time goes.');

  const r3 = ratio(conn?.iam.cli, conn?.iam.psql);
  const ok3 = check(report, 'iam-dsn test (whole process) ≤ 1.5× psql with a pre-made token', r3, `${fmtRatio(r3)} (${vs(conn?.iam.cli, conn?.iam.psql)})`, 1.5);
  const r4 = ratio(conn?.iam.cli, conn?.iam.seed);
  const ok4 = check(report, 'iam-dsn test (whole process) ≤ 0.2× the seed workflow', r4, `${fmtRatio(r4)} (${vs(conn?.iam.cli, conn?.iam.seed)})`, 0.2);
  if ((!ok3 || !ok4) && cli !== undefined) {
    const loading = cli.versionCpu - cli.nodeCpu;
    report.note(
      `iam-dsn test: start-up dominates. Of its ${fmtMs(cli.testCpu)} of CPU, node itself takes ${fmtMs(cli.nodeCpu)} and loading the modules ` +
        `${fmtMs(loading)} (iam-dsn --version, which does no work, uses ${fmtMs(cli.versionCpu)}): every dependency (AWS SDK clients, pg, zod) is loaded ` +
        `from node_modules file by file through static imports, whatever the command. The same sources built with the dependencies bundled and ` +
        `minified use ${fmtMs(cli.bundledTestCpu)} CPU (${fmtMs(cli.bundledTestWall)} wall vs ${fmtMs(cli.testWall)}). Proposed: bundle the CLI's ` +
        'dependencies (build/cli.vite.config.ts: ssr.noExternal, pg-native external), import each command and @aws-sdk/client-sts lazily, and call ' +
        'module.enableCompileCache() where Node ≥ 22.1 has it.',
    );
  }

  const ok5 = check(report, 'token cache hit ≤ 0.05 ms', token?.hitMs ?? NA, fmtMs(token?.hitMs ?? NA), 0.05);
  if (!ok5 && token !== undefined) {
    report.note(
      `Token cache hit: ${fmtMs(token.hitMs - token.hitInjectedMs)} of the ${fmtMs(token.hitMs)} is resolving the credentials, before the cache is looked at: ` +
        'TokenSigner.sign() asks CredentialResolver first, which caches only credentials that expire, and fromIni runs with ignoreCache: true, so ' +
        `every sign re-reads and re-parses the AWS config and credentials files. With the credentials injected a hit takes ${fmtMs(token.hitInjectedMs)}. ` +
        'Proposed: remember long-term profile credentials per identity with the mtime and size of the two files and reuse them while a stat() shows ' +
        'the files unchanged (edits still apply at once), or look the token cache up by identity before resolving.',
    );
  }

  check(report, 'connection refused reported ≤ 100 ms', fail?.refusedMs ?? NA, fmtMs(fail?.refusedMs ?? NA), 100);
  const over = fail === undefined ? NA : fail.stalledMs / fail.stallTimeoutMs;
  report.target('2 s connect timeout fires within +10 % (2.0–2.2 s)', `${fmtMs(fail?.stalledMs ?? NA)} (+${((over - 1) * 100).toFixed(1)} %)`, Number.isFinite(over) ? over >= 1 && over <= 1.1 : undefined);

  const ok8 = check(report, 'renderer interactive ≤ 300 ms', ui?.interactiveMs ?? NA, fmtMs(ui?.interactiveMs ?? NA), 300);
  if (!ok8 && ui !== undefined) {
    report.note(
      `Renderer: the first load compiles and runs ${fmtKb(ui.jsRawBytes)} of JavaScript in one chunk (DOMContentLoaded at ${fmtMs(ui.dclMs)}), then React ` +
        `renders the list and the whole DSN form. With V8's code cache hot (3rd visit) the same page is interactive at ${fmtMs(ui.repeatMs)}, so ` +
        'compiling is a large share. Proposed: give the app:// scheme the codeCache privilege (protocol.registerSchemesAsPrivileged, Electron ≥ 22) ' +
        'so every start after the first reuses compiled code, and split the rarely used parts (export, IAM setup, library import/export) with ' +
        'React.lazy so the first chunk is smaller.',
    );
  }
  check(report, 'renderer JavaScript ≤ 200 kB gzip', ui?.jsGzipBytes ?? NA, fmtKb(ui?.jsGzipBytes ?? NA), 200_000);
  check(report, 'open + list 1,000 DSNs ≤ 150 ms', store?.loadListMs ?? NA, fmtMs(store?.loadListMs ?? NA), 150);
}
