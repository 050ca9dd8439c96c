/**
 * The generated SQL on a REAL PostgreSQL 15 (the IAM fixture): run as the superuser over the
 * fixture's unix socket, it creates roles with exactly the hostile names asked for, members of
 * rds_iam, that then log in with an IAM token through the fixture's PAM check, with the schema
 * privileges asked for and no more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSetupSql, quoteIdent, roleNameProblem, type SchemaPrivilege } from '../../shared/iam-setup';
import { PG_KEYWORDS } from '../../shared/iam-setup/pg-keywords';
import { PG_BIN, runAsPostgres } from '../fixture/fixture-shell';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { connectError, fixtureRequest, signerToken } from '../fixture/fixture-tokens';
import pg from 'pg';

let fixture: IamPostgresInternals;

beforeAll(async () => {
  fixture = await startIamPostgres();
}, 180_000);

afterAll(async () => {
  await fixture?.stop();
});

/** Runs `sql` as the `postgres` superuser (peer auth on the fixture's socket); psql variables from `vars`. Unaligned, tuples only. */
async function superuserSql(sql: string, vars: Record<string, string> = {}, extraArgs: string[] = []): Promise<string> {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', fixture.dir, '-p', String(fixture.port), '-U', 'postgres', '-d', fixture.database, ...extraArgs];
  for (const [name, value] of Object.entries(vars)) args.push('-v', `${name}=${value}`);
  const { stdout } = await runAsPostgres(`${PG_BIN}/psql`, [...args, '-f', '-'], { input: sql });
  return extraArgs.length > 0 ? stdout : stdout.trim();
}

/** Connects as `user` with an IAM token signed for it (the fixture lets only rds_iam members in this way). */
async function asIamUser<T>(user: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const token = await signerToken(fixtureRequest(fixture, { username: user }));
  const client = new pg.Client({
    host: fixture.host,
    port: fixture.port,
    user,
    database: fixture.database,
    password: token,
    ssl: { ca: fixture.caPem, servername: fixture.endpointHost },
    connectionTimeoutMillis: 20_000,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const HOSTILE_USERS = ['Robert"); DROP TABLE x;--', 'MixedCase', 'select', 'ユーザー', 'with space', "O'Brien", '"', 'new\nline', 'back\\slash \\! echo', "psql :'var' :var", 'plain_user'];

describe('generated SQL on a real PostgreSQL', () => {
  it.each(HOSTILE_USERS)('creates %j exactly, in rds_iam, able to log in with an IAM token', async (name) => {
    expect(roleNameProblem(name)).toBeUndefined();
    await superuserSql('CREATE TABLE IF NOT EXISTS x (id int);');
    await superuserSql(buildSetupSql({ dbUser: name }));

    const row = await superuserSql(
      `SELECT count(*) OVER (), r.rolcanlogin, pg_has_role(r.oid, 'rds_iam', 'MEMBER'),
              EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname = 'rds_iam')
         FROM pg_roles r WHERE r.rolname = :'name';`,
      { name },
    );
    expect(row).toBe('1|t|t|t');
    // The injection attempt did not run.
    expect(await superuserSql(`SELECT to_regclass('public.x') IS NOT NULL;`)).toBe('t');

    const whoami = await asIamUser(name, async (client) => (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0]?.u);
    expect(whoami).toBe(name);
  });

  it('quotes exactly where PostgreSQL’s own quote_ident does, and also every key word', async () => {
    const names = [...HOSTILE_USERS, 'reader', '_x1', '1abc', 'dollar$', 'ÄÖÜ', ...PG_KEYWORDS];
    const values = names.map((n, i) => `(${i}, $n${i}$${n}$n${i}$)`).join(',\n');
    // One record per name, NUL-terminated: names may hold newlines.
    const out = await superuserSql(`SELECT quote_ident(n) FROM (VALUES ${values}) AS v(i, n) ORDER BY i;`, {}, ['--record-separator-zero']);
    const theirs = out.split('\0').slice(0, names.length);
    expect(theirs).toHaveLength(names.length);
    names.forEach((name, i) => {
      const ours = quoteIdent(name);
      if (PG_KEYWORDS.has(name)) expect(ours).toBe(`"${name}"`);
      else expect(ours, name).toBe(theirs[i]);
    });
  });

  it('every key word quoted is a valid role name', async () => {
    const words = [...PG_KEYWORDS].filter((w) => roleNameProblem(w) === undefined && !HOSTILE_USERS.includes(w));
    const sql = words.map((w) => `CREATE ROLE ${quoteIdent(w)}; DROP ROLE ${quoteIdent(w)};`).join('\n');
    await expect(superuserSql(`BEGIN;\n${sql}\nCOMMIT;`)).resolves.toBe('');
  });

  it('rejects what PostgreSQL rejects or would silently cut', async () => {
    for (const reserved of ['public', 'none', 'pg_reader']) {
      expect(roleNameProblem(reserved)).toBeDefined();
      await expect(superuserSql(buildSetupSql({ dbUser: reserved }))).rejects.toThrow(/reserved/);
    }
    const long = 'ü'.repeat(32);
    expect(roleNameProblem(long)).toMatch(/64 bytes/);
    // PostgreSQL cuts it to 63 bytes (62 here: it keeps whole characters): the role would not have the name.
    await superuserSql(buildSetupSql({ dbUser: long }));
    expect(await superuserSql(`SELECT count(*) FILTER (WHERE rolname::text = :'long'), count(*) FILTER (WHERE rolname::text = left(:'long', 31)) FROM pg_roles;`, { long })).toBe('0|1');
  });
});

async function privileges(user: string, table: string): Promise<Record<'select' | 'insert' | 'update' | 'delete', boolean>> {
  return asIamUser(user, async (client) => {
    const attempt = async (sql: string): Promise<boolean> => {
      try {
        await client.query(sql);
        return true;
      } catch (err) {
        if (typeof err === 'object' && err !== null && 'code' in err && err.code === '42501') return false;
        throw err;
      }
    };
    const t = `"Sales Data".${table}`;
    return {
      select: await attempt(`SELECT * FROM ${t}`),
      insert: await attempt(`INSERT INTO ${t} (v) VALUES ('new')`),
      update: await attempt(`UPDATE ${t} SET v = 'changed'`),
      delete: await attempt(`DELETE FROM ${t} WHERE v = 'changed'`),
    };
  });
}

describe('schema grants on a real PostgreSQL', () => {
  it.each<[SchemaPrivilege, string, boolean]>([
    ['read-only', 'Reader "RO"', false],
    ['read-write', 'Writer "RW"', true],
  ])('%s gives %j the privileges on existing and later tables', async (privilege, user, writes) => {
    await superuserSql(`CREATE SCHEMA IF NOT EXISTS "Sales Data"; CREATE TABLE IF NOT EXISTS "Sales Data".before (id serial PRIMARY KEY, v text);`);
    await superuserSql(buildSetupSql({ dbUser: user, schemaGrant: { schema: 'Sales Data', privilege } }));
    // Created after the grants, by the role that ran them: the default privileges apply.
    await superuserSql(`CREATE TABLE IF NOT EXISTS "Sales Data".later (id serial PRIMARY KEY, v text);`);
    const expected = { select: true, insert: writes, update: writes, delete: writes };
    expect(await privileges(user, 'before')).toEqual(expected);
    expect(await privileges(user, 'later')).toEqual(expected);
  });

  it('without rds_iam, the same user could not log in with a token', async () => {
    await superuserSql(`CREATE ROLE no_grant LOGIN;`);
    const token = await signerToken(fixtureRequest(fixture, { username: 'no_grant' }));
    expect((await connectError(fixture, { user: 'no_grant', password: token })).code).toBe('28P01');
  });
});
