/**
 * The python and node snippets, run for real by python3 and node with stub modules in place of
 * the AWS wrapper, psycopg, pg and the RDS signer: every value the snippet passes arrives exactly,
 * hostile characters included.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dsn } from '../../shared/dsn';
import { exportDsn } from '../../shared/formats';
import { clientSslMode, tunnelPlan } from '../../shared/formats/common';
import { libpqParams } from '../../shared/formats/libpq';
import { dsnArbitrary, hostileString } from '../support/dsn-arbitraries';
import { DB_DSN, IAM_DSN, IAM_TUNNEL_DSN } from '../support/dsn-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

// Python stubs: the wrapper and psycopg print what they are called with.
write(
  join(dir, 'py', 'aws_advanced_python_wrapper', '__init__.py'),
  `import json, os
class AwsWrapperConnection:
    @staticmethod
    def connect(target, *args, **kwargs):
        print(json.dumps({"target": target.__qualname__, "args": args, "kwargs": kwargs, "AWS_PROFILE": os.environ.get("AWS_PROFILE")}))
`,
);
write(
  join(dir, 'py', 'psycopg', '__init__.py'),
  `import json, os
class Connection:
    @staticmethod
    def connect(*args, **kwargs):
        raise RuntimeError("the wrapper calls this, not the snippet")
def connect(*args, **kwargs):
    print(json.dumps({"target": "psycopg.connect", "args": args, "kwargs": kwargs, "AWS_PROFILE": os.environ.get("AWS_PROFILE")}))
`,
);

// Node stubs: pg.Client.connect resolves the password (calling the signer) and prints the config.
const esm = (name: string, code: string): void => {
  write(join(dir, 'js', 'node_modules', name, 'package.json'), JSON.stringify({ name, type: 'module', main: 'index.js' }));
  write(join(dir, 'js', 'node_modules', name, 'index.js'), code);
};
esm(
  'pg',
  `export default { Client: class {
  constructor(config) { this.config = config; }
  async connect() {
    const c = this.config;
    const password = typeof c.password === 'function' ? await c.password() : c.password;
    const ssl = c.ssl && { ...c.ssl, checkServerIdentity: typeof c.ssl.checkServerIdentity };
    console.log(JSON.stringify({ config: { ...c, password, ssl }, signer: globalThis.signerConfig ?? null }));
  }
} };`,
);
esm(
  '@aws-sdk/rds-signer',
  `export class Signer {
  constructor(config) { globalThis.signerConfig = JSON.parse(JSON.stringify(config, (k, v) => (typeof v === 'function' ? 'function' : v))); }
  async getAuthToken() { return 'TOKEN-FROM-SIGNER'; }
}`,
);
esm('@aws-sdk/credential-providers', `export const fromIni = (o) => ({ fromIni: o });\nexport const fromTemporaryCredentials = (o) => ({ fromTemporaryCredentials: o });`);

interface Printed {
  target?: string;
  kwargs?: Record<string, unknown>;
  AWS_PROFILE?: string | null;
  config?: Record<string, unknown>;
  signer?: Record<string, unknown> | null;
}

function runPython(code: string): Printed {
  const file = join(dir, 'py', 'snippet.py');
  writeFileSync(file, code);
  const r = spawnSync('/usr/bin/python3', [file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PYTHONPATH: join(dir, 'py') } });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}\n${code}`);
  return JSON.parse(r.stdout) as Printed;
}

function runNode(code: string): Printed {
  const file = join(dir, 'js', 'snippet.mjs');
  writeFileSync(file, code);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: join(dir, 'js'), env: { PATH: process.env.PATH ?? '' } });
  if (r.status !== 0) throw new Error(`node failed: ${r.stderr}\n${code}`);
  return JSON.parse(r.stdout) as Printed;
}

/** What the wrapper must receive for an IAM DSN. */
function wrapperKwargs(dsn: Dsn): Record<string, unknown> {
  const t = tunnelPlan(dsn);
  return {
    host: t.host,
    port: t.port,
    dbname: dsn.database,
    user: dsn.user,
    plugins: 'iam',
    iam_region: dsn.region,
    iam_host: dsn.server,
    iam_default_port: dsn.port,
    iam_expiration: dsn.tokenExpirationSeconds,
    sslmode: clientSslMode(dsn, t.host, 'libpq', []),
    ...(dsn.caBundlePath !== '' ? { sslrootcert: dsn.caBundlePath } : {}),
    connect_timeout: dsn.connectTimeoutSeconds,
  };
}

/** A CA bundle file whose name holds hostile characters, so node's readFileSync finds it. */
function withCaFile(dsn: Dsn, name: string): Dsn {
  if (dsn.caBundlePath === '') return dsn;
  const path = join(dir, `ca ${name.replace(/[/\n\0]/g, '_')}.pem`);
  writeFileSync(path, '-----BEGIN CERTIFICATE-----\nstub\n-----END CERTIFICATE-----\n');
  return { ...dsn, caBundlePath: path };
}

describe('python snippet, run by python3', () => {
  it('IAM: AwsWrapperConnection.connect(psycopg.Connection.connect, …) with the documented iam_* parameters', () => {
    const printed = runPython(exportDsn(IAM_TUNNEL_DSN, 'python').text);
    expect(printed).toEqual({ target: 'Connection.connect', args: [], kwargs: wrapperKwargs(IAM_TUNNEL_DSN), AWS_PROFILE: 'prod-ro' });
  });

  it('database auth: psycopg.connect with libpq parameters and the password', () => {
    const printed = runPython(exportDsn(DB_DSN, 'python', { secret: { kind: 'password', value: 'p"w\\d\'$x' } }).text);
    expect(printed.target).toBe('psycopg.connect');
    expect(printed.kwargs).toEqual({ ...Object.fromEntries(libpqParams(DB_DSN, 'p"w\\d\'$x')), port: 6432, connect_timeout: 5 });
  });

  it('property: hostile values arrive exactly', () => {
    fc.assert(
      fc.property(dsnArbitrary({ newlines: true }), (dsn) => {
        const printed = runPython(exportDsn(dsn, 'python').text);
        if (dsn.authType === 'iam') {
          expect(printed.kwargs).toEqual(wrapperKwargs(dsn));
        } else {
          const numeric = new Set(['port', 'connect_timeout']);
          expect(printed.kwargs).toEqual(Object.fromEntries(libpqParams(dsn).map(([k, v]) => [k, numeric.has(k) ? Number(v) : v])));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('node snippet, run by node', () => {
  it('IAM: the password callback signs for server:port; TLS verifies the chain and the server name (never switched off)', () => {
    const dsn = withCaFile(IAM_TUNNEL_DSN, 'x');
    const printed = runNode(exportDsn(dsn, 'node').text);
    expect(printed.signer).toEqual({ hostname: IAM_DSN.server, port: 5432, region: 'us-east-1', username: 'app_user', profile: 'prod-ro' });
    expect(printed.config).toEqual({
      host: '127.0.0.1',
      port: 15432,
      database: 'orders',
      user: 'app_user',
      password: 'TOKEN-FROM-SIGNER',
      // No checkServerIdentity of its own: Node checks the certificate against servername, as the app's test does.
      ssl: { ca: '-----BEGIN CERTIFICATE-----\nstub\n-----END CERTIFICATE-----\n', checkServerIdentity: 'undefined', servername: IAM_DSN.server },
      connectionTimeoutMillis: 10000,
    });
  });

  it('IAM with a role to assume: the signer gets temporary credentials from the role, with an MFA prompt', () => {
    const dsn: Dsn = {
      ...IAM_TUNNEL_DSN,
      caBundlePath: '',
      assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/db', sessionName: 'dsn', externalId: 'ext-1', durationSeconds: 3600, mfaSerial: 'arn:aws:iam::123456789012:mfa/me' },
      stsEndpoint: 'https://sts.us-east-1.amazonaws.com',
    };
    const printed = runNode(exportDsn(dsn, 'node').text);
    expect(printed.signer).toEqual({
      hostname: IAM_DSN.server,
      port: 5432,
      region: 'us-east-1',
      username: 'app_user',
      credentials: {
        fromTemporaryCredentials: {
          masterCredentials: { fromIni: { profile: 'prod-ro' } },
          params: { RoleArn: 'arn:aws:iam::123456789012:role/db', RoleSessionName: 'dsn', ExternalId: 'ext-1', DurationSeconds: 3600, SerialNumber: 'arn:aws:iam::123456789012:mfa/me' },
          clientConfig: { region: 'us-east-1', endpoint: 'https://sts.us-east-1.amazonaws.com' },
          mfaCodeProvider: 'function',
        },
      },
    });
  });

  it('live token and database password: embedded as the password string', () => {
    const live = runNode(exportDsn(IAM_DSN, 'node', { secret: { kind: 'token', value: 'tok"en`${x}`\\' } }).text);
    expect(live.signer).toBeNull();
    expect(live.config?.password).toBe('tok"en`${x}`\\');
    const db = runNode(exportDsn(DB_DSN, 'node').text);
    expect(db.config).not.toHaveProperty('password');
    expect(db.config?.ssl).toEqual({ rejectUnauthorized: false, checkServerIdentity: 'undefined' }); // the stub reports typeof
  });

  it('property: hostile values arrive exactly', () => {
    fc.assert(
      fc.property(dsnArbitrary({ newlines: true }), hostileString(20), (raw, caName) => {
        const dsn = withCaFile(raw, caName);
        const printed = runNode(exportDsn(dsn, 'node').text);
        const t = tunnelPlan(dsn);
        expect(printed.config).toMatchObject({ host: t.host, port: t.port, database: dsn.database, user: dsn.user });
        if (dsn.authType === 'iam') {
          expect(printed.config?.password).toBe('TOKEN-FROM-SIGNER');
          expect(printed.signer).toMatchObject({ hostname: dsn.server, port: dsn.port, region: dsn.region, username: dsn.user });
        }
        if (dsn.sslMode === 'disable') expect(printed.config?.ssl).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
