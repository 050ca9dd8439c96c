/**
 * Issue #4, acceptance 1: ODBC and Node.js clients against the IAM PostgreSQL fixture.
 * - isql (unixODBC) with Debian's community psqlODBC driver ("PostgreSQL Unicode"): the
 *   `odbc-community` export with a live token as Password logs in; so does its recipe (the note's
 *   aws CLI command, token put into Password={…}).
 * - What the community driver does with the AWS driver's `odbc` export: it ignores AuthType,
 *   Region, IamHost and TokenExpiration and sends NO password (fe_sendauth: no password supplied),
 *   so users of psqlODBC must pick "ODBC (community psqlODBC)". As exported (the AWS driver's name)
 *   on a machine with only psqlODBC, unixODBC answers "Can't open lib 'AWS Unicode ODBC Driver for
 *   PostgreSQL' : file not found".
 * - The `node` snippet, run by a real node process (pg and @aws-sdk/rds-signer from this repo's
 *   node_modules, AWS credentials from the environment): SELECT current_user.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import { type Dsn } from '../../shared/dsn';
import type { ExportFormat, ExportOutput } from '../../shared/export-types';
import { AWS_ODBC_DRIVER, COMMUNITY_ODBC_DRIVER } from '../../shared/formats/odbc';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { requireTool } from '../support/require-tool';
import { clientEnv } from './clients-env';
import { createTestApp } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let fixture: IamPostgresInternals;
let dir: string;
let handlers: ApiHandlers;
let env: Record<string, string>;
let dsn: Dsn;

beforeAll(async () => {
  fixture = await startIamPostgres();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-clients-odbc-node-'));
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  env = clientEnv(dir, key);
  dsn = fixtureIamDsn(fixture, {
    name: 'fixture',
    sslMode: 'require',
    connectTimeoutSeconds: 20,
  });
  ({ handlers } = createTestApp(join(dir, 'app'), { credentialProviderFactory: () => async () => key }));
});

afterAll(async () => {
  await fixture?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function exported(format: ExportFormat, live: boolean): Promise<ExportOutput> {
  const r = await handlers.exportDsn({ dsn, format, includeToken: live, includePassword: false });
  if (!r.ok) throw new Error(r.error.message);
  if (!live) expect(r.value.text).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
  return r.value;
}

const accepts = async (): Promise<string[]> => (await fixture.verifierLog()).filter((l) => l.startsWith('accept'));
const acceptLine = (): string => `accept user=${fixture.iamUser} key=${fixture.keys[0]?.accessKeyId}`;

/** isql -k (SQLDriverConnect) with a connection string; runs `select current_user`. */
function isql(connstr: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('isql', ['-k', '-b', '-v', '-d|', connstr], { env, input: 'select current_user\n', encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!requireTool('psqlodbc', 'clients-odbc-node: isql with the community psqlODBC driver'))('isql with the community psqlODBC driver', { timeout: 90_000 }, () => {
  it('odbc-community × live: the token as Password={…} logs in', async () => {
    const out = await exported('odbc-community', true);
    expect(out.containsSecret).toBe(true);
    expect(out.text).toMatch(/^Driver=\{PostgreSQL Unicode\};Servername=.*;Password=\{[^}]*X-Amz-Signature=[0-9a-f]+[^}]*\}$/);
    const before = (await accepts()).length;
    const r = isql(out.text);
    expect(r.stdout + r.stderr).not.toMatch(/\[ISQL\]ERROR|\[unixODBC\]/);
    expect(r.stdout.split('\n').map((l) => l.trim())).toContain(fixture.iamUser);
    expect(await accepts()).toHaveLength(before + 1);
    expect((await accepts()).at(-1)).toBe(acceptLine());
  });

  it('odbc-community × recipe: the note\'s aws CLI command makes the token that goes into Password={…}', async () => {
    const out = await exported('odbc-community', false);
    const note = out.notes.find((n) => n.startsWith('psqlODBC cannot sign IAM tokens'));
    const command = note?.match(/Make one with: (aws rds generate-db-auth-token .*) — it lasts 15 minutes\.$/)?.[1];
    if (command === undefined) throw new Error(`no recipe in ${JSON.stringify(out.notes)}`);
    const made = spawnSync('/bin/bash', ['-c', command], { env, encoding: 'utf8', timeout: 60_000 });
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim();
    const before = (await accepts()).length;
    const r = isql(`${out.text};Password={${token.replace(/\}/g, '}}')}}`);
    expect(r.stdout.split('\n').map((l) => l.trim())).toContain(fixture.iamUser);
    expect(await accepts()).toHaveLength(before + 1);
    expect((await accepts()).at(-1)).toBe(acceptLine());
  });

  it('the AWS driver\'s odbc export through psqlODBC: AWS keys ignored, no password sent (pick odbc-community)', async () => {
    const out = await exported('odbc', true);
    // No token for a format whose driver signs its own; the note says which variant psqlODBC needs.
    expect(out.containsSecret).toBe(false);
    expect(out.notes.join('\n')).toMatch(/community psqlODBC driver ignores AuthType, Region, IamHost and TokenExpiration: use the odbc-community format/);
    const before = await fixture.verifierLog();
    // As exported: only psqlODBC is installed, so the AWS driver's name is not found at all.
    const asIs = isql(out.text);
    expect(asIs.stdout).toContain(`Can't open lib '${AWS_ODBC_DRIVER}'`);
    // The same string with the community driver: it reads Server/Port/Database/UserName/pqopt and ignores the rest.
    const r = isql(out.text.replace(`{${AWS_ODBC_DRIVER}}`, `{${COMMUNITY_ODBC_DRIVER}}`));
    expect(r.stdout).toMatch(/^\[08001\]connection to server at "127\.0\.0\.1", port \d+ failed: fe_sendauth: no password supplied/);
    expect(r.stdout.split('\n').map((l) => l.trim())).not.toContain(fixture.iamUser);
    // No token ever reached the server.
    expect(await fixture.verifierLog()).toEqual(before);
  });
});

describe('node snippet, run by a real node process', { timeout: 90_000 }, () => {
  /** Writes the snippet (plus a query) as an .mjs next to a node_modules link to this repo's, and runs it. */
  function runSnippet(name: string, text: string): { status: number | null; stdout: string; stderr: string } {
    const folder = mkdtempSync(join(dir, `${name}-`));
    symlinkSync(join(repoRoot, 'node_modules'), join(folder, 'node_modules'), 'dir');
    const file = join(folder, 'connect.mjs');
    writeFileSync(file, `${text}\nconst { rows } = await client.query('select current_user');\nconsole.log(rows[0].current_user);\nawait client.end();\n`);
    const r = spawnSync(process.execPath, [file], { cwd: folder, env, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
  }

  it('node × recipe: @aws-sdk/rds-signer signs with the environment\'s keys for server:port; pg verifies TLS with the CA', async () => {
    const out = await exported('node', false);
    expect(out.text).toContain("import { Signer } from '@aws-sdk/rds-signer';");
    expect(out.text).toContain('password: () => signer.getAuthToken(),');
    const before = (await accepts()).length;
    const r = runSnippet('recipe', out.text);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(fixture.iamUser);
    expect(await accepts()).toHaveLength(before + 1);
    expect((await accepts()).at(-1)).toBe(acceptLine());
  });

  it('node × live: the token signed by the app is the password string', async () => {
    const out = await exported('node', true);
    expect(out.containsSecret).toBe(true);
    expect(out.text).not.toContain('@aws-sdk/rds-signer');
    const before = (await accepts()).length;
    const r = runSnippet('live', out.text);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(fixture.iamUser);
    expect(await accepts()).toHaveLength(before + 1);
  });
});
