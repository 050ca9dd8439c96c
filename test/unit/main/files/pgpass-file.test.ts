/**
 * The one .pgpass model (issue #9, disagreement 1): Save to file and the token refresher edit a
 * .pgpass the same way — this DSN's line in place, every other byte kept — and refuse the same
 * files: readable by group or others (libpq ignores them), owned by another user. A symbolic link
 * is followed: its real file is replaced atomically in its own folder and the link survives.
 */
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeExportFile } from '../../../../electron/main/export/save-to-file';
import { type PgpassKey, pgpassKeyFor, pgpassLine } from '../../../../electron/main/files/pgpass';
import { type FileOwner, processOwner } from '../../../../electron/main/files/pgpass-file';
import { TokenFileWriter } from '../../../../electron/main/iam-token/token-file-writer';
import type { ExportOutput } from '../../../../shared/export-types';
import { exportDsn } from '../../../../shared/formats';
import type { Result } from '../../../../shared/result';
import { iamDsn } from '../../../support/fakes';

const DSN = iamDsn();
const KEY: PgpassKey = valueOf(pgpassKeyFor(DSN));
const TOKEN = `${DSN.server}:5432/?Action=connect&DBUser=app_user&X-Amz-Signature=${'a'.repeat(64)}`;
const TOKEN2 = `${DSN.server}:5432/?Action=connect&DBUser=app_user&X-Amz-Signature=${'b'.repeat(64)}`;
/** Other people's lines, a comment, a CRLF line and a wildcard after ours; no final newline. */
const BEFORE = 'other.host:5432:db:bob:pw1\n# a comment\r\n';
const AFTER = '\n*:*:*:carol:pw\\:2';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-pgpass-model-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function valueOf<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** What Export → .pgpass with the live token gives for the DSN. */
function pgpassExport(token: string): ExportOutput {
  return exportDsn(DSN, 'pgpass', { secret: { kind: 'token', value: token, expiresAt: '2030-01-01T12:15:00.000Z' } });
}

/** The two writers of a .pgpass, as the app runs them. */
const writers: Record<'Save to file' | 'the refresher', (path: string, token: string, owner?: FileOwner) => Promise<Result<unknown>>> = {
  'Save to file': (path, token, owner) => writeExportFile(path, pgpassExport(token), owner),
  'the refresher': (path, token, owner) => new TokenFileWriter(owner).write({ kind: 'pgpass', path }, token, KEY),
};

function pgpass(content: string, mode = 0o600, at = join(dir, '.pgpass')): string {
  writeFileSync(at, content, { mode });
  chmodSync(at, mode);
  return at;
}

describe.each(Object.keys(writers) as Array<keyof typeof writers>)('%s', (writer) => {
  const write = writers[writer];

  it('edits in place: only this DSN\'s line changes, every other byte stays', async () => {
    const path = pgpass(`${BEFORE}${pgpassLine(KEY, 'OLD-TOKEN')}${AFTER}`);
    valueOf(await write(path, TOKEN));
    expect(readFileSync(path, 'utf8')).toBe(`${BEFORE}${pgpassLine(KEY, TOKEN)}${AFTER}`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['.pgpass']);
  });

  it('adds the line at the end of a file without it, keeping the rest byte for byte', async () => {
    const path = pgpass('other.host:5432:db:bob:pw1');
    valueOf(await write(path, TOKEN));
    expect(readFileSync(path, 'utf8')).toBe(`other.host:5432:db:bob:pw1\n${pgpassLine(KEY, TOKEN)}\n`);
  });

  it('refuses a file group or others can read, and leaves it alone', async () => {
    for (const mode of [0o640, 0o604, 0o660]) {
      const path = pgpass(`${BEFORE}${AFTER}`, mode);
      const r = await write(path, TOKEN);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('libpq ignores such a password file'), hint: `Run: chmod 600 ${path} — then try again.` } });
      expect(readFileSync(path, 'utf8')).toBe(`${BEFORE}${AFTER}`);
      expect(statSync(path).mode & 0o777).toBe(mode);
    }
  });

  it('refuses a file owned by another user, and leaves it alone', async () => {
    const path = pgpass(`${BEFORE}${AFTER}`);
    const someoneElse: FileOwner = { platform: 'linux', uid: statSync(path).uid + 1 };
    const r = await write(path, TOKEN, someoneElse);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('belongs to another user') } });
    expect(readFileSync(path, 'utf8')).toBe(`${BEFORE}${AFTER}`);
  });

  it('follows a symbolic link: the real file is replaced atomically in its own folder, and the link survives', async () => {
    const dotfiles = join(dir, 'dotfiles');
    mkdirSync(dotfiles);
    const real = pgpass(`${BEFORE}${AFTER}`, 0o600, join(dotfiles, 'pgpass'));
    const link = join(dir, '.pgpass');
    symlinkSync(real, link);
    // A second name for the original file: written in place, it would show the new text too.
    mkdirSync(join(dir, 'keep'));
    linkSync(real, join(dir, 'keep', 'original'));
    valueOf(await write(link, TOKEN));
    valueOf(await write(link, TOKEN2));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, 'utf8')).toBe(`${BEFORE}${AFTER}\n${pgpassLine(KEY, TOKEN2)}\n`);
    expect(readFileSync(join(dir, 'keep', 'original'), 'utf8')).toBe(`${BEFORE}${AFTER}`);
    expect(readdirSync(dotfiles)).toEqual(['pgpass']);
    expect(readdirSync(dir).sort()).toEqual(['.pgpass', 'dotfiles', 'keep']);
  });

  it('does not judge modes or owners on Windows (libpq does not check them there)', async () => {
    const path = pgpass(`${BEFORE}${AFTER}`, 0o644);
    valueOf(await write(path, TOKEN, { platform: 'win32', uid: undefined }));
    expect(readFileSync(path, 'utf8')).toContain(pgpassLine(KEY, TOKEN));
  });
});

it('both writers produce the same bytes from the same file', async () => {
  const a = pgpass(`${BEFORE}${pgpassLine(KEY, 'OLD')}${AFTER}`, 0o600, join(dir, 'a'));
  const b = pgpass(`${BEFORE}${pgpassLine(KEY, 'OLD')}${AFTER}`, 0o600, join(dir, 'b'));
  valueOf(await writers['Save to file'](a, TOKEN, processOwner()));
  valueOf(await writers['the refresher'](b, TOKEN, processOwner()));
  expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
});
