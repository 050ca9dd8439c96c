/**
 * `.pgpass` editing (files/pgpass.ts) checked against the real libpq, which reads the password
 * file when a connection starts, before any server is reached (PQconnectStartParams + PQpass,
 * through python3's ctypes): the ground truth for the model Save to file and the refresher share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PgpassKey, pgpassKeyFor, pgpassLine, pgpassPasswordFor, upsertPgpassEntry } from '../../electron/main/files/pgpass';
import { exportDsn } from '../../shared/formats';
import { iamDsn } from '../support/fakes';
import { libpqPasswords } from '../support/libpq-passwords';
import { KEY, OTHERS, TOKEN, TOKEN2, writePgpassIn } from '../support/pgpass-samples';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-pgpass-libpq-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writePgpass = (content: string, mode?: number): string => writePgpassIn(dir, content, mode);

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
