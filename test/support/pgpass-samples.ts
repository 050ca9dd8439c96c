/** A .pgpass key and tokens shaped like RDS ones, for the .pgpass tests (unit and libpq-checked). */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PgpassKey } from '../../electron/main/files/pgpass';

export const KEY: PgpassKey = { host: 'db.example.com', port: '5432', database: 'app', user: 'reader' };
export const TOKEN = 'db.example.com:5432/?Action=connect&DBUser=reader&X-Amz-Date=20300101T120000Z&X-Amz-Signature=0123abcd';
export const TOKEN2 = 'db.example.com:5432/?Action=connect&DBUser=reader&X-Amz-Date=20300101T121200Z&X-Amz-Signature=4567ef00';

/** The other lines of a hand-written .pgpass: comments, escapes, CRLF, a wildcard for another port, no final newline. */
export const OTHERS = ['# my databases', 'db.example.com:5432:app:writer:w\\:pw', 'host\\:with\\:colons:5432:*:bob:back\\\\slash\\:x', '', 'crlf.example.com:5432:*:carol:pw\r', '*:6432:*:*:pooler', 'last.example.com:5432:*:dave:no-newline'].join('\n');

/** Writes `content` as `dir`/pgpass with exactly `mode` (whatever the umask); answers its path. */
export function writePgpassIn(dir: string, content: string, mode = 0o600): string {
  const file = join(dir, 'pgpass');
  writeFileSync(file, content, { mode });
  chmodSync(file, mode);
  return file;
}
