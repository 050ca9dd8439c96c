/**
 * What `npm run sandbox` needs before it starts anything, checked all at once so the user gets the
 * whole list: Linux, root, PostgreSQL 15 server binaries, psql, the postgres OS user, gcc, libpam
 * headers, openssl, runuser, and a Node.js the postgres user can run (the PAM token verifier runs
 * under the server). The paths are the test fixture's (test/fixture/fixture-shell.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { PG_BIN as FIXTURE_PG_BIN, PG_OS_USER } from '../test/fixture/fixture-shell';

export interface PreflightResult {
  /** Each one stops the sandbox (exit 1, nothing started). */
  problems: string[];
  /** Worth saying, but the sandbox runs. */
  warnings: string[];
}

export interface PreflightInput {
  platform: NodeJS.Platform;
  uid: number | undefined;
  env: NodeJS.ProcessEnv;
  /** --dir, if given. */
  dir: string | undefined;
}

const APT = 'sudo apt-get install';
/** The fixture's own choice of Node for the verifier (iam-postgres.ts). */
const VERIFIER_NODE = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
const PG_PROGRAMS = ['initdb', 'pg_ctl', 'postgres'];

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

function postgresUserExists(): boolean {
  return spawnSync('id', ['-u', PG_OS_USER], { stdio: 'ignore' }).status === 0;
}

/** PostgreSQL 15 server binaries in PG_BIN (or the fixture's folder), and usable by the fixture. */
function checkPostgres(env: NodeJS.ProcessEnv, problems: string[]): void {
  const fromEnv = env.PG_BIN !== undefined && env.PG_BIN !== '';
  const bin = fromEnv ? (env.PG_BIN ?? '') : FIXTURE_PG_BIN;
  const where = fromEnv ? `PG_BIN=${bin}` : bin;
  const missing = PG_PROGRAMS.filter((name) => !existsSync(join(bin, name)));
  if (missing.length > 0) {
    problems.push(
      `PostgreSQL 15 server binaries: ${missing.join(', ')} not found in ${where}. ` +
        `Install them with \`${APT} postgresql-15\` (Debian/Ubuntu; PGDG apt repository elsewhere), or set PG_BIN to the folder that holds initdb, pg_ctl and postgres.`,
    );
    return;
  }
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  const text = `${version.stdout ?? ''}`.trim();
  if (version.status !== 0 || !/\s15\.\d+/.test(text)) {
    problems.push(`PostgreSQL 15 server binaries: ${where}/postgres is ${text === '' ? 'not runnable' : `"${text}"`}; the sandbox needs version 15 (\`${APT} postgresql-15\`).`);
    return;
  }
  if (!sameDir(bin, FIXTURE_PG_BIN)) {
    problems.push(
      `PG_BIN=${bin} holds PostgreSQL 15, but the test fixture the sandbox runs still starts the server from ${FIXTURE_PG_BIN} ` +
        `(PG_BIN in test/fixture/fixture-shell.ts); install \`postgresql-15\` there or unset PG_BIN.`,
    );
  }
}

function checkTools(problems: string[]): void {
  const needs: [string, string, string][] = [
    ['/usr/bin/psql', 'psql (the fixture creates its roles with it)', `${APT} postgresql-client-15`],
    ['/usr/bin/gcc', 'gcc (compiles the PAM module)', `${APT} gcc libc6-dev`],
    ['/usr/include/security/pam_modules.h', 'libpam headers (for the PAM module)', `${APT} libpam0g-dev`],
    ['/usr/bin/openssl', 'openssl (makes the test CA and server certificate)', `${APT} openssl`],
    ['/usr/sbin/runuser', 'runuser (runs the server as the postgres user)', `${APT} util-linux`],
  ];
  for (const [path, what, install] of needs) {
    if (!existsSync(path)) problems.push(`${what}: ${path} not found. Install it with \`${install}\`.`);
  }
}

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, program)));
}

/** Checks everything; never starts or writes anything. */
export function preflight(input: PreflightInput): PreflightResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (input.platform !== 'linux') {
    problems.push(`Linux is required (the server checks tokens through a PAM module in /etc/pam.d); this is ${input.platform}.`);
    return { problems, warnings };
  }
  const root = input.uid === 0;
  if (!root) {
    problems.push('Root is required: the sandbox writes a PAM service file to /etc/pam.d and runs PostgreSQL as the postgres user. Run `sudo npm run sandbox` (or as root).');
  }
  checkPostgres(input.env, problems);
  checkTools(problems);
  const hasUser = postgresUserExists();
  if (!hasUser) problems.push(`The "${PG_OS_USER}" OS user does not exist (the postgresql-15 package creates it: \`${APT} postgresql-15\`).`);
  if (root && hasUser && existsSync('/usr/sbin/runuser')) {
    const run = spawnSync('/usr/sbin/runuser', ['-u', PG_OS_USER, '--', VERIFIER_NODE, '-e', ''], { stdio: 'ignore', timeout: 20_000 });
    if (run.status !== 0) {
      problems.push(`The ${PG_OS_USER} user cannot run Node.js at ${VERIFIER_NODE} (the token verifier runs under the server). Install Node.js system-wide so that /usr/bin/node exists.`);
    }
  }
  if (input.dir !== undefined && existsSync(input.dir) && !statSync(input.dir).isDirectory()) {
    problems.push(`--dir ${input.dir} exists and is not a folder.`);
  }
  if (!onPath('aws', input.env)) {
    warnings.push('The aws CLI is not on PATH: the printed psql recipe needs it (`aws rds generate-db-auth-token`); the app and `iam-dsn test` do not.');
  }
  return { problems, warnings };
}
