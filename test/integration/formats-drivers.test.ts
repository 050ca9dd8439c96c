/**
 * The tools users paste into, for real: the community psqlODBC driver (through unixODBC) and psql
 * (libpq, .pgpass) connect to a fake PostgreSQL server on loopback that records the user, database
 * and password they send. Skipped where the tools are not installed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dsn } from '../../shared/dsn';
import { exportDsn, type ExportFormat } from '../../shared/formats';
import { recipeArgv } from '../../shared/formats/credentials';
import { AWS_ODBC_DRIVER, COMMUNITY_ODBC_DRIVER } from '../../shared/formats/odbc';
import { dsnArbitrary, hostileString } from '../support/dsn-arbitraries';
import { DB_DSN, IAM_DSN, TOKEN } from '../support/dsn-fixtures';
import { probeAll, type ProbeJob, type ProbeResult } from '../support/pg-wire-probe';
import { psqlPath, requireTool } from '../support/require-tool';
import { ARG_SEP, stubToken } from '../support/shell-eval';

/** A placeholder port: the exports are made with it, then the fake server's port replaces it. */
const PLACEHOLDER = 65001;

/** The DSN pointed at the fake server: the server name stays, the socket goes to 127.0.0.1 (hostaddr). */
function viaLoopback(dsn: Dsn): Dsn {
  return { ...dsn, connectViaHost: '127.0.0.1', connectViaPort: PLACEHOLDER, sslMode: dsn.sslMode === 'disable' ? 'disable' : 'prefer', caBundlePath: '' };
}

/**
 * The fake server speaks no TLS, and an IAM export always requires it (a token only goes over
 * TLS): the probe's copy of the text asks for prefer instead, so the client reaches the server.
 */
function plaintextForProbe(text: string): string {
  return text.replace(/\b(sslmode|SSLmode|SSLMode)=require\b/, '$1=prefer');
}

function odbcJob(dsn: Dsn, format: ExportFormat, secret?: string): ProbeJob {
  const options = secret === undefined ? {} : { secret: { kind: dsn.authType === 'iam' ? ('token' as const) : ('password' as const), value: secret } };
  // The AWS driver is a psqlODBC fork that reads the string the same way: the community driver
  // stands in for it here (and shows what it does with the AWS-only keys).
  const text = plaintextForProbe(exportDsn(viaLoopback(dsn), format, options).text).replace(`{${AWS_ODBC_DRIVER}}`, `{${COMMUNITY_ODBC_DRIVER}}`);
  return { client: 'odbc', connstr: text.replace(`Port=${PLACEHOLDER}`, 'Port={PORT}') };
}

/** The single connection the server saw: startup parameters and password. */
function seen(r: ProbeResult | undefined): { user?: string; database?: string; password: string | null } {
  expect(r?.connections, r?.client.message).toHaveLength(1);
  const c = r?.connections[0];
  return { user: c?.startup?.user, database: c?.startup?.database, password: c?.password ?? null };
}


describe.skipIf(!requireTool('psqlodbc', 'formats/drivers: the community psqlODBC driver tests'))('community psqlODBC driver (real, through unixODBC)', { timeout: 60_000 }, () => {
  it('odbc-community: user, database and token/password arrive exactly; recipe mode sends no password', () => {
    const jobs = [odbcJob(IAM_DSN, 'odbc-community', TOKEN), odbcJob(DB_DSN, 'odbc-community', 'p;w}d={x}}'), odbcJob(IAM_DSN, 'odbc-community')];
    const [live, db, recipe] = probeAll(jobs);
    expect(seen(live)).toEqual({ user: 'app_user', database: 'orders', password: TOKEN });
    expect(seen(db)).toEqual({ user: 'report', database: 'analytics', password: 'p;w}d={x}}' });
    expect(recipe?.connections[0]?.password ?? null).toBeNull();
    expect(recipe?.client.message).toMatch(/no password supplied/);
  });

  it('what psqlODBC does with the AWS keys: ignores AuthType/Region/IamHost/TokenExpiration and sends no token', () => {
    const [r] = probeAll([odbcJob(IAM_DSN, 'odbc')]);
    expect(r?.connections[0]?.startup).toMatchObject({ user: 'app_user', database: 'orders' });
    expect(r?.connections[0]?.password ?? null).toBeNull();
    expect(r?.client.message).toMatch(/fe_sendauth: no password supplied/);
  });

  it('property: hostile user, database and secret, in odbc-community and (database auth) odbc', () => {
    const cases = fc.sample(
      fc.tuple(dsnArbitrary(), hostileString(40, { newlines: true }), hostileString(120, { newlines: true }), hostileString(200, { newlines: true }), fc.constantFrom<ExportFormat>('odbc-community', 'odbc')),
      { numRuns: 150, seed: 21 },
    );
    const dsns = cases.map(([dsn, user, database, , format]) => ({ ...dsn, user, database, authType: format === 'odbc' ? ('database' as const) : dsn.authType }));
    const results = probeAll(cases.map(([, , , secret, format], i) => odbcJob(dsns[i] as Dsn, format, secret)));
    cases.forEach(([, user, database, secret], i) => {
      expect(seen(results[i]), JSON.stringify(results[i])).toEqual({ user, database, password: secret });
    });
  });
});

const psql = psqlPath();

describe.skipIf(!requireTool('psql', 'formats/drivers: the psql and .pgpass tests'))('psql and .pgpass (real libpq)', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'drivers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, PGPASSFILE: join(dir, 'none') };

  /** Runs the psql export line in bash with the real psql, never prompting. */
  function psqlJob(dsn: Dsn, secret?: string): ProbeJob {
    const options = secret === undefined ? {} : { secret: { kind: dsn.authType === 'iam' ? ('token' as const) : ('password' as const), value: secret } };
    const line = plaintextForProbe(exportDsn(viaLoopback(dsn), 'psql', options).text).replace(`port=${PLACEHOLDER}`, 'port={PORT}');
    return { client: 'exec', argv: ['/bin/bash', '--norc', '-c', `${line} -w -X -c 'select 1'`], env: baseEnv };
  }

  it('psql export, live: the real psql sends exactly the hostile user, database and secret', () => {
    const cases = fc.sample(fc.tuple(dsnArbitrary(), hostileString(40, { newlines: true }), hostileString(60, { newlines: true }), hostileString(200, { newlines: true })), {
      numRuns: 40,
      seed: 31,
    });
    const dsns = cases.map(([dsn, user, database]) => ({ ...dsn, user, database }));
    const results = probeAll(cases.map(([, , , secret], i) => psqlJob(dsns[i] as Dsn, secret)));
    cases.forEach(([, user, database, secret], i) => expect(seen(results[i])).toEqual({ user, database, password: secret }));
  });

  it('pgpass export, live and recipe: libpq finds the line by host (not hostaddr) and reads the escaped token', () => {
    const dsn: Dsn = { ...IAM_DSN, user: "o'k:us\\er", database: 'db:1 x' };
    const conninfo = plaintextForProbe(exportDsn(viaLoopback(dsn), 'keyword').text).replace(`port=${PLACEHOLDER}`, 'port={PORT}');
    const psqlArgv = [psql as string, conninfo, '-w', '-X', '-c', 'select 1'];
    const live = exportDsn(viaLoopback(dsn), 'pgpass', { secret: { kind: 'token', value: TOKEN } }).text.replace(`:${PLACEHOLDER}:`, ':{PORT}:');
    const passfile = join(dir, 'pgpass');
    // The recipe comment, run by bash with an `aws` stub, writes the file; then psql reads it.
    const recipe = exportDsn(viaLoopback(dsn), 'pgpass').text.split('\n').find((l) => l.startsWith('# ( set -e;')) as string;
    const awsStub = `aws() { printf 'TOKEN'; for a in "$@"; do printf '\\037%s' "$a"; done; }`;
    const recipeScript = `${awsStub}\n${recipe.slice(2).replace(`:${PLACEHOLDER}:`, ':{PORT}:')}\nexec ${psqlArgv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`;
    const [fromLive, fromRecipe] = probeAll([
      { client: 'exec', argv: psqlArgv, env: { ...baseEnv, PGPASSFILE: passfile }, files: { [passfile]: `${live}\n` } },
      { client: 'exec', argv: ['/bin/bash', '--norc', '-c', recipeScript], env: { ...baseEnv, PGPASSFILE: join(dir, '.pgpass') } },
    ]);
    expect(seen(fromLive)).toEqual({ user: dsn.user, database: dsn.database, password: TOKEN });
    expect(seen(fromRecipe)).toEqual({ user: dsn.user, database: dsn.database, password: stubToken(recipeArgv(dsn, undefined).slice(1)) });
    expect(ARG_SEP).toBe('\u001f');
  });
});
