import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { type ConfFactory, DsnStore } from '../../../../electron/main/library/store';
import type { DsnInput } from '../../../../shared/dsn';
import { dbDsn, FakeCipher, FakeClock, iamDsn, MemoryLogger } from '../../../support/fakes';

const createConf: ConfFactory = (o) =>
  new Conf<Record<string, unknown>>({
    cwd: o.cwd,
    configName: o.name,
    configFileMode: o.configFileMode,
    clearInvalidConfig: o.clearInvalidConfig,
    accessPropertiesByDotNotation: o.accessPropertiesByDotNotation,
    watch: o.watch,
  });

const CANARY = 'CANARY-pw-7f3a9c1e-secret';
let dir: string;
let cipher: FakeCipher;
let logger: MemoryLogger;
const clock = new FakeClock();

function open(): DsnStore {
  return new DsnStore({ createConf, directory: dir, cipher, clock, logger });
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

const filePath = () => join(dir, 'dsns.json');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-store-'));
  cipher = new FakeCipher();
  logger = new MemoryLogger();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('DsnStore', () => {
  it('saves with a UUID, lists, gets, deletes', () => {
    const store = open();
    const saved = value(store.save(iamDsn()));
    expect(saved.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(saved).toMatchObject({ name: 'prod', hasPassword: false, passwordSessionOnly: false, updatedAt: new Date(clock.now()).toISOString() });
    expect(value(store.list()).map((d) => d.id)).toEqual([saved.id]);
    expect(value(store.get(saved.id)).server).toBe(iamDsn().server);
    expect(value(store.delete(saved.id))).toEqual({ id: saved.id });
    expect(value(store.list())).toEqual([]);
    expect(store.delete(saved.id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('writes the file with mode 0600 and survives a restart', () => {
    const store = open();
    const saved = value(store.save({ ...dbDsn(), password: CANARY }));
    expect(statSync(filePath()).mode & 0o777).toBe(0o600);
    const again = open();
    expect(value(again.get(saved.id))).toMatchObject({ name: 'local', hasPassword: true, passwordSessionOnly: false });
    expect(value(again.passwordFor(saved.id))).toBe(CANARY);
  });

  it('stores the password only encrypted, as base64', () => {
    const store = open();
    const saved = value(store.save({ ...dbDsn(), password: CANARY }));
    const text = readFileSync(filePath(), 'utf8');
    expect(text).not.toContain(CANARY);
    const record = (JSON.parse(text) as { dsns: Array<{ passwordEncrypted?: string }> }).dsns[0];
    expect(record?.passwordEncrypted).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(cipher.decrypt(Buffer.from(record?.passwordEncrypted ?? '', 'base64'))).toBe(CANARY);
    expect(JSON.stringify(value(store.list()))).not.toContain(CANARY);
    expect(JSON.stringify(saved)).not.toContain(CANARY);
  });

  it('keeps, replaces and clears the password as the input says', () => {
    const store = open();
    const { id } = value(store.save({ ...dbDsn(), password: 'first-pass' }));
    value(store.save({ ...dbDsn(), id, port: 5433 }));
    expect(value(store.passwordFor(id))).toBe('first-pass');
    value(store.save({ ...dbDsn(), id, password: '' }));
    expect(value(store.passwordFor(id))).toBe('first-pass');
    value(store.save({ ...dbDsn(), id, password: 'second-pass' }));
    expect(value(store.passwordFor(id))).toBe('second-pass');
    const cleared = value(store.save({ ...dbDsn(), id, clearPassword: true }));
    expect(cleared.hasPassword).toBe(false);
    expect(value(store.passwordFor(id))).toBeUndefined();
  });

  it('rejects a name already used by another DSN, ignoring case, with fieldErrors.name', () => {
    const store = open();
    const first = value(store.save(iamDsn({ name: 'Prod' })));
    const clash = store.save({ ...dbDsn(), name: 'pROD' });
    expect(clash.ok).toBe(false);
    if (!clash.ok) {
      expect(clash.error.code).toBe('VALIDATION');
      expect(clash.error.fieldErrors?.name?.[0]).toMatch(/already/);
    }
    // Renaming itself (case change) is fine.
    expect(value(store.save({ ...iamDsn({ name: 'PROD' }), id: first.id } satisfies DsnInput)).name).toBe('PROD');
  });

  it('answers NOT_FOUND for an update of an unknown id', () => {
    expect(open().save({ ...iamDsn(), id: '5b3c9a52-8a3c-4a53-9a7e-1f2e3d4c5b6a' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['not JSON', '{"dsns": [ {oops'],
    ['schema-violating', JSON.stringify({ version: 1, dsns: [{ id: 'not-a-uuid', dsn: { name: 1 } }] })],
    ['a DSN breaking the rules', JSON.stringify({ version: 1, dsns: [{ id: '5b3c9a52-8a3c-4a53-9a7e-1f2e3d4c5b6a', dsn: { ...iamDsn(), sslMode: 'disable' }, updatedAt: '2030-01-01T00:00:00.000Z' }] })],
  ])('moves a %s file aside, starts empty and reports it', (_label, content) => {
    writeFileSync(filePath(), content);
    const store = open();
    const status = store.status();
    expect(status.recoveredFromCorruptFile).toMatch(/dsns\.json\.corrupt-2030-01-01T12-00-00-000Z$/);
    expect(readFileSync(status.recoveredFromCorruptFile ?? '', 'utf8')).toBe(content);
    expect(value(store.list())).toEqual([]);
    expect(existsSync(filePath())).toBe(false);
    value(store.save(iamDsn()));
    expect(value(open().list())).toHaveLength(1);
    expect(open().status().recoveredFromCorruptFile).toBeUndefined();
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  it('reports its path and OS secret storage', () => {
    expect(open().status()).toEqual({ secretStorage: 'os', recoveredFromCorruptFile: undefined, storePath: filePath() });
  });

  describe('without OS encryption', () => {
    beforeEach(() => {
      cipher.available = false;
    });

    it('keeps passwords in memory for this session only and says so', () => {
      const store = open();
      expect(store.status().secretStorage).toBe('session-only');
      const saved = value(store.save({ ...dbDsn(), password: CANARY }));
      expect(saved).toMatchObject({ hasPassword: true, passwordSessionOnly: true });
      expect(value(store.passwordFor(saved.id))).toBe(CANARY);
      const text = readFileSync(filePath(), 'utf8');
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('passwordEncrypted');
      const restarted = open();
      expect(value(restarted.get(saved.id))).toMatchObject({ hasPassword: false, passwordSessionOnly: false });
      expect(value(restarted.passwordFor(saved.id))).toBeUndefined();
    });

    it('cannot decrypt a password saved while encryption was available', () => {
      cipher.available = true;
      const { id } = value(open().save({ ...dbDsn(), password: CANARY }));
      cipher.available = false;
      const r = open().passwordFor(id);
      expect(r).toMatchObject({ ok: false, error: { code: 'STORE_IO' } });
      expect(JSON.stringify(r)).not.toContain(CANARY);
    });
  });

  it('leaves no stray files besides the store', () => {
    value(open().save(iamDsn()));
    expect(readdirSync(dir)).toEqual(['dsns.json']);
  });
});
