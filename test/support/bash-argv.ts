/**
 * Runs generated command lines in a real `bash -c` (no rc files) with `aws` replaced by a function
 * that records its argv, so a test sees the exact words the shell made of each command.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The account the stubbed `aws sts get-caller-identity --query Account` prints. */
export const STUB_ACCOUNT = '210987654321';

export interface BashArgvRun {
  status: number | null;
  stderr: string;
  /** One argv (without `aws`) per `aws` call other than the get-caller-identity lookup. */
  calls: string[][];
  /** Lines the `pwned` function wrote: any means a string was executed as a command. */
  pwned: string[];
  /** Files created in the scratch directory (the script runs there): any means a redirection happened. */
  strayFiles: string[];
}

// fd 3: NUL-separated argv, each call ended by \036; fd 4: the canary.
const PRELUDE = String.raw`
aws() {
  if [ "$1" = sts ] && [ "$2" = get-caller-identity ]; then printf '%s\n' "$STUB_ACCOUNT"; return; fi
  { for a in "$@"; do printf '%s\0' "$a"; done; printf '\036'; } >&3
}
pwned() { echo "pwned $*" >&4; }
`;

export function runCommands(commands: readonly string[]): BashArgvRun {
  const dir = mkdtempSync(join(tmpdir(), 'iam-setup-argv-'));
  const work = join(dir, 'work');
  const argvFile = join(dir, 'argv');
  const pwnedFile = join(dir, 'pwned');
  const script = `mkdir -p "$WORK" && cd "$WORK" && exec 3>"$ARGV" 4>"$PWNED"\n${PRELUDE}\n${commands.join('\n')}\n`;
  const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', WORK: work, ARGV: argvFile, PWNED: pwnedFile, STUB_ACCOUNT },
  });
  const calls = readFileSync(argvFile, 'utf8')
    .split('\u001e')
    .filter((record) => record !== '')
    .map((record) => record.split('\0').slice(0, -1));
  const pwned = readFileSync(pwnedFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const strayFiles = readdirSync(work);
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, calls, pwned, strayFiles };
}
