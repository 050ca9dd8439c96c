/**
 * The CLI's view of the app's store (read-only, same DsnStore and schema, secrets left encrypted)
 * and of DSN JSON files (the form's schema, errors by field).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { createCliServices } from '../../../electron/cli/context';
import { findSaved, openStoreReadOnly, readDsnFile, ReadOnlyConf, unavailableCipher } from '../../../electron/cli/dsn-source';
import { fakeCli } from '../../support/cli-context';
import { nullLogger } from '../../../electron/main/platform/logger';
import { systemClock } from '../../../electron/main/platform/clock';
import { DsnStore } from '../../../electron/main/library/store';
import { dbDsn, FakeCipher, iamDsn } from '../../support/fakes';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-src-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store file written the way the app writes it (DsnStore over Conf, OS encryption faked). */
async function appStore(): Promise<{ path: string; ids: Record<string, string> }> {
  const store = new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory: dir, cipher: new FakeCipher(), clock: systemClock, logger: nullLogger });
  const ids: Record<string, string> = {};
  for (const input of [iamDsn({ name: 'Prod' }), { ...dbDsn({ name: 'local' }), password: 'stored-secret-pw' }]) {
    const saved = await store.save(input);
    if (!saved.ok) throw new Error(saved.error.message);
    ids[saved.value.name] = saved.value.id;
  }
  return { path: (await store.status()).storePath, ids };
}

/** The store file opened read-only, and the app's services over it as the CLI builds them. */
function opened(file: string) {
  const r = openStoreReadOnly(file);
  if (!r.ok) throw new Error(r.error.message);
  return { ...r.value, store: createCliServices(r.value.storeFile, fakeCli().ctx).store };
}

/** findSaved over the store's list. */
function find(o: ReturnType<typeof opened>, nameOrId: string) {
  const listed = o.store.list();
  if (!listed.ok) throw new Error(listed.error.message);
  return findSaved(o, listed.value, nameOrId);
}

describe('openStoreReadOnly', () => {
  it('reads what the app wrote, without decrypting or writing anything', async () => {
    const { path, ids } = await appStore();
    const before = readFileSync(path, 'utf8');
    const mtime = statSync(path).mtimeMs;
    const o = opened(path);
    expect(o.exists).toBe(true);
    const list = o.store.list();
    expect(list.ok && list.value.map((d) => [d.name, d.hasPassword])).toEqual([
      ['local', true],
      ['Prod', false],
    ]);
    const pw = await o.store.passwordFor(ids.local ?? '');
    expect(pw.ok ? 'decrypted!' : pw.error.code).toBe('STORE_IO');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(before).not.toContain('stored-secret-pw');
  });

  it('a missing file is an empty store, and nothing is created', () => {
    const o = opened(join(dir, 'nope', 'dsns.json'));
    expect(o.exists).toBe(false);
    expect(o.store.list()).toEqual({ ok: true, value: [] });
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  it.each([
    ['not JSON', '{"dsns": [', 'not valid JSON'],
    ['another format', JSON.stringify({ version: 1, dsns: [{ id: 'x', dsn: {} }] }), 'does not have the format'],
  ])('%s: STORE_IO, and the file stays where it is (the app, not the CLI, moves it aside)', (_label, content, message) => {
    const file = join(dir, 'dsns.json');
    writeFileSync(file, content);
    const r = openStoreReadOnly(file);
    if (r.ok) throw new Error('expected an error');
    expect(r.error.code).toBe('STORE_IO');
    expect(r.error.message).toContain(message);
    expect(readdirSync(dir)).toEqual(['dsns.json']);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});

describe('findSaved', () => {
  it('finds by name ignoring case and spaces around, or by id', async () => {
    const { path, ids } = await appStore();
    const o = opened(path);
    expect(find(o, 'prod')).toMatchObject({ ok: true, value: { name: 'Prod' } });
    expect(find(o, '  PROD ')).toMatchObject({ ok: true, value: { name: 'Prod' } });
    expect(find(o, ids.local ?? '')).toMatchObject({ ok: true, value: { name: 'local' } });
  });

  it('NOT_FOUND names the DSNs there are, or says the store does not exist', async () => {
    const { path } = await appStore();
    const missing = find(opened(path), 'staging');
    expect(missing.ok ? '' : missing.error.message).toBe('No saved DSN is named "staging"; saved DSNs: local, Prod.');
    const none = find(opened(join(dir, 'x.json')), 'prod');
    expect(none.ok ? '' : none.error.message).toContain('does not exist yet');
  });
});

describe('readDsnFile', () => {
  function write(value: unknown): string {
    const file = join(dir, 'dsn.json');
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  }

  it('accepts a DSN object (as the JSON export writes it)', () => {
    expect(readDsnFile(write(iamDsn()))).toEqual({ ok: true, value: iamDsn() });
  });

  it('names each invalid field (the form\'s messages)', () => {
    const r = readDsnFile(write({ ...iamDsn(), port: 70000, sslMode: 'disable' }));
    if (r.ok) throw new Error('expected an error');
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toContain('is not valid (2 problems)');
    expect(r.error.fieldErrors).toEqual({
      port: ['Port must be a whole number from 1 to 65535'],
      sslMode: ['SSL mode "disable" is not allowed for IAM authentication: RDS accepts IAM tokens only over TLS'],
    });
  });

  it('refuses secrets and unknown keys in the file', () => {
    const r = readDsnFile(write({ ...dbDsn(), password: 'in-the-file' }));
    if (r.ok) throw new Error('expected an error');
    expect(JSON.stringify(r.error)).toContain('password');
    expect(JSON.stringify(r.error)).not.toContain('in-the-file');
  });

  it('a file that is not JSON, or missing: VALIDATION without quoting the file', () => {
    const bad = readDsnFile(write('{"name": "x", "secretish": oops'));
    expect(bad.ok ? '' : bad.error.message).toContain('is not valid JSON');
    expect(JSON.stringify(bad)).not.toContain('oops');
    const missing = readDsnFile(join(dir, 'missing.json'));
    expect(missing.ok ? '' : missing.error.message).toContain('cannot be read (ENOENT)');
  });
});

describe('read-only parts', () => {
  it('ReadOnlyConf refuses writes; the cipher reports unavailable and refuses both ways', async () => {
    const conf = new ReadOnlyConf('/x/dsns.json', { version: 1 });
    expect(conf.get('version')).toBe(1);
    expect(() => conf.set()).toThrow('never writes');
    expect(await unavailableCipher.isAvailable()).toBe(false);
    await expect(unavailableCipher.encrypt('x')).rejects.toThrow();
    await expect(unavailableCipher.decrypt(Buffer.from('x'))).rejects.toThrow('OS keychain');
  });
});
