import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./libpq-parse.py', import.meta.url));

/** What the real libpq made of a connection string. */
export type LibpqParse = { ok: true; params: Record<string, string> } | { ok: false; error: string };

/** Parses many connection strings with the real libpq in one python process (no connection made). */
export function libpqParseAll(conninfos: string[]): LibpqParse[] {
  const input = conninfos.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const out = execFileSync('/usr/bin/python3', [script], { input, encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as LibpqParse);
}
