/**
 * What `iam-dsn` prints: errors, the DSN table and the readable test report. Text that comes from
 * a server, a file or the OS is made safe for a terminal first (no control characters).
 */
import type { ConnectionTestReport, PhaseResult } from '../../shared/connection-test';
import type { SavedDsn } from '../../shared/dsn';
import { describeCredentials } from '../main/credentials/describe';
import type { AppError, FixAction } from '../../shared/result';

/** Somewhere text goes (process.stdout / process.stderr). */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Replaces control characters (except newline and tab: ESC, so no OSC 52 clipboard write, no
 * cursor moves, no title) and the bidirectional overrides (which make a line read otherwise than
 * it is) so untrusted text cannot drive the terminal. The one sanitiser of every line the CLI
 * prints on stderr and of every question it asks: {@link plainSink} applies it.
 */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
}

/** A sink that writes everything through {@link plain} (the CLI's stderr: messages, notes, status lines). */
export function plainSink(sink: TextSink): TextSink {
  return { write: (text: string) => sink.write(plain(text)) };
}

function indent(text: string, prefix: string): string {
  return plain(text)
    .split('\n')
    .map((line, i) => (i === 0 ? line : `${' '.repeat(prefix.length)}${line}`))
    .join('\n');
}

/** The fix a report offers, as a terminal says it: the text to run for a copy, else the action's label. */
function fixText(action: FixAction): string {
  return action.kind === 'copy' ? action.text : action.label;
}

/** The likely cause and the one fix of an error, each on its own labelled line. */
function causeAndFix(error: AppError, pad: string): string[] {
  const lines: string[] = [];
  if (error.cause !== undefined && error.cause !== '') lines.push(`${'Cause:'.padEnd(pad.length)}${indent(error.cause, pad)}`);
  if (error.action !== undefined) lines.push(`${'Fix:'.padEnd(pad.length)}${indent(fixText(error.action), pad)}`);
  return lines;
}

/** An error as the CLI prints it on stderr: message and code, field errors, cause, fix, hint, detail. */
export function formatError(error: AppError): string {
  const lines = [`iam-dsn: ${plain(error.message)} [${error.code}]`];
  for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) {
    for (const message of messages) lines.push(`  ${field === '_' ? '(file)' : plain(field)}: ${plain(message)}`);
  }
  lines.push(...causeAndFix(error, 'Hint:   '));
  if (error.hint !== undefined && error.hint !== '') lines.push(`Hint:   ${indent(error.hint, 'Hint:   ')}`);
  if (error.detail !== undefined && error.detail !== '') lines.push(`Detail: ${indent(error.detail, 'Detail: ')}`);
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

/** The saved DSNs as a table (no secrets: the view never holds one). `file`: the DSNs come from a DSN file. */
export function formatDsnTable(dsns: readonly SavedDsn[], from: 'store' | 'file' = 'store'): string {
  const noPassword = from === 'file' ? 'password not in file' : 'no password saved';
  const rows = [['NAME', 'AUTH', 'SERVER', 'USER', 'DATABASE', 'REGION', 'CREDENTIALS']];
  for (const d of dsns) {
    const via = d.connectViaHost === '' ? '' : ` via ${d.connectViaHost}:${d.connectViaPort ?? d.port}`;
    const credentials = d.authType === 'iam' ? describeCredentials(d) : d.hasPassword ? 'password saved' : noPassword;
    rows.push([d.name, d.authType, `${d.server}:${d.port}${via}`, d.user, d.database, d.region === '' ? '-' : d.region, credentials].map(plain));
  }
  return `${table(rows)}\n`;
}

function phaseLine(p: PhaseResult): string[] {
  return [`  ${p.name}`, p.status, `${p.durationMs} ms`.padStart(8), p.note === undefined ? '' : plain(p.note)];
}

/** The readable report of a connection test (what the window shows, as text). */
export function formatReport(report: ConnectionTestReport, label: string): string {
  const head =
    report.outcome === 'success'
      ? `Connection test of ${label}: success in ${report.totalMs} ms (started ${report.startedAt})`
      : `Connection test of ${label}: failure (${report.error?.code ?? 'unknown'}) after ${report.totalMs} ms (started ${report.startedAt})`;
  const lines = [plain(head), '', table(report.phases.map(phaseLine)), ''];
  const s = report.server;
  if (s !== undefined) {
    const tls = s.tls === null ? 'not encrypted' : `${s.tls.version} ${s.tls.cipher}`;
    const member = s.rdsIamMember === undefined ? '' : s.rdsIamMember ? ', member of rds_iam' : ', not a member of rds_iam';
    lines.push(plain(`Server:   PostgreSQL ${s.serverVersion}; user ${s.currentUser}${member}; database ${s.database}; ${tls}; connected to ${s.connectedTo}`));
  }
  const t = report.token;
  if (t !== undefined) {
    const expires = t.expiresAt === undefined ? '' : `, expires ${t.expiresAt}`;
    lines.push(plain(`Token:    signed for ${t.signedFor} in ${t.region}${t.fromCache ? ' (reused from cache)' : ''}; reused until ${t.reuseUntil}${expires}`));
  }
  const id = report.identity;
  if (id !== undefined) {
    const parts = [id.source, `key ${id.accessKeyIdMasked}`, ...(id.callerArn === undefined ? [] : [id.callerArn]), ...(id.credentialsExpireAt === undefined ? [] : [`credentials expire ${id.credentialsExpireAt}`])];
    lines.push(plain(`Identity: ${parts.join('; ')}`));
  }
  if (report.retriedWithFreshToken === true) lines.push('Retried once with a fresh token after the server refused the cached one.');
  const e = report.error;
  if (e !== undefined) {
    lines.push(`Error:    ${indent(e.message, 'Error:    ')}`);
    lines.push(...causeAndFix(e, 'Error:    '));
    if (e.hint !== undefined && e.hint !== '') lines.push(`Hint:     ${indent(e.hint, 'Hint:     ')}`);
    if (e.detail !== undefined && e.detail !== '') lines.push(`Detail:   ${indent(e.detail, 'Detail:   ')}`);
  }
  while (lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}
