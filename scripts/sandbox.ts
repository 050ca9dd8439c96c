/**
 * `npm run sandbox`: try IAM DSN Manager without an AWS account. Starts the IAM-checking PostgreSQL
 * test fixture (test/fixture/iam-postgres.ts) under a fixed endpoint name, a loopback STS emulator
 * that knows the fixture's key, writes a temporary AWS profile `iam-dsn-sandbox`, a DSN JSON and
 * the CA to one folder, prints how to use them (or, with --json, one line of facts), and runs until
 * Ctrl-C / SIGTERM / SIGHUP, then stops everything and removes what it made.
 *
 * Loaded by scripts/sandbox.mjs through Vite's module runner (TypeScript without a build step).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startIamPostgres, type IamPostgresInternals } from '../test/fixture/iam-postgres';
import { startStsEmulator, type StsEmulator } from '../test/fixture/sts-emulator';
import { parseSandboxArgs, SANDBOX_USAGE, type SandboxOptions } from './sandbox-args';
import { prepareDir, type SandboxDir, writeSandboxFiles } from './sandbox-files';
import { preflight } from './sandbox-preflight';
import { bindForwarder, type PortForwarder } from './sandbox-proxy';
import { sandboxFacts, sandboxInstructions } from './sandbox-text';

/** The endpoint name tokens are signed for; `.invalid` guarantees it never resolves. */
export const SANDBOX_ENDPOINT = 'sandbox.cluster-sandbox.us-east-1.rds.amazonaws.com.invalid';
export const SANDBOX_REGION = 'us-east-1';
const ACCOUNT_ID = '000000000000';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/iam-dsn-sandbox-role`;
const CLI_BUNDLE = fileURLToPath(new URL('../out/cli/iam-dsn.js', import.meta.url));
/** The fixture sweeps PAM files and dirs older than a day: keep ours fresh while we run. */
const TOUCH_EVERY_MS = 30 * 60 * 1000;
/** A second signal this long after the first forces the exit (one Ctrl-C under npm arrives twice). */
const FORCE_AFTER_MS = 2000;

const progress = (line: string): void => {
  process.stderr.write(`sandbox: ${line}\n`);
};

/**
 * Resolves on the first SIGINT / SIGTERM / SIGHUP (or, under npm, when npm is gone); a later signal
 * (after FORCE_AFTER_MS) exits at once.
 */
function stopSignal(): { requested: () => boolean; wait: Promise<NodeJS.Signals> } {
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  let resolveWait: (signal: NodeJS.Signals) => void = () => undefined;
  const wait = new Promise<NodeJS.Signals>((resolve) => {
    resolveWait = resolve;
  });
  // npm dies on SIGTERM without passing it on: when `npm run sandbox` goes away, stop as if signalled.
  if (process.env.npm_lifecycle_event === 'sandbox') {
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watch);
      if (first === undefined) {
        first = { signal: 'SIGTERM', at: Date.now() };
        progress('npm exited: stopping (a few seconds)…');
        resolveWait('SIGTERM');
      }
    }, 500);
    void wait.then(() => clearInterval(watch));
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (first === undefined) {
        first = { signal, at: Date.now() };
        progress(`${signal}: stopping (a few seconds)…`);
        resolveWait(signal);
      } else if (Date.now() - first.at > FORCE_AFTER_MS) {
        progress(`${signal} again: exiting now (the server is stopped with "immediate", files removed on exit).`);
        process.exit(130);
      }
    });
  }
  return { requested: () => first !== undefined, wait };
}

/** What is running, so stopping can undo exactly that. */
interface Running {
  forwarder?: PortForwarder | undefined;
  /** With --port N: the STS emulator on N+1, so a saved DSN's STS endpoint survives restarts too. */
  stsForwarder?: PortForwarder | undefined;
  place?: SandboxDir | undefined;
  fixture?: IamPostgresInternals | undefined;
  sts?: StsEmulator | undefined;
  timer?: NodeJS.Timeout | undefined;
}

async function stopAll(running: Running): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (what: string, step: (() => Promise<void>) | undefined): Promise<void> => {
    if (step === undefined) return;
    try {
      await step();
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  clearInterval(running.timer);
  await attempt('port forwarder', running.forwarder?.close);
  await attempt('STS port forwarder', running.stsForwarder?.close);
  await attempt('STS emulator', running.sts?.stop);
  await attempt('PostgreSQL fixture', running.fixture?.stop);
  await attempt('sandbox files', running.place?.remove);
  return failures;
}

function certificateValidUntil(fixture: IamPostgresInternals): string {
  try {
    return new Date(new X509Certificate(readFileSync(join(fixture.dir, 'tls', 'server.crt'))).validTo).toISOString();
  } catch {
    return 'unknown';
  }
}

function maskKeyId(id: string): string {
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

async function start(options: SandboxOptions, running: Running): Promise<string> {
  running.place = await prepareDir(options.dir);
  const place = running.place;
  process.on('exit', () => place.removeSync());
  progress(`starting PostgreSQL 15 with IAM token checks (endpoint ${SANDBOX_ENDPOINT})…`);
  running.fixture = await startIamPostgres({ endpointHost: SANDBOX_ENDPOINT, region: SANDBOX_REGION });
  const fixture = running.fixture;
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('the fixture made no access key');
  running.sts = await startStsEmulator({
    keys: [{ ...key, userName: 'iam-dsn-sandbox' }],
    accountId: ACCOUNT_ID,
    roles: [{ arn: ROLE_ARN, maxDurationSeconds: 43200 }],
    // Keys issued by AssumeRole must sign tokens the server accepts.
    onIssue: (issued) => fixture.addKey(issued),
  });
  running.forwarder?.forwardTo(fixture.port);
  running.stsForwarder?.forwardTo(running.sts.port);
  const files = await writeSandboxFiles(place, {
    endpointHost: fixture.endpointHost,
    endpointPort: fixture.endpointPort,
    region: fixture.region,
    connectPort: running.forwarder?.port ?? fixture.port,
    user: fixture.iamUser,
    database: fixture.database,
    stsEndpoint: running.stsForwarder === undefined ? running.sts.url : `http://127.0.0.1:${running.stsForwarder.port}`,
    key,
    caSourcePath: fixture.caPath,
  });
  running.timer = setInterval(() => {
    const now = new Date();
    void Promise.allSettled([utimes(fixture.dir, now, now), utimes(fixture.pamServicePath, now, now)]);
  }, TOUCH_EVERY_MS);
  const facts = sandboxFacts({
    files,
    roleArn: ROLE_ARN,
    certificateValidUntil: certificateValidUntil(fixture),
    internals: { fixtureDir: fixture.dir, pamServiceFile: fixture.pamServicePath, serverPort: fixture.port },
    cliBundle: CLI_BUNDLE,
  });
  return options.json ? `${JSON.stringify(facts)}\n` : sandboxInstructions(facts, maskKeyId(key.accessKeyId));
}

/** Runs the sandbox; resolves with the exit status once it has stopped. */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseSandboxArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(SANDBOX_USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`npm run sandbox: ${parsed.message}\n\n${SANDBOX_USAGE}`);
    return 2;
  }
  const { options } = parsed;
  const stop = stopSignal();
  const running: Running = {};

  const check = preflight({ platform: process.platform, uid: process.getuid?.(), env: process.env, dir: options.dir });
  if (options.port !== undefined && check.problems.length === 0) {
    const bind = (port: number): Promise<PortForwarder | undefined> =>
      bindForwarder(port).catch((error: unknown) => {
        check.problems.push(error instanceof Error ? error.message : String(error));
        return undefined;
      });
    running.forwarder = await bind(options.port);
    running.stsForwarder = await bind(options.port + 1);
  }
  for (const warning of check.warnings) progress(`warning: ${warning}`);
  if (check.problems.length > 0) {
    await Promise.all([running.forwarder?.close(), running.stsForwarder?.close()]);
    process.stderr.write(`npm run sandbox: cannot start; nothing was started.\n${check.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }

  let ready: string;
  try {
    ready = await start(options, running);
  } catch (error) {
    process.stderr.write(`npm run sandbox: start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    const failures = await stopAll(running);
    for (const failure of failures) process.stderr.write(`npm run sandbox: cleanup failed: ${failure}\n`);
    return 1;
  }
  if (!stop.requested()) {
    process.stdout.write(ready);
    progress('ready; Ctrl-C to stop.');
  }
  await stop.wait;
  const failures = await stopAll(running);
  if (failures.length > 0) {
    for (const failure of failures) process.stderr.write(`npm run sandbox: cleanup failed: ${failure}\n`);
    return 1;
  }
  progress(`stopped; removed the server, ${running.fixture?.pamServicePath ?? 'its PAM file'} and the sandbox files (${running.place?.dir ?? '?'}).`);
  return 0;
}
