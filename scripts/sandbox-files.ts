/**
 * The files `npm run sandbox` hands the user, all in one folder: a temporary AWS config +
 * credentials pair with the profile `iam-dsn-sandbox` (the fixture's invented key, STS pointed at the
 * loopback emulator), the DSN JSON (shared/dsn.ts schema), the test CA and an env.sh to source.
 * The user's own ~/.aws files are never read or written. Under sudo the files belong to the user
 * who ran sudo, so the app and the CLI can read them without root.
 */
import { existsSync, rmSync } from 'node:fs';
import { chown, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { defaultDsn, type Dsn, dsnSchema } from '../shared/dsn';
import type { FixtureAccessKey } from '../test/fixture/iam-postgres-types';

export const SANDBOX_PROFILE = 'iam-dsn-sandbox';
/** The name of the temp dir made when no --dir is given: `<tmpdir>/iam-dsn-sandbox-XXXXXX`. */
export const SANDBOX_DIR_PREFIX = 'iam-dsn-sandbox-';

/** What the DSN points at. */
export interface SandboxTarget {
  endpointHost: string;
  endpointPort: number;
  region: string;
  connectPort: number;
  user: string;
  database: string;
  stsEndpoint: string;
  key: FixtureAccessKey;
  /** PEM of the CA that signed the server certificate. */
  caSourcePath: string;
}

export interface SandboxFiles {
  dir: string;
  awsConfig: string;
  awsCredentials: string;
  dsn: string;
  ca: string;
  env: string;
  dsnValue: Dsn;
}

/** The folder the files go to, and how to remove what the sandbox made there. */
export interface SandboxDir {
  dir: string;
  /** The sandbox made the folder (no --dir, or --dir did not exist). */
  created: boolean;
  /** Removes the sandbox's files, and the folder when the sandbox created it. Idempotent. */
  remove(): Promise<void>;
  /** The same, synchronously best effort, for process exit. */
  removeSync(): void;
}

const FILE_NAMES = ['aws-config', 'aws-credentials', 'dsn.json', 'ca.pem', 'env.sh'];

/** The user who ran `sudo`, when we are root because of it. */
function sudoOwner(env: NodeJS.ProcessEnv): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(env.SUDO_UID);
  const gid = Number(env.SUDO_GID);
  return Number.isInteger(uid) && Number.isInteger(gid) && uid > 0 && env.SUDO_UID !== '' ? { uid, gid } : undefined;
}

/** Makes the temp dir, or --dir when it does not exist yet. */
export async function prepareDir(requested: string | undefined): Promise<SandboxDir> {
  let dir: string;
  let created: boolean;
  if (requested === undefined) {
    dir = await mkdtemp(join(tmpdir(), SANDBOX_DIR_PREFIX));
    created = true;
  } else {
    dir = resolve(requested);
    created = !existsSync(dir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  let removed = false;
  const paths = FILE_NAMES.map((name) => join(dir, name));
  return {
    dir,
    created,
    async remove() {
      if (removed) return;
      if (created) await rm(dir, { recursive: true, force: true });
      else await Promise.all(paths.map((path) => rm(path, { force: true })));
      removed = true;
    },
    removeSync() {
      if (removed) return;
      if (created) rmSync(dir, { recursive: true, force: true });
      else for (const path of paths) rmSync(path, { force: true });
      removed = true;
    },
  };
}

/** Single-quoted for POSIX shells. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function sandboxDsn(target: SandboxTarget, caPath: string): Dsn {
  return dsnSchema.parse({
    ...defaultDsn(),
    name: 'IAM DSN sandbox',
    authType: 'iam',
    server: target.endpointHost,
    port: target.endpointPort,
    user: target.user,
    database: target.database,
    region: target.region,
    sslMode: 'require',
    credentialSource: { kind: 'profile', profile: SANDBOX_PROFILE },
    connectViaHost: '127.0.0.1',
    connectViaPort: target.connectPort,
    caBundlePath: caPath,
    stsEndpoint: target.stsEndpoint,
  });
}

function awsConfigText(target: SandboxTarget): string {
  return [
    '# Written by `npm run sandbox` (IAM DSN Manager) and removed when it stops. Not your ~/.aws/config.',
    `[profile ${SANDBOX_PROFILE}]`,
    `region = ${target.region}`,
    `services = ${SANDBOX_PROFILE}`,
    '',
    '# `aws sts ... --profile iam-dsn-sandbox` goes to the sandbox\'s loopback STS, never to AWS.',
    `[services ${SANDBOX_PROFILE}]`,
    'sts =',
    `  endpoint_url = ${target.stsEndpoint}`,
    '',
  ].join('\n');
}

function awsCredentialsText(key: FixtureAccessKey): string {
  const lines = [
    '# Written by `npm run sandbox`: an invented key that only the sandbox accepts. Not your ~/.aws/credentials.',
    `[${SANDBOX_PROFILE}]`,
    `aws_access_key_id = ${key.accessKeyId}`,
    `aws_secret_access_key = ${key.secretAccessKey}`,
  ];
  if (key.sessionToken !== undefined) lines.push(`aws_session_token = ${key.sessionToken}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the five files into `dir` (overwriting earlier copies of them). */
export async function writeSandboxFiles(place: SandboxDir, target: SandboxTarget, env: NodeJS.ProcessEnv = process.env): Promise<SandboxFiles> {
  const { dir } = place;
  const files = {
    dir,
    awsConfig: join(dir, 'aws-config'),
    awsCredentials: join(dir, 'aws-credentials'),
    dsn: join(dir, 'dsn.json'),
    ca: join(dir, 'ca.pem'),
    env: join(dir, 'env.sh'),
  };
  const dsnValue = sandboxDsn(target, files.ca);
  await copyFile(target.caSourcePath, files.ca);
  await writeFile(files.awsConfig, awsConfigText(target), { mode: 0o600 });
  await writeFile(files.awsCredentials, awsCredentialsText(target.key), { mode: 0o600 });
  await writeFile(files.dsn, `${JSON.stringify(dsnValue, null, 2)}\n`, { mode: 0o644 });
  const envText = [
    `# Source me (\`. ${shellQuote(files.env)}\`) to use the profile ${SANDBOX_PROFILE} of \`npm run sandbox\`.`,
    `export AWS_CONFIG_FILE=${shellQuote(files.awsConfig)}`,
    `export AWS_SHARED_CREDENTIALS_FILE=${shellQuote(files.awsCredentials)}`,
    '',
  ].join('\n');
  await writeFile(files.env, envText, { mode: 0o644 });
  const owner = sudoOwner(env);
  if (owner !== undefined) {
    const paths = [files.ca, files.awsConfig, files.awsCredentials, files.dsn, files.env];
    await Promise.all([...(place.created ? [dir] : []), ...paths].map((path) => chown(path, owner.uid, owner.gid)));
  }
  return { ...files, dsnValue };
}
