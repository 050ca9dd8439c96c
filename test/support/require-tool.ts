/**
 * The one way a test asks for a system tool it cannot run without. Present: the test runs. Missing
 * under CI (CI=true): the test file fails at once, naming the tool and the package that brings it
 * — CI installs everything (test/setup/install-system-deps.sh), so a gap there is a bug, never a
 * quiet skip. Missing elsewhere: the tests are skipped, and test/support/skip-reporter.ts names
 * each skip and why at the end of the run.
 *
 * `skipUnless` is for what no package fixes (the checkout's place on disk, the OS): those skips are
 * named at the end of the run too, CI or not, and never fail it.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { COMMUNITY_ODBC_DRIVER } from '../../shared/formats/odbc';

/** What a tool is and where it comes from. */
interface ToolSpec {
  /** True when the tool is usable here. */
  probe(): boolean;
  /** The Debian/Ubuntu packages that bring it. */
  packages: string;
}

const runs = (command: string, args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;

/** The psql binary, when installed. */
export function psqlPath(): string | undefined {
  return ['/usr/bin/psql', '/usr/local/bin/psql'].find((path) => existsSync(path));
}

const TOOLS = {
  psql: { probe: () => psqlPath() !== undefined, packages: 'postgresql-client-15' },
  psqlodbc: {
    probe: () => spawnSync('odbcinst', ['-q', '-d'], { encoding: 'utf8' }).stdout?.includes(`[${COMMUNITY_ODBC_DRIVER}]`) ?? false,
    packages: 'unixodbc odbc-postgresql',
  },
  aws: { probe: () => runs('aws', ['--version']), packages: 'awscli' },
  flock: { probe: () => runs('flock', ['--version']), packages: 'util-linux' },
  python3: { probe: () => runs('/usr/bin/python3', ['--version']), packages: 'python3' },
  /** Real OpenSSH for the tunnel tests: sshd (run unprivileged), ssh, ssh-keygen, ssh-agent; `ip netns` for the private network. */
  openssh: {
    probe: () => ['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen', '/usr/bin/ssh-agent', '/usr/bin/ssh-add'].every((path) => existsSync(path)) && runs('ip', ['-V']),
    packages: 'openssh-server openssh-client iproute2',
  },
} satisfies Record<string, ToolSpec>;

/** A tool some test needs. */
export type ToolName = keyof typeof TOOLS;

/** One skip, as skip-reporter.ts collects it (a JSON line in $IAMDSN_SKIPPED_FILE). */
export interface SkipRecord {
  what: string;
  why: string;
  fix?: string;
}

/** The environment variable naming the file skips are collected in (set by skip-reporter.ts). */
export const SKIPPED_FILE_ENV = 'IAMDSN_SKIPPED_FILE';

const probed = new Map<ToolName, boolean>();
const inCi = (): boolean => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

function recordSkip(skip: SkipRecord): void {
  const file = process.env[SKIPPED_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(skip)}\n`);
  else console.warn(`skipped: ${skip.what}: ${skip.why}${skip.fix ? ` (${skip.fix})` : ''}`);
}

/**
 * True when `tool` is usable. When it is not: under CI throws (failing the test file that asked),
 * elsewhere records the skip and answers false, for `describe.skipIf(!requireTool(…))`.
 * @param neededFor what cannot run without it, as the end-of-run list shows it
 */
export function requireTool(tool: ToolName, neededFor: string): boolean {
  let present = probed.get(tool);
  if (present === undefined) {
    present = TOOLS[tool].probe();
    probed.set(tool, present);
  }
  if (present) return true;
  const fix = `apt-get install ${TOOLS[tool].packages}, or run test/setup/install-system-deps.sh as root`;
  if (inCi()) throw new Error(`${tool} is missing, and ${neededFor} needs it (${fix}). CI=true: a missing tool fails the run instead of skipping.`);
  recordSkip({ what: neededFor, why: `${tool} is missing`, fix });
  return false;
}

/**
 * True when `holds`; otherwise records the skip (named at the end of the run, CI or not) and
 * answers false. Only for conditions no package fixes; a missing tool goes through requireTool.
 */
export function skipUnless(holds: boolean, neededFor: string, why: string): boolean {
  if (!holds) recordSkip({ what: neededFor, why });
  return holds;
}
