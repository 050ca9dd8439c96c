import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./pg-wire-probe.py', import.meta.url));

/** A job for the fake server: an ODBC connection string, or a program to run (e.g. psql); files are written first. */
export type ProbeJob = ({ client: 'odbc'; connstr: string } | { client: 'exec'; argv: string[]; env: Record<string, string> }) & {
  files?: Record<string, string>;
};

/** What the fake server saw on one connection. */
export interface ProbeConnection {
  ssl_request: boolean;
  startup: Record<string, string> | null;
  password: string | null;
}

/** What a real client sent to the fake server (see pg-wire-probe.py). `{PORT}` is its port. */
export interface ProbeResult {
  connections: ProbeConnection[];
  client: { ok: boolean; message: string };
}

/** Runs jobs against a fake PostgreSQL server on loopback that records user, database and password. */
export function probeAll(jobs: ProbeJob[]): ProbeResult[] {
  const input = jobs.map((j) => JSON.stringify(j)).join('\n') + '\n';
  const out = execFileSync('/usr/bin/python3', [script], { input, encoding: 'utf8', timeout: 120_000 });
  return out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeResult);
}
