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
  it('saves with a UUID, lists, gets, deletes', async () => {
    const store = open();
    const saved = value(await store.save(iamDsn()));
    expect(saved.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(saved).toMatchObject({ name: 'prod', hasPassword: false, passwordSessionOnly: false, updatedAt: new Date(clock.now()).toISOString() });
    expect(value(store.list()).map((d) => d.id)).toEqual([saved.id]);
    expect(value(store.get(saved.id)).server).toBe(iamDsn().server);
    expect(value(store.delete(saved.id))).toEqual({ id: saved.id });
    expect(value(store.list())).toEqual([]);
    expect(store.delete(saved.id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('writes the file with mode 0600 and survives a restart', async () => {
    const store = open();
    const saved = value(await store.save({ ...dbDsn(), password: CANARY }));
    expect(statSync(filePath()).mode & 0o777).toBe(0o600);
    const again = open();
    expect(value(again.get(saved.id))).toMatchObject({ name: 'local', hasPassword: true, passwordSessionOnly: false });
    expect(value(await again.passwordFor(saved.id))).toBe(CANARY);
  });

  it('stores the password only encrypted, as base64', async () => {
    const store = open();
    const saved = value(await store.save({ ...dbDsn(), password: CANARY }));
    const text = readFileSync(filePath(), 'utf8');
    expect(text).not.toContain(CANARY);
    const record = (JSON.parse(text) as { dsns: Array<{ passwordEncrypted?: string }> }).dsns[0];
    expect(record?.passwordEncrypted).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(await cipher.decrypt(Buffer.from(record?.passwordEncrypted ?? '', 'base64'))).toBe(CANARY);
    expect(JSON.stringify(value(store.list()))).not.toContain(CANARY);
    expect(JSON.stringify(saved)).not.toContain(CANARY);
  });

  it('keeps, replaces and clears the password as the input says', async () => {
    const store = open();
    const { id } = value(await store.save({ ...dbDsn(), password: 'first-pass' }));
    value(await store.save({ ...dbDsn(), id, port: 5433 }));
    expect(value(await store.passwordFor(id))).toBe('first-pass');
    value(await store.save({ ...dbDsn(), id, password: '' }));
    expect(value(await store.passwordFor(id))).toBe('first-pass');
    value(await store.save({ ...dbDsn(), id, password: 'second-pass' }));
    expect(value(await store.passwordFor(id))).toBe('second-pass');
    const cleared = value(await store.save({ ...dbDsn(), id, clearPassword: true }));
    expect(cleared.hasPassword).toBe(false);
    expect(value(await store.passwordFor(id))).toBeUndefined();
  });

  it('rejects a name already used by another DSN, ignoring case, with fieldErrors.name', async () => {
    const store = open();
    const first = value(await store.save(iamDsn({ name: 'Prod' })));
    const clash = await store.save({ ...dbDsn(), name: 'pROD' });
    expect(clash.ok).toBe(false);
    if (!clash.ok) {
      expect(clash.error.code).toBe('VALIDATION');
      expect(clash.error.fieldErrors?.name?.[0]).toMatch(/already/);
    }
    // Renaming itself (case change) is fine.
    expect(value(await store.save({ ...iamDsn({ name: 'PROD' }), id: first.id } satisfies DsnInput)).name).toBe('PROD');
  });

  it('answers NOT_FOUND for an update of an unknown id', async () => {
    expect(await open().save({ ...iamDsn(), id: '5b3c9a52-8a3c-4a53-9a7e-1f2e3d4c5b6a' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['not JSON', '{"dsns": [ {oops'],
    ['schema-violating', JSON.stringify({ version: 1, dsns: [{ id: 'not-a-uuid', dsn: { name: 1 } }] })],
    ['a DSN breaking the rules', JSON.stringify({ version: 1, dsns: [{ id: '5b3c9a52-8a3c-4a53-9a7e-1f2e3d4c5b6a', dsn: { ...iamDsn(), sslMode: 'disable' }, updatedAt: '2030-01-01T00:00:00.000Z' }] })],
  ])('moves a %s file aside, starts empty and reports it', async (_label, content) => {
    writeFileSync(filePath(), content);
    const store = open();
    const status = await store.status();
    expect(status.recoveredFromCorruptFile).toMatch(/dsns\.json\.corrupt-2030-01-01T12-00-00-000Z$/);
    expect(readFileSync(status.recoveredFromCorruptFile ?? '', 'utf8')).toBe(content);
    expect(value(store.list())).toEqual([]);
    expect(existsSync(filePath())).toBe(false);
    value(await store.save(iamDsn()));
    expect(value(open().list())).toHaveLength(1);
    expect((await open().status()).recoveredFromCorruptFile).toBeUndefined();
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  it('two saves of one new name at once (the keychain answers in between): one is saved, the other refused', async () => {
    const store = open();
    const [a, b] = await Promise.all([store.save({ ...dbDsn(), password: 'first' }), store.save({ ...dbDsn(), password: 'second' })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(value(store.list())).toHaveLength(1);
  });

  it('reports its path and OS secret storage', async () => {
    expect(await open().status()).toEqual({ secretStorage: 'os', recoveredFromCorruptFile: undefined, storePath: filePath() });
  });

  describe('without OS encryption', () => {
    beforeEach(() => {
      cipher.available = false;
    });

    it('keeps passwords in memory for this session only and says so', async () => {
      const store = open();
      expect((await store.status()).secretStorage).toBe('session-only');
      const saved = value(await store.save({ ...dbDsn(), password: CANARY }));
      expect(saved).toMatchObject({ hasPassword: true, passwordSessionOnly: true });
      expect(value(await store.passwordFor(saved.id))).toBe(CANARY);
      const text = readFileSync(filePath(), 'utf8');
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('passwordEncrypted');
      const restarted = open();
      expect(value(restarted.get(saved.id))).toMatchObject({ hasPassword: false, passwordSessionOnly: false });
      expect(value(await restarted.passwordFor(saved.id))).toBeUndefined();
    });

    it('cannot decrypt a password saved while encryption was available', async () => {
      cipher.available = true;
      const { id } = value(await open().save({ ...dbDsn(), password: CANARY }));
      cipher.available = false;
      const r = await open().passwordFor(id);
      expect(r).toMatchObject({ ok: false, error: { code: 'STORE_IO' } });
      expect(JSON.stringify(r)).not.toContain(CANARY);
    });
  });

  it('leaves no stray files besides the store', async () => {
    value(await open().save(iamDsn()));
    expect(readdirSync(dir)).toEqual(['dsns.json']);
  });
});
