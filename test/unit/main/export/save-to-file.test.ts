/**
 * Save to file (issue #4): the writer (modes, atomic replace, symlinks, .pgpass merge, errors) and
 * the saveExport handler through the real createApiHandlers with a fake save dialog.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../../electron/main/ipc/api-handlers';
import { DsnExporter } from '../../../../electron/main/export/exporter';
import { suggestedFileName, writeExportFile } from '../../../../electron/main/export/save-to-file';
import type { SaveDialogOptions } from '../../../../electron/main/platform/save-dialog';
import type { DsnInput } from '../../../../shared/dsn';
import { EXPORT_FORMATS, type ExportOutput } from '../../../../shared/export-types';
import type { Result } from '../../../../shared/result';
import { dbDsn, FakeClock, iamDsn, MemoryLogger, TEST_KEYS } from '../../../support/fakes';
import { countingSigner, testServices } from '../../../support/app';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-save-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
const output = (over: Partial<ExportOutput>): ExportOutput => ({ format: 'uri', text: 'postgresql://u@h:5432/db', containsSecret: false, notes: [], ...over });

function valueOf<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('writeExportFile', () => {
  it('0600 for a secret or any .pgpass, 0644 otherwise; the text ends with a newline', async () => {
    const cases: Array<[Partial<ExportOutput>, string]> = [
      [{ containsSecret: true, text: 'postgresql://u:tok@h/db' }, '0600'],
      [{ format: 'pgpass', text: '# recipe comment only' }, '0600'],
      [{ format: 'env', text: 'export PGHOST=h' }, '0644'],
    ];
    for (const [i, [over, mode]] of cases.entries()) {
      const path = join(dir, `f${i}`);
      const saved = valueOf(await writeExportFile(path, output(over)));
      expect(saved.mode).toBe(mode);
      expect(modeOf(path)).toBe(mode);
      expect(readFileSync(path, 'utf8')).toBe(`${over.text ?? ''}\n`);
    }
  });

  it('replaces an existing file atomically: no temp file left, the old looser mode reported', async () => {
    const path = join(dir, 'prod.uri.txt');
    writeFileSync(path, 'old text\n', { mode: 0o666 });
    const saved = valueOf(await writeExportFile(path, output({ containsSecret: true, text: 'new secret' })));
    expect(readFileSync(path, 'utf8')).toBe('new secret\n');
    expect(modeOf(path)).toBe('0600');
    expect(saved.replacedMode).toMatch(/^06[46][46]$/);
    expect(readdirSync(dir)).toEqual(['prod.uri.txt']);
  });

  it('replaces a symlink at the path with a file, never writing through it', async () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'untouched\n');
    const link = join(dir, 'link');
    symlinkSync(target, link);
    valueOf(await writeExportFile(link, output({ containsSecret: true, text: 'tok' })));
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('untouched\n');
  });

  // The .pgpass format goes through the one .pgpass model: test/unit/main/files/pgpass-file.test.ts.
  it('.pgpass: a recipe (no line to write) creates a new file, but never changes an existing one', async () => {
    const path = join(dir, '.pgpass');
    valueOf(await writeExportFile(path, output({ format: 'pgpass', text: '# recipe comment only' })));
    expect(readFileSync(path, 'utf8')).toBe('# recipe comment only\n');
    writeFileSync(path, 'other.host:5432:db:bob:pw1\n', { mode: 0o600 });
    const again = await writeExportFile(path, output({ format: 'pgpass', text: '# recipe comment only' }));
    expect(again).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('nothing was changed') } });
    expect(readFileSync(path, 'utf8')).toBe('other.host:5432:db:bob:pw1\n');
  });

  it('refuses a relative path or a folder; a missing folder is STORE_IO naming the path and the OS code only', async () => {
    const rel = await writeExportFile('relative.txt', output({}));
    expect(!rel.ok && rel.error.code).toBe('VALIDATION');
    const folder = join(dir, 'sub');
    mkdirSync(folder);
    const onFolder = await writeExportFile(folder, output({}));
    expect(!onFolder.ok && onFolder.error.code).toBe('VALIDATION');
    const missing = await writeExportFile(join(dir, 'nope', 'f.txt'), output({ containsSecret: true, text: 'SECRET-CANARY-1234' }));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error).toMatchObject({ code: 'STORE_IO', detail: 'ENOENT' });
      expect(JSON.stringify(missing.error)).not.toContain('SECRET-CANARY');
    }
  });

  it('suggests a safe file name per format', () => {
    expect(suggestedFileName('Prod / eu <main>', 'pgpass')).toBe('Prod-eu-main.pgpass');
    expect(suggestedFileName('..', 'node')).toBe('dsn.mjs');
    expect(suggestedFileName('orders', 'env')).toBe('orders.env.sh');
  });
});

/** A save dialog that answers `answer` and remembers what it was asked. */
class FakeSaveDialog {
  asked: SaveDialogOptions[] = [];
  constructor(public answer: string | undefined) {}
  choosePath(options: SaveDialogOptions): Promise<string | undefined> {
    this.asked.push(options);
    return Promise.resolve(this.answer);
  }
}

function setup(answer: string | undefined) {
  const clock = new FakeClock(Date.now());
  const logger = new MemoryLogger();
  let signs = 0;
  const dialog = new FakeSaveDialog(answer);
  const services = testServices({
    clock,
    logger,
    saveDialog: dialog,
    credentialProviderFactory: () => async () => {
      signs++;
      return TEST_KEYS;
    },
  });
  const handlers = createApiHandlers(services);
  return { handlers, dialog, logger, signs: () => signs };
}

describe('saveExport (handler)', () => {
  it('live token as .pgpass: signs, asks the dialog (suggested name), writes 0600; nothing secret in the answer or log', async () => {
    const path = join(dir, 'chosen.pgpass');
    const { handlers, dialog, logger } = setup(path);
    const saved = valueOf(await handlers.saveExport({ dsn: iamDsn(), format: 'pgpass', includeToken: true, includePassword: false }));
    expect(dialog.asked[0]?.defaultPath).toBe('prod.pgpass');
    expect(saved).toMatchObject({ path, mode: '0600', containsSecret: true, keptLines: 0 });
    expect(Date.parse(saved.tokenExpiresAt ?? '')).toBeGreaterThan(Date.now());
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^mydb\.cluster-abc123\.us-east-1\.rds\.amazonaws\.com:5432:postgres:app_user:.*X-Amz-Signature=/m);
    expect(modeOf(path)).toBe('0600');
    expect(JSON.stringify(saved) + logger.text()).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
    expect(logger.lines.find((l) => l.message === 'Export saved')?.fields).toMatchObject({ format: 'pgpass', sensitive: true, mode: '0600' });
  });

  it('.pgpass into an existing file: says where the line went (replaced, added, before a wildcard) and how many other entries stayed', async () => {
    const path = join(dir, 'existing.pgpass');
    const other = 'other.example.com:5432:postgres:someone:pw\n';
    const own = 'mydb.cluster-abc123.us-east-1.rds.amazonaws.com:5432:postgres:app_user:old\n';
    const cases = [
      [other, 'added'],
      [`${other}${own}`, 'replaced'],
      [`*:*:*:*:catchall\n${other}`, 'before-wildcard'],
    ] as const;
    for (const [before, placement] of cases) {
      writeFileSync(path, before, { mode: 0o600 });
      chmodSync(path, 0o600);
      const { handlers } = setup(path);
      const saved = valueOf(await handlers.saveExport({ dsn: iamDsn(), format: 'pgpass', includeToken: true, includePassword: false }));
      expect(saved, placement).toMatchObject({ pgpassLine: placement, keptLines: placement === 'before-wildcard' ? 2 : 1 });
      expect(readFileSync(path, 'utf8')).toContain(other);
    }
  });

  it('the page may only suggest a file name: its folder is dropped, and the file goes where the user chose', async () => {
    const chosen = join(dir, 'picked.txt');
    const { handlers, dialog } = setup(chosen);
    valueOf(await handlers.saveExport({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false, path: '/etc/passwd' }));
    expect(dialog.asked[0]?.defaultPath).toBe('passwd');
    valueOf(await handlers.saveExport({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false, path: 'C:\\Users\\me\\.bashrc' }));
    expect(dialog.asked[1]?.defaultPath).toBe('.bashrc');
    valueOf(await handlers.saveExport({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false, path: '/tmp/' }));
    expect(dialog.asked[2]?.defaultPath).toBe('tmp');
    expect(existsSync(chosen)).toBe(true);
    expect(modeOf(chosen)).toBe('0644');
  });

  it('canary: recipe mode writes no secret to any file, whatever the format (static keys, a role)', async () => {
    const CANARY_SECRET = 'CANARYsecretKEY0000000000000000000000000';
    const dsn: DsnInput = {
      ...iamDsn({ credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLECANARY001' } }),
      assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/db', sessionName: 'iam-dsn', externalId: '', durationSeconds: 3600, mfaSerial: '' },
      secretAccessKey: CANARY_SECRET,
      sessionToken: 'CANARYsessionTOKEN',
    };
    for (const format of EXPORT_FORMATS) {
      const path = join(dir, `recipe-${format}`);
      const s = setup(path);
      const saved = valueOf(await s.handlers.saveExport({ dsn, format, includeToken: false, includePassword: false }));
      const text = readFileSync(path, 'utf8');
      expect(text, format).not.toMatch(/CANARY(secret|session)|X-Amz-Signature|X-Amz-Credential|wJalrXUtnFEMI/);
      expect(saved.containsSecret).toBe(false);
      expect(saved.mode).toBe(format === 'pgpass' ? '0600' : '0644');
      expect(s.signs()).toBe(0);
    }
  });

  it('cancelled dialog: CANCELLED, nothing written', async () => {
    const { handlers } = setup(undefined);
    const r = await handlers.saveExport({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false });
    expect(!r.ok && r.error.code).toBe('CANCELLED');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('invalid requests and export errors are answered before the dialog opens', async () => {
    const { handlers, dialog } = setup(join(dir, 'x'));
    const bad = [
      { dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false, path: 'a\0b' },
      { dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false, shell: 'rm -rf' },
      { dsn: iamDsn(), format: 'yaml', includeToken: false, includePassword: false },
      { dsn: dbDsn(), format: 'uri', includeToken: true, includePassword: false },
      'not an object',
    ];
    for (const request of bad) {
      const r = await handlers.saveExport(request);
      expect(!r.ok && r.error.code, JSON.stringify(request)).toBe('VALIDATION');
    }
    expect(dialog.asked).toHaveLength(0);
    const twoArgs = await handlers.saveExport({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false }, 'extra');
    expect(!twoArgs.ok && twoArgs.error.code).toBe('VALIDATION');
  });

  it('without a dialog port (the CLI), saveExport is unavailable', async () => {
    const handlers = createApiHandlers(testServices({ clock: new FakeClock(), credentialProviderFactory: () => async () => TEST_KEYS }));
    const r = await handlers.saveExport({ dsn: iamDsn(), format: 'uri', includeToken: false, includePassword: false });
    expect(!r.ok && r.error.code).toBe('INTERNAL');
  });
});

describe('DsnExporter: no token for formats that never carry one', () => {
  it.each(['jdbc', 'python', 'odbc', 'json'] as const)('%s with includeToken signs nothing', async (format) => {
    const { signer, resolutions } = countingSigner();
    const out = valueOf(await new DsnExporter(signer).export(iamDsn(), format, { kind: 'token', secrets: {} }));
    expect(resolutions()).toBe(0);
    expect(out.containsSecret).toBe(false);
    expect(out.text).not.toContain('X-Amz-Signature');
    if (format !== 'json') expect(out.notes.at(-1)).toMatch(/^No token was signed: .* signs its own token/);
  });
});
