/** The bench's results: rows by section, target checks, the machine; printed as text and as Markdown. */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** One measured figure. */
export interface Row {
  section: string;
  what: string;
  /** The figure: a median (p25–p75), a size, a ratio. */
  figure: string;
  /** Runs behind it (`15`, `15×1000`), or '' for a single measurement. */
  n: string;
  note: string;
}

/** A target and whether the figure meets it (`undefined` when it could not be measured). */
export interface TargetCheck {
  target: string;
  figure: string;
  met: boolean | undefined;
}

/** Facts about the machine and the run. */
export interface Machine {
  date: string;
  nproc: number;
  memory: string;
  cpu: string;
  node: string;
  psql: string;
  aws: string;
  chromium: string;
  loadBefore: string;
  loadAfter: string;
  durationS: number;
  rounds: number;
  bundles: string;
}

export class Report {
  readonly rows: Row[] = [];
  readonly targets: TargetCheck[] = [];
  readonly notes: string[] = [];

  add(section: string, what: string, figure: string, n: number | string = '', note = ''): void {
    this.rows.push({ section, what, figure, n: String(n), note });
  }

  target(target: string, figure: string, met: boolean | undefined): void {
    this.targets.push({ target, figure, met });
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

function firstLine(file: string, args: string[]): string {
  const out = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
  const text = `${out.stdout ?? ''}${out.stderr ?? ''}`.trim().split('\n')[0] ?? '';
  return out.error !== undefined ? 'not found' : text;
}

export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The machine facts that do not depend on the run. */
export function machineFacts(): Pick<Machine, 'nproc' | 'memory' | 'cpu' | 'node' | 'psql' | 'aws'> {
  return {
    nproc: Number(firstLine('nproc', [])) || cpus().length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    psql: firstLine('psql', ['--version']),
    aws: `${firstLine('aws', ['--version'])} (${firstLine('bash', ['-c', 'command -v aws'])})`,
  };
}

const status = (met: boolean | undefined): string => (met === undefined ? 'N/A' : met ? 'MET' : 'NOT MET');

function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)).join('  ').trimEnd()).join('\n');
}

function machineLines(m: Machine): string[] {
  return [
    `Date: ${m.date} · run took ${m.durationS.toFixed(0)} s · ${m.rounds} alternated rounds per comparison`,
    `Machine: ${m.nproc} CPUs (nproc), ${m.memory} RAM, ${m.cpu}; load average ${m.loadBefore} before, ${m.loadAfter} after`,
    `Versions: node ${m.node} · ${m.psql} · ${m.aws} · Chromium ${m.chromium}`,
    `Bundles: ${m.bundles}`,
  ];
}

/** The plain-text table printed on stdout. */
export function renderText(report: Report, m: Machine): string {
  const out: string[] = ['IAM DSN Manager benchmarks', ...machineLines(m), ''];
  const sections = [...new Set(report.rows.map((r) => r.section))];
  for (const section of sections) {
    out.push(`== ${section}`);
    const rows = report.rows.filter((r) => r.section === section).map((r) => [r.what, r.figure, r.n === '' ? '' : `n=${r.n}`, r.note]);
    out.push(columns(rows), '');
  }
  out.push('== Targets');
  out.push(columns(report.targets.map((t) => [status(t.met), t.target, t.figure])), '');
  for (const note of report.notes) out.push(`note: ${note}`);
  return `${out.join('\n')}\n`;
}

const md = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/benchmarks.md: the same results as Markdown. */
export function renderMarkdown(report: Report, m: Machine): string {
  const out: string[] = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/main.ts), overwritten on every run: the results of the last run. Each comparison',
    'alternates its variants round by round (the first of a round rotates) and reports medians with the 25th–75th',
    'percentiles in brackets; ratios are of medians measured in the same run. Everything runs on loopback against the',
    "test fixture (test/fixture/iam-postgres.ts: PostgreSQL 15, TLS, PAM + SigV4 verifier) and the STS emulator; nothing",
    'contacts AWS. The machine is shared with other work, so absolute figures are noisy; compare within one run.',
    '',
    ...machineLines(m).map((line) => `- ${line}`),
    '',
  ];
  const sections = [...new Set(report.rows.map((r) => r.section))];
  for (const section of sections) {
    out.push(`## ${section}`, '', '| Measure | Figure | n | Note |', '| --- | --- | --- | --- |');
    for (const r of report.rows.filter((row) => row.section === section)) out.push(`| ${md(r.what)} | ${md(r.figure)} | ${r.n} | ${md(r.note)} |`);
    out.push('');
  }
  out.push('## Targets', '', '| Status | Target | Figure |', '| --- | --- | --- |');
  for (const t of report.targets) out.push(`| ${status(t.met)} | ${md(t.target)} | ${md(t.figure)} |`);
  out.push('');
  if (report.notes.length > 0) {
    out.push('## Notes', '');
    for (const note of report.notes) out.push(`- ${note}`);
    out.push('');
  }
  out.push('Re-run with `npm run bench` (as root: the fixture writes a PAM file; needs psql, the aws CLI and Chromium).', '');
  return out.join('\n');
}
