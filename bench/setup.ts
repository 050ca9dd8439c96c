/**
 * What every measurement uses: the IAM PostgreSQL fixture, the STS emulator in its own process (so
 * its work is not counted in the measured one), a temp folder with AWS files (profile `bench` with
 * the fixture's invented key; and an empty pair), the CA, DSN JSON files, and clean environments.
 * Nothing here talks to anything but 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defaultDsn, type DsnInput, dsnSchema } from '../shared/dsn';
import { startIamPostgres, type IamPostgresInternals } from '../test/fixture/iam-postgres';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const RUN_SCRIPT = join(repoRoot, 'bench', 'run.mjs');
export const PROFILE = 'bench';
/** Where STS calls go that name no endpoint: a dead loopback port (nothing may reach AWS). */
export const STS_GUARD_URL = 'http://127.0.0.1:9';

export interface BenchSetup {
  dir: string;
  fixture: IamPostgresInternals;
  stsUrl: string;
  awsConfig: string;
  awsCredentials: string;
  emptyAwsConfig: string;
  emptyAwsCredentials: string;
  /** IAM DSN: profile `bench`, signed for the endpoint, socket to the fixture, STS at the emulator. */
  iamDsn: DsnInput;
  /** Database-auth (scram) DSN for the fixture's db user (the password is not in it). */
  dbDsn: DsnInput;
  iamDsnFile: string;
  dbDsnFile: string;
  /** libpq conninfo for `user`: host = endpoint name, hostaddr = loopback, sslmode require + the CA. */
  conninfo(user: string): string;
  /** A child's whole environment: PATH, a temp HOME, the bench AWS files, IMDS off, STS guarded. */
  childEnv(extra?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

/** Variables that could point the measured code anywhere but the bench's own files and loopback. */
const STRIPPED = /^(AWS_|PG|HTTPS?_PROXY$|NO_PROXY$)/i;

/** Makes this process's environment the one the app would see with the bench's AWS files. */
function hardenOwnEnv(awsConfig: string, awsCredentials: string): void {
  for (const name of Object.keys(process.env)) if (STRIPPED.test(name)) Reflect.deleteProperty(process.env, name);
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = awsConfig;
  process.env.AWS_SHARED_CREDENTIALS_FILE = awsCredentials;
  process.env.AWS_ENDPOINT_URL_STS = STS_GUARD_URL;
}

/** Starts the STS emulator in a child (`bench/run.mjs --child sts`); it stops when our stdin pipe closes. */
async function startStsChild(key: { accessKeyId: string; secretAccessKey: string }): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [RUN_SCRIPT, '--child', 'sts'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin?.write(`${JSON.stringify({ keys: [{ ...key, userName: 'bench' }] })}\n`);
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the STS emulator child exited (${String(code)})`)));
    lines.once('line', (line) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && 'url' in parsed && typeof parsed.url === 'string') resolve(parsed.url);
      else reject(new Error('the STS emulator child gave no URL'));
    });
  });
  lines.close();
  return { url, child };
}

export async function startSetup(): Promise<BenchSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'iamdsn-bench-'));
  const files = {
    awsConfig: join(dir, 'aws-config'),
    awsCredentials: join(dir, 'aws-credentials'),
    emptyAwsConfig: join(dir, 'empty-aws-config'),
    emptyAwsCredentials: join(dir, 'empty-aws-credentials'),
    iamDsnFile: join(dir, 'iam-dsn.json'),
    dbDsnFile: join(dir, 'db-dsn.json'),
    home: join(dir, 'home'),
  };
  hardenOwnEnv(files.awsConfig, files.awsCredentials);
  let fixture: IamPostgresInternals | undefined;
  let sts: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    if (sts !== undefined && sts.exitCode === null) {
      const exited = new Promise<void>((resolve) => sts?.once('exit', () => resolve()));
      sts.stdin?.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (sts.exitCode === null && sts.pid !== undefined) process.kill(sts.pid, 'SIGKILL');
    }
    await fixture?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    fixture = await startIamPostgres();
    const key = fixture.keys[0];
    if (key === undefined) throw new Error('the fixture made no access key');
    const started = await startStsChild(key);
    sts = started.child;
    const f = fixture;
    const base: DsnInput = {
      ...defaultDsn(),
      name: 'bench',
      server: f.endpointHost,
      port: f.endpointPort,
      user: f.iamUser,
      database: f.database,
      region: f.region,
      sslMode: 'require',
      credentialSource: { kind: 'profile', profile: PROFILE },
      connectViaHost: '127.0.0.1',
      connectViaPort: f.port,
      caBundlePath: f.caPath,
      stsEndpoint: started.url,
    };
    const iamDsn = dsnSchema.parse(base);
    const dbDsn = dsnSchema.parse({ ...base, name: 'bench-db', authType: 'database', user: f.dbUser, credentialSource: { kind: 'default' }, stsEndpoint: '' });
    await writeFile(files.awsConfig, `[profile ${PROFILE}]\nregion = ${f.region}\n`, { mode: 0o600 });
    await writeFile(files.awsCredentials, `[${PROFILE}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`, { mode: 0o600 });
    await writeFile(files.emptyAwsConfig, '', { mode: 0o600 });
    await writeFile(files.emptyAwsCredentials, '', { mode: 0o600 });
    await writeFile(files.iamDsnFile, `${JSON.stringify(iamDsn, null, 2)}\n`);
    await writeFile(files.dbDsnFile, `${JSON.stringify(dbDsn, null, 2)}\n`);
    await mkdir(join(files.home, '.config'), { recursive: true });
    return {
      dir,
      fixture: f,
      stsUrl: started.url,
      ...files,
      iamDsn,
      dbDsn,
      conninfo: (user) => `host=${f.endpointHost} hostaddr=127.0.0.1 port=${f.port} dbname=${f.database} user=${user} sslmode=require sslrootcert=${f.caPath}`,
      childEnv: (extra = {}) => ({
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: files.home,
        XDG_CONFIG_HOME: join(files.home, '.config'),
        LANG: 'C.UTF-8',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: files.awsConfig,
        AWS_SHARED_CREDENTIALS_FILE: files.awsCredentials,
        AWS_ENDPOINT_URL_STS: STS_GUARD_URL,
        ...extra,
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
