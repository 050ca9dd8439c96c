/**
 * Issue #4, acceptance 1 and 3: what users paste, used by the REAL psql (libpq) against the IAM
 * PostgreSQL fixture (TLS, tokens checked by PAM like RDS). One test per format × mode:
 * `uri`, `keyword`, `env`, `pgpass` and the `psql` line, each
 * - live: the token signed by the app's signer, through the app's own export handler;
 * - recipe: no secret in the text; the recipe runs the REAL `aws` CLI with the fixture's keys in
 *   the environment, and the verifier must log `accept` for that key.
 * The DSN is the one users have: server = the endpoint name (never resolves: .invalid), the socket
 * via 127.0.0.1:port (libpq's hostaddr), sslrootcert = the fixture CA (require + root cert = verify-ca).
 * The live .pgpass goes through Save to file (saveExport) and must be 0600, or libpq ignores it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import { type Dsn } from '../../shared/dsn';
import type { ExportFormat, ExportOutput } from '../../shared/export-types';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { requireTool } from '../support/require-tool';
import { clientEnv } from './clients-env';
import { createTestApp } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const PSQL = '/usr/bin/psql';
const QUERY = `-X -A -t -c 'select current_user'`;

let fixture: IamPostgresInternals;
let dir: string;
let handlers: ApiHandlers;
let savePath = '';
let env: Record<string, string>;
let dsn: Dsn;

beforeAll(async () => {
  fixture = await startIamPostgres();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-clients-psql-'));
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  // What the user's shell has: AWS keys in the environment, nothing else of ours (no PG*, no ~/.pgpass).
  env = { ...clientEnv(dir, key), PGCONNECT_TIMEOUT: '20' };
  dsn = fixtureIamDsn(fixture, {
    name: 'fixture',
    sslMode: 'require',
  });
  // The app's own handlers: live tokens come from its TokenSigner (the fixture's key as the AWS credentials).
  const saveDialog = { choosePath: () => Promise.resolve(savePath) };
  ({ handlers } = createTestApp(join(dir, 'app'), { credentialProviderFactory: () => async () => key, saveDialog }));
});

afterAll(async () => {
  await fixture?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function exported(format: ExportFormat, live: boolean): Promise<ExportOutput> {
  const r = await handlers.exportDsn({ dsn, format, includeToken: live, includePassword: false });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.containsSecret).toBe(live);
  if (!live) expect(r.value.text).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
  return r.value;
}

/** The shell line of the recipe note: `export PGPASSWORD="$(aws rds generate-db-auth-token …)"`. */
function recipeLine(output: ExportOutput): string {
  const note = output.notes.find((n) => n.includes('export PGPASSWORD="$(aws rds generate-db-auth-token'));
  if (note === undefined) throw new Error(`no recipe note in ${JSON.stringify(output.notes)}`);
  return note.slice(note.indexOf('export PGPASSWORD='));
}

/** Runs a bash script as the user would paste it; returns psql's stdout. */
function bash(script: string, extra: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/bin/bash', ['-c', script], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

const accepts = async (): Promise<string[]> => (await fixture.verifierLog()).filter((l) => l.startsWith('accept'));

/** Runs `script` and expects psql to log in as the IAM user with ONE token the verifier accepted for the fixture key. */
async function expectAcceptedLogin(script: string, extra: Record<string, string> = {}): Promise<void> {
  const before = (await accepts()).length;
  const run = bash(script, extra);
  expect(run.stderr, run.stderr).not.toMatch(/error|FATAL|WARNING/i);
  expect(run.status).toBe(0);
  expect(run.stdout).toBe(fixture.iamUser);
  const after = await accepts();
  expect(after).toHaveLength(before + 1);
  expect(after.at(-1)).toBe(`accept user=${fixture.iamUser} key=${fixture.keys[0]?.accessKeyId}`);
}

describe.skipIf(!requireTool('psql', 'clients-psql: psql against the IAM fixture'))('psql (real libpq) against the IAM fixture', { timeout: 90_000 }, () => {
  it('uri × live: the token is in the URI', async () => {
    const out = await exported('uri', true);
    await expectAcceptedLogin(`${PSQL} "$EXPORT" ${QUERY}`, { EXPORT: out.text });
  });

  it('uri × recipe: the note\'s line makes the token with the aws CLI', async () => {
    const out = await exported('uri', false);
    await expectAcceptedLogin(`${recipeLine(out)}\n${PSQL} "$EXPORT" ${QUERY}`, { EXPORT: out.text });
  });

  it('keyword × live', async () => {
    const out = await exported('keyword', true);
    await expectAcceptedLogin(`${PSQL} "$EXPORT" ${QUERY}`, { EXPORT: out.text });
  });

  it('keyword × recipe', async () => {
    const out = await exported('keyword', false);
    await expectAcceptedLogin(`${recipeLine(out)}\n${PSQL} "$EXPORT" ${QUERY}`, { EXPORT: out.text });
  });

  it('env × live: the export lines, then a bare psql', async () => {
    const out = await exported('env', true);
    await expectAcceptedLogin(`${out.text}\n${PSQL} ${QUERY}`);
  });

  it('env × recipe: the last line runs the aws CLI', async () => {
    const out = await exported('env', false);
    expect(out.text).toContain('export PGPASSWORD="$(aws rds generate-db-auth-token');
    await expectAcceptedLogin(`${out.text}\n${PSQL} ${QUERY}`);
  });

  it('psql × live: the command line as exported (plus the query)', async () => {
    const out = await exported('psql', true);
    expect(out.text).toMatch(/^PGPASSWORD='[^']*X-Amz-Signature=[0-9a-f]+[^']*' psql 'host=/);
    await expectAcceptedLogin(`${out.text} ${QUERY}`);
  });

  it('psql × recipe: PGPASSWORD="$(aws …)" psql …', async () => {
    const out = await exported('psql', false);
    expect(out.text).toMatch(/^PGPASSWORD="\$\(aws rds generate-db-auth-token .*\)" psql '/);
    await expectAcceptedLogin(`${out.text} ${QUERY}`);
  });

  it('pgpass × live: saved with Save to file (0600) and read by psql through PGPASSFILE', async () => {
    savePath = join(dir, 'live.pgpass');
    const saved = await handlers.saveExport({ dsn, format: 'pgpass', includeToken: true, includePassword: false });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({ path: savePath, mode: '0600', containsSecret: true });
    expect((statSync(savePath).mode & 0o777).toString(8)).toBe('600');
    // The connection settings without a secret (keyword, recipe mode); the password from the file.
    const conninfo = (await exported('keyword', false)).text;
    await expectAcceptedLogin(`${PSQL} "$EXPORT" ${QUERY}`, { EXPORT: conninfo, PGPASSFILE: savePath });
  });

  it('pgpass × recipe: the comment line writes ~/.pgpass (0600) with a fresh token, psql reads it', async () => {
    const out = await exported('pgpass', false);
    const command = out.text.split('\n').find((l) => l.startsWith('# ( set -e; umask 077;'));
    if (command === undefined) throw new Error(out.text);
    const conninfo = (await exported('keyword', false)).text;
    const pgpass = join(dir, '.pgpass');
    writeFileSync(pgpass, 'other.example.com:5432:*:bob:keep-me\n', { mode: 0o600 });
    await expectAcceptedLogin(`${command.slice(2)}\n${PSQL} "$EXPORT" ${QUERY}`, { EXPORT: conninfo, PGPASSFILE: pgpass });
    expect((statSync(pgpass).mode & 0o777).toString(8)).toBe('600');
    expect(readFileSync(pgpass, 'utf8')).toContain('other.example.com:5432:*:bob:keep-me\n');
  });
});
