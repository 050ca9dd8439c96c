/**
 * The token files: `.pgpass` editing (checked against the real libpq, which reads the password
 * file when a connection starts, before any server is reached: PQconnectStartParams + PQpass) and
 * the writer's atomic replace, modes, refusals and serialisation on a real file system.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PgpassKey, pgpassKeyFor, pgpassLine, pgpassPasswordFor, upsertPgpassEntry } from '../../../../electron/main/files/pgpass';
import { TokenFileWriter } from '../../../../electron/main/iam-token/token-file-writer';
import { exportDsn } from '../../../../shared/formats';
import { iamDsn } from '../../../support/fakes';

const KEY: PgpassKey = { host: 'db.example.com', port: '5432', database: 'app', user: 'reader' };
const TOKEN = 'db.example.com:5432/?Action=connect&DBUser=reader&X-Amz-Date=20300101T120000Z&X-Amz-Signature=0123abcd';
const TOKEN2 = 'db.example.com:5432/?Action=connect&DBUser=reader&X-Amz-Date=20300101T121200Z&X-Amz-Signature=4567ef00';

/** The other lines of a hand-written .pgpass: comments, escapes, CRLF, a wildcard for another port, no final newline. */
const OTHERS = ['# my databases', 'db.example.com:5432:app:writer:w\\:pw', 'host\\:with\\:colons:5432:*:bob:back\\\\slash\\:x', '', 'crlf.example.com:5432:*:carol:pw\r', '*:6432:*:*:pooler', 'last.example.com:5432:*:dave:no-newline'].join('\n');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-tokenfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LIBPQ = `
import ctypes, ctypes.util, json, sys
libpq = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
libpq.PQconnectStartParams.restype = ctypes.c_void_p
libpq.PQconnectStartParams.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
libpq.PQpass.restype = ctypes.c_char_p
libpq.PQpass.argtypes = [ctypes.c_void_p]
libpq.PQfinish.argtypes = [ctypes.c_void_p]
out = []
for params in json.loads(sys.argv[1]):
    keys = list(params.keys()) + [None]
    vals = [params[k] for k in params] + [None]
    k = (ctypes.c_char_p * len(keys))(*[x.encode() if x else None for x in keys])
    v = (ctypes.c_char_p * len(vals))(*[x.encode() if x else None for x in vals])
    conn = libpq.PQconnectStartParams(k, v, 0)
    out.append(libpq.PQpass(conn).decode())
    libpq.PQfinish(conn)
print(json.dumps(out))
`;

/** The password the real libpq takes from `file` for each key (the socket goes to a closed loopback port). */
function libpqPasswords(file: string, keys: PgpassKey[]): string[] {
  const params = keys.map((k) => ({ host: k.host, hostaddr: '127.0.0.1', port: k.port, dbname: k.database, user: k.user, passfile: file, sslmode: 'disable', connect_timeout: '1' }));
  const run = spawnSync('python3', ['-c', LIBPQ, JSON.stringify(params)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

function writePgpass(content: string, mode = 0o600): string {
  const file = join(dir, 'pgpass');
  writeFileSync(file, content, { mode });
  chmodSync(file, mode);
  return file;
}

describe('.pgpass editing (files/pgpass.ts), checked against libpq', () => {
  it('appends the line after a last line without newline; every other byte stays', () => {
    const once = upsertPgpassEntry(OTHERS, KEY, TOKEN);
    expect(once).toBe(`${OTHERS}\n${pgpassLine(KEY, TOKEN)}\n`);
    expect(pgpassLine(KEY, TOKEN)).toBe('db.example.com:5432:app:reader:db.example.com\\:5432/?Action=connect&DBUser=reader&X-Amz-Date=20300101T120000Z&X-Amz-Signature=0123abcd');
    const twice = upsertPgpassEntry(once, KEY, TOKEN2);
    expect(twice).toBe(`${OTHERS}\n${pgpassLine(KEY, TOKEN2)}\n`);
    const file = writePgpass(twice);
    const others: PgpassKey[] = [
      { host: 'host:with:colons', port: '5432', database: 'x', user: 'bob' },
      { host: 'db.example.com', port: '5432', database: 'app', user: 'writer' },
      { host: 'crlf.example.com', port: '5432', database: 'x', user: 'carol' },
      { host: 'any', port: '6432', database: 'x', user: 'y' },
    ];
    expect(libpqPasswords(file, [KEY, ...others])).toEqual([TOKEN2, 'back\\slash:x', 'w:pw', 'pw', 'pooler']);
    expect(others.map((k) => pgpassPasswordFor(twice, k))).toEqual(['back\\slash:x', 'w:pw', 'pw', 'pooler']);
  });

  it('replaces its own line in place, keeping its CRLF and the lines around it', () => {
    const content = `# top\r\n${pgpassLine(KEY, 'old')}\r\nzzz:1:*:*:after\n`;
    expect(upsertPgpassEntry(content, KEY, TOKEN)).toBe(`# top\r\n${pgpassLine(KEY, TOKEN)}\r\nzzz:1:*:*:after\n`);
    expect(upsertPgpassEntry('', KEY, TOKEN)).toBe(`${pgpassLine(KEY, TOKEN)}\n`);
  });

  it('goes before a wildcard line that would match first (and moves its own line there)', () => {
    const wildcard = '*:5432:*:reader:stale-wildcard\n';
    expect(upsertPgpassEntry(`# c\n${wildcard}`, KEY, TOKEN)).toBe(`# c\n${pgpassLine(KEY, TOKEN)}\n${wildcard}`);
    const shadowed = `${wildcard}${pgpassLine(KEY, 'old')}\nend:1:*:*:x\n`;
    const moved = upsertPgpassEntry(shadowed, KEY, TOKEN);
    expect(moved).toBe(`${pgpassLine(KEY, TOKEN)}\n${wildcard}end:1:*:*:x\n`);
    expect(libpqPasswords(writePgpass(moved), [KEY])).toEqual([TOKEN]);
  });

  it('does not take a line with an escaped \\* or a comment for its own', () => {
    const content = `#${pgpassLine(KEY, 'commented')}\n\\*:5432:app:reader:escaped-star\n`;
    const out = upsertPgpassEntry(content, KEY, TOKEN);
    expect(out).toBe(`${content}${pgpassLine(KEY, TOKEN)}\n`);
    expect(libpqPasswords(writePgpass(out), [KEY])).toEqual([TOKEN]);
  });

  it('keys a DSN like the pgpass export: server name, the connect-via port, database, user', () => {
    const dsn = iamDsn({ server: 'mydb.cluster-abc.us-east-1.rds.amazonaws.com', database: 'a:b', user: 'u\\1', connectViaHost: '127.0.0.1', connectViaPort: 15432 });
    const key = pgpassKeyFor(dsn);
    expect(key).toEqual({ ok: true, value: { host: 'mydb.cluster-abc.us-east-1.rds.amazonaws.com', port: '15432', database: 'a:b', user: 'u\\1' } });
    const exported = exportDsn(dsn, 'pgpass', { secret: { kind: 'token', value: TOKEN } }).text.split('\n').at(-1);
    expect(key.ok && pgpassLine(key.value, TOKEN)).toBe(exported);
    expect(pgpassKeyFor(iamDsn({ user: 'a\nb' }))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('libpq ignores a group-readable file (why the writer refuses one)', () => {
    const file = writePgpass(`${pgpassLine(KEY, TOKEN)}\n`, 0o640);
    expect(libpqPasswords(file, [KEY])).toEqual(['']);
  });
});

describe('TokenFileWriter', () => {
  const writer = () => new TokenFileWriter();
  const noTemps = () => expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

  it('creates a password file with the token and a newline, mode 0600, and replaces it (new inode)', async () => {
    const file = join(dir, 'prod.token');
    expect(await writer().write({ kind: 'password-file', path: file }, TOKEN, undefined)).toEqual({ ok: true, value: undefined });
    expect(readFileSync(file, 'utf8')).toBe(`${TOKEN}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const inode = statSync(file).ino;
    chmodSync(file, 0o644);
    await writer().write({ kind: 'password-file', path: file }, TOKEN2, undefined);
    expect(readFileSync(file, 'utf8')).toBe(`${TOKEN2}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).ino).not.toBe(inode);
    noTemps();
  });

  it('updates a .pgpass keeping the other lines byte for byte, mode 0600', async () => {
    const file = writePgpass(OTHERS);
    await writer().write({ kind: 'pgpass', path: file }, TOKEN, KEY);
    await writer().write({ kind: 'pgpass', path: file }, TOKEN2, KEY);
    expect(readFileSync(file, 'utf8')).toBe(`${OTHERS}\n${pgpassLine(KEY, TOKEN2)}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    noTemps();
  });

  it('refuses a .pgpass readable by group or others, says why, and leaves it alone', async () => {
    const file = writePgpass(OTHERS, 0o644);
    const result = await writer().write({ kind: 'pgpass', path: file }, TOKEN, KEY);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('mode 0644'), hint: `Run: chmod 600 ${file} — then try again.` } });
    expect(result.ok || result.error.message).toContain('libpq ignores such a password file');
    expect(readFileSync(file, 'utf8')).toBe(OTHERS);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(await writer().check({ kind: 'pgpass', path: file })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a file that does not look like a .pgpass (a key file given by mistake), and leaves it alone', async () => {
    const keyFile = join(dir, 'id_ed25519');
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n';
    writeFileSync(keyFile, pem, { mode: 0o600 });
    expect(await writer().write({ kind: 'pgpass', path: keyFile }, TOKEN, KEY)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('does not look like a .pgpass file (line 1') } });
    expect(readFileSync(keyFile, 'utf8')).toBe(pem);
    // Comments, blank lines, CRLF and escaped colons are all fine.
    expect(await writer().check({ kind: 'pgpass', path: writePgpass(`${OTHERS}\n\n# end\r\n`) })).toEqual({ ok: true, value: undefined });
  });

  it('does not judge file modes on Windows (libpq does not check them there)', async () => {
    const file = writePgpass(OTHERS, 0o644);
    expect((await new TokenFileWriter({ platform: 'win32', uid: undefined }).write({ kind: 'pgpass', path: file }, TOKEN, KEY)).ok).toBe(true);
    expect(pgpassPasswordFor(readFileSync(file, 'utf8'), KEY)).toBe(TOKEN);
  });

  it('refuses to replace a password file that holds something else', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'my notes\nsecond line\n');
    expect(await writer().write({ kind: 'password-file', path: file }, TOKEN, undefined)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('something other than an IAM token') } });
    expect(readFileSync(file, 'utf8')).toBe('my notes\nsecond line\n');
    writeFileSync(file, '');
    expect((await writer().write({ kind: 'password-file', path: file }, TOKEN, undefined)).ok).toBe(true);
  });

  it('reports file-system failures with a code, a hint and the errno, never the token', async () => {
    const missing = await writer().write({ kind: 'password-file', path: join(dir, 'no-such-dir', 'x.token') }, TOKEN, undefined);
    expect(missing).toMatchObject({ ok: false, error: { code: 'STORE_IO', message: expect.stringContaining('does not exist'), detail: 'ENOENT' } });
    mkdirSync(join(dir, 'a-folder'));
    expect(await writer().write({ kind: 'password-file', path: join(dir, 'a-folder') }, TOKEN, undefined)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('not a regular file') } });
    writeFileSync(join(dir, 'plain'), '');
    expect(await writer().write({ kind: 'pgpass', path: join(dir, 'plain', 'pgpass') }, TOKEN, KEY)).toMatchObject({ ok: false, error: { code: 'STORE_IO', detail: 'ENOTDIR' } });
    expect(await writer().check({ kind: 'pgpass', path: 'relative/.pgpass' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(missing)).not.toContain('X-Amz');
  });

  it('follows a symbolic link: the link stays, its target gets the token', async () => {
    const real = writePgpass('# real\n');
    const link = join(dir, 'link-pgpass');
    symlinkSync(real, link);
    expect((await writer().write({ kind: 'pgpass', path: link }, TOKEN, KEY)).ok).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(`# real\n${pgpassLine(KEY, TOKEN)}\n`);
  });

  it('serialises writes to one .pgpass: two DSNs written at once both keep their line', async () => {
    const file = writePgpass('# shared\n');
    const w = writer();
    const keys = Array.from({ length: 8 }, (_, i): PgpassKey => ({ ...KEY, user: `user${i}` }));
    const results = await Promise.all(keys.map((k, i) => w.write({ kind: 'pgpass', path: file }, `${TOKEN}${i}`, k)));
    expect(results.every((r) => r.ok)).toBe(true);
    const content = readFileSync(file, 'utf8');
    for (const [i, k] of keys.entries()) expect(pgpassPasswordFor(content, k)).toBe(`${TOKEN}${i}`);
    expect(existsSync(file)).toBe(true);
    noTemps();
  });

  it('refuses a token holding a line break', async () => {
    expect(await writer().write({ kind: 'password-file', path: join(dir, 't') }, 'a\nb', undefined)).toMatchObject({ ok: false, error: { code: 'SIGNING_FAILED' } });
    expect(existsSync(join(dir, 't'))).toBe(false);
  });
});
