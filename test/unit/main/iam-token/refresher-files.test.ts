/**
 * The token files: the writer's atomic replace, modes, refusals and serialisation on a real file
 * system. The .pgpass editing itself is checked against the real libpq in
 * test/integration/pgpass-libpq.test.ts.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PgpassKey, pgpassLine, pgpassPasswordFor } from '../../../../electron/main/files/pgpass';
import { TokenFileWriter } from '../../../../electron/main/iam-token/token-file-writer';
import { processOwner } from '../../../../electron/main/files/pgpass-file';
import { KEY, OTHERS, TOKEN, TOKEN2, writePgpassIn } from '../../../support/pgpass-samples';


let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-tokenfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writePgpass = (content: string, mode?: number): string => writePgpassIn(dir, content, mode);

describe('TokenFileWriter', () => {
  // This process's owner rules without flock(1) (a unit test starts no process; the lock has its own integration test).
  const writer = () => new TokenFileWriter({ ...processOwner(), lock: undefined });
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
    expect(await writer().write({ kind: 'pgpass', path: keyFile }, TOKEN, KEY)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('is not a .pgpass file (line 1') } });
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
