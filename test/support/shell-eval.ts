import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Separates the recipe's arguments in the stub token (no test string holds it). */
export const ARG_SEP = '\u001f';

/** What the `psql` stub received: its arguments and PGPASSWORD (undefined when unset). */
export interface PsqlCall {
  argv: string[];
  pgpassword: string | undefined;
}

export interface BashRun {
  status: number | null;
  stderr: string;
  /** One entry per `psql` call. */
  psql: PsqlCall[];
  /** Exported PG* variables after the script ran (as a child process sees them). */
  env: Record<string, string>;
  /** Lines the `pwned` canary function wrote: any means a string was executed. */
  pwned: string[];
  /** The arguments of each `aws sts …` call (after `aws`). */
  sts: string[][];
}

/** The temporary keys the `aws sts assume-role` stub prints (key id, secret key, session token). */
export const ROLE_KEYS = ['ASIAROLEKEY', 'role/secret+key', 'session=token'] as const;

/**
 * Bash functions that stand in for the real programs: `aws sts …` records its arguments and prints
 * ROLE_KEYS; any other `aws` call prints a token made of its arguments (`TOKEN` + ARG_SEP + args
 * joined by ARG_SEP, then `creds=` + the AWS_* keys it ran with, if any); `psql` prints its argv
 * and PGPASSWORD; `pwned` records that a hostile string was run as a command.
 */
const PRELUDE = String.raw`
aws() {
  if [ "$1" = sts ]; then { printf 'sts'; for a in "$@"; do printf '\0%s' "$a"; done; printf '\036'; } >&6; printf '%s\t%s\t%s\n' ${ROLE_KEYS.map((k) => `'${k}'`).join(' ')}; return; fi
  printf 'TOKEN'; for a in "$@"; do printf '\037%s' "$a"; done
  if [ "\${AWS_SESSION_TOKEN+x}" ]; then printf '\037creds=%s/%s/%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN"; fi
}
psql() { { printf 'psql'; for a in "$@"; do printf '\0%s' "$a"; done; if [ "\${PGPASSWORD+x}" ]; then printf '\0\001%s' "$PGPASSWORD"; fi; printf '\036'; } >&3; }
pwned() { echo "pwned $*" >&4; }
`.replace(/\\\$/g, '$');

const EPILOGUE = String.raw`
env -0 | grep -z '^PG' >&5 || true
`;

/**
 * Runs `script` in a real `bash -c` (no profile, no rc files) with the stubs above and returns what
 * they saw. fd 3 carries psql calls, fd 4 the canary, fd 5 the environment.
 */
export function runInBash(script: string, env: Record<string, string> = {}): BashRun {
  const dir = mkdtempSync(join(tmpdir(), 'shell-eval-'));
  const files = { OUT3: join(dir, 'psql'), OUT4: join(dir, 'pwned'), OUT5: join(dir, 'env'), OUT6: join(dir, 'sts') };
  const full = `exec 3>"$OUT3" 4>"$OUT4" 5>"$OUT5" 6>"$OUT6"\n${PRELUDE}\n${script}\n${EPILOGUE}`;
  const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', full], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: env.HOME ?? dir, LANG: 'C.UTF-8', ...files, ...env },
  });
  const read = (f: string): string => readFileSync(f, 'utf8');
  const psql = read(files.OUT3)
    .split('\u001e')
    .filter((rec) => rec !== '')
    .map((rec) => {
      const fields = rec.split('\0');
      const pw = fields.findIndex((f) => f.startsWith('\u0001'));
      const argv = (pw === -1 ? fields : fields.slice(0, pw)).slice(1);
      return { argv, pgpassword: pw === -1 ? undefined : (fields[pw] as string).slice(1) };
    });
  const envOut: Record<string, string> = {};
  for (const entry of read(files.OUT5).split('\0').filter((e) => e !== '')) {
    const eq = entry.indexOf('=');
    envOut[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const pwned = read(files.OUT4).split('\n').filter((l) => l !== '');
  const sts = read(files.OUT6)
    .split('\u001e')
    .filter((rec) => rec !== '')
    .map((rec) => rec.split('\0').slice(1));
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, psql, env: envOut, pwned, sts };
}

/** The token the `aws` stub prints for a recipe with these arguments (and, after a role, its keys). */
export function stubToken(args: string[], roleKeys = false): string {
  return ['TOKEN', ...args, ...(roleKeys ? [`creds=${ROLE_KEYS.join('/')}`] : [])].join(ARG_SEP);
}
