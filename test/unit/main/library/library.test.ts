/** DsnLibrary: duplicate, rename, delete + undo, export and import, on a real DsnStore. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { copyName, DsnLibrary, importedName, UNDO_WINDOW_MS } from '../../../../electron/main/library/library';
import { DsnStore } from '../../../../electron/main/library/store';
import type { DsnInput, SavedDsn } from '../../../../shared/dsn';
import type { Result } from '../../../../shared/result';
import { dbDsn, FakeCipher, FakeClock, iamDsn, MemoryLogger } from '../../../support/fakes';

const CANARY_PW = 'CANARY-pw-4d1e9a7b';
const CANARY_SECRET = 'CANARY/secret/key/5e2f8a0c';
const CANARY_TOKEN = 'CANARY-session-token-6a3b';
const KEY_ID = 'ASIACANARYKEY0000009';

let dir: string;
let cipher: FakeCipher;
let clock: FakeClock;
let store: DsnStore;
let library: DsnLibrary;

function open(directory = dir): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory, cipher, clock, logger: new MemoryLogger() });
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function failure<T>(r: Result<T>) {
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

const names = (): string[] => value(store.list()).map((d) => d.name);
const fileText = (): string => readFileSync(join(dir, 'dsns.json'), 'utf8');

/** A database DSN with a stored password, and an IAM DSN with typed keys. */
async function seedWithSecrets(): Promise<{ db: SavedDsn; keys: SavedDsn }> {
  const db = value(await store.save({ ...dbDsn({ name: 'billing', tags: ['prod', 'finance'] }), password: CANARY_PW }));
  const input: DsnInput = { ...iamDsn({ name: 'orders', credentialSource: { kind: 'static', accessKeyId: KEY_ID } }), secretAccessKey: CANARY_SECRET, sessionToken: CANARY_TOKEN };
  return { db, keys: value(await store.save(input)) };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-library-'));
  cipher = new FakeCipher();
  clock = new FakeClock();
  store = open();
  library = new DsnLibrary({ store, clock });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('names for copies and imports', () => {
  it('counts copies up and names a copy of a copy after the original', () => {
    const taken = new Set(['prod', 'prod copy', 'prod copy 2']);
    expect(copyName('Prod', new Set())).toBe('Prod copy');
    expect(copyName('prod', taken)).toBe('prod copy 3');
    expect(copyName('prod copy 2', taken)).toBe('prod copy 3');
    expect(copyName('PROD COPY', new Set(['prod copy']))).toBe('PROD copy 2');
    expect(importedName('prod', new Set(['prod (imported)']))).toBe('prod (imported 2)');
  });

  it('stays within 100 characters', () => {
    const long = 'x'.repeat(100);
    expect(copyName(long, new Set())).toHaveLength(100);
    expect(copyName(long, new Set())).toMatch(/x copy$/);
    expect(importedName(long, new Set())).toMatch(/^x+ \(imported\)$/);
  });
});

describe('duplicate', () => {
  it('copies settings and tags under "<name> copy", "<name> copy 2", with a new id and no secrets', async () => {
    const { db } = await seedWithSecrets();
    const first = value(library.duplicate(db.id));
    const second = value(library.duplicate(db.id));
    const ofCopy = value(library.duplicate(first.id));
    expect([first.name, second.name, ofCopy.name]).toEqual(['billing copy', 'billing copy 2', 'billing copy 3']);
    expect(first.id).not.toBe(db.id);
    expect(first).toMatchObject({ server: db.server, user: db.user, authType: 'database', tags: ['prod', 'finance'], hasPassword: false });
    expect(value(await store.passwordFor(first.id))).toBeUndefined();
    expect(value(await store.passwordFor(db.id))).toBe(CANARY_PW);
  });

  it('does not copy typed keys either, and answers NOT_FOUND for an unknown id', async () => {
    const { keys } = await seedWithSecrets();
    const copy = value(library.duplicate(keys.id));
    expect(copy).toMatchObject({ hasSecretAccessKey: false, hasSessionToken: false, credentialSource: { kind: 'static', accessKeyId: KEY_ID } });
    expect(failure(library.duplicate('3b241101-e2bb-4255-8caf-4136c566a962')).code).toBe('NOT_FOUND');
  });
});

describe('rename', () => {
  it('renames in place: same id, secrets kept', async () => {
    const { db } = await seedWithSecrets();
    const renamed = value(library.rename(db.id, '  Billing (old)  '));
    expect(renamed).toMatchObject({ id: db.id, name: 'Billing (old)', hasPassword: true });
    expect(value(await store.passwordFor(db.id))).toBe(CANARY_PW);
    expect(names()).toEqual(['Billing (old)', 'orders']);
  });

  it('refuses a name another DSN has (ignoring case) with NAME_TAKEN on the name field', async () => {
    const { db } = await seedWithSecrets();
    const error = failure(library.rename(db.id, 'ORDERS'));
    expect(error.code).toBe('NAME_TAKEN');
    expect(error.message).toContain('"orders"');
    expect(error.fieldErrors).toEqual({ name: ['Another DSN already has this name'] });
    // Its own name in another case is fine.
    expect(value(library.rename(db.id, 'BILLING')).name).toBe('BILLING');
  });

  it('refuses an invalid name with VALIDATION on the name field', async () => {
    const { db } = await seedWithSecrets();
    expect(failure(library.rename(db.id, '   '))).toMatchObject({ code: 'VALIDATION', fieldErrors: { name: ['Name is required'] } });
    expect(failure(library.rename(db.id, 'x'.repeat(101))).fieldErrors?.name).toEqual(['Name is at most 100 characters']);
  });
});

describe('delete and undo', () => {
  it('restores the same id, date, tags and stored secrets (encrypted and typed keys)', async () => {
    const { db, keys } = await seedWithSecrets();
    for (const dsn of [db, keys]) value(library.delete(dsn.id));
    expect(names()).toEqual([]);
    clock.advance(10_000);
    const back = value(library.restore(db.id));
    expect(back).toEqual(db);
    expect(value(await store.passwordFor(db.id))).toBe(CANARY_PW);
    expect(value(library.restore(keys.id))).toEqual(keys);
    expect(value(await store.staticSecretsFor(keys.id))).toEqual({ secretAccessKey: CANARY_SECRET, sessionToken: CANARY_TOKEN });
    // Written to the file: a restart keeps them.
    expect(value(await open().passwordFor(db.id))).toBe(CANARY_PW);
    // Undo is one-shot.
    expect(failure(library.restore(db.id)).code).toBe('NOT_FOUND');
  });

  it('restores session-only secrets too (no OS encryption)', async () => {
    cipher.available = false;
    const saved = value(await store.save({ ...dbDsn(), password: CANARY_PW }));
    expect(saved.passwordSessionOnly).toBe(true);
    value(library.delete(saved.id));
    expect(value(library.restore(saved.id))).toMatchObject({ hasPassword: true, passwordSessionOnly: true });
    expect(value(await store.passwordFor(saved.id))).toBe(CANARY_PW);
  });

  it('is too late after the undo window', async () => {
    const { db } = await seedWithSecrets();
    value(library.delete(db.id));
    clock.advance(UNDO_WINDOW_MS);
    const error = failure(library.restore(db.id));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/can no longer be restored/);
  });

  it('refuses to restore over a name taken since, and can restore after a rename', async () => {
    const { db } = await seedWithSecrets();
    value(library.delete(db.id));
    const other = value(await store.save(dbDsn({ name: 'Billing' })));
    expect(failure(library.restore(db.id)).code).toBe('NAME_TAKEN');
    value(library.rename(other.id, 'billing new'));
    expect(value(library.restore(db.id)).id).toBe(db.id);
  });
});

describe('export', () => {
  it('holds every DSN with its fields and tags, and no secret, id or ciphertext (canary)', async () => {
    const { db, keys } = await seedWithSecrets();
    const exported = value(library.exportLibrary());
    expect(exported).toMatchObject({ count: 2, fileName: 'iam-dsns-2030-01-01.json' });
    for (const secret of [CANARY_PW, CANARY_SECRET, CANARY_TOKEN, db.id, keys.id, 'Encrypted', 'hasPassword', 'updatedAt']) {
      expect(exported.json).not.toContain(secret);
    }
    expect(fileText()).toContain('passwordEncrypted'); // the store itself does hold them
    const doc = JSON.parse(exported.json) as { format: string; version: number; exportedAt: string; dsns: Array<Record<string, unknown>> };
    expect(doc).toMatchObject({ format: 'iam-dsn-manager/library', version: 1, exportedAt: '2030-01-01T12:00:00.000Z' });
    expect(doc.dsns.map((d) => d.name)).toEqual(['billing', 'orders']);
    expect(doc.dsns[0]).toMatchObject({ tags: ['prod', 'finance'], authType: 'database', server: '127.0.0.1' });
    expect(doc.dsns[1]?.credentialSource).toEqual({ kind: 'static', accessKeyId: KEY_ID });
  });

  it('exports only the chosen ids, and NOT_FOUND for one no longer saved', async () => {
    const { keys } = await seedWithSecrets();
    expect(value(library.exportLibrary([keys.id])).count).toBe(1);
    expect(failure(library.exportLibrary([keys.id, '3b241101-e2bb-4255-8caf-4136c566a962'])).message).toMatch(/1 of the chosen DSNs is no longer saved/);
  });
});

describe('import', () => {
  /** A library of `billing` (changed) and `analytics` (new), exported from another store. */
  async function otherLibrary(): Promise<string> {
    const otherDir = mkdtempSync(join(tmpdir(), 'iamdsn-library-other-'));
    try {
      const otherStore = open(otherDir);
      value(await otherStore.save(dbDsn({ name: 'BILLING', server: '10.0.0.9', tags: ['moved'] })));
      value(await otherStore.save(iamDsn({ name: 'analytics', tags: ['reporting'] })));
      return value(new DsnLibrary({ store: otherStore, clock }).exportLibrary()).json;
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  }

  it('rename: a clashing name is imported as "<name> (imported)"', async () => {
    await seedWithSecrets();
    const report = value(library.importLibrary(await otherLibrary(), { onConflict: 'rename' }));
    expect(report).toEqual({ dryRun: false, total: 2, imported: ['analytics'], renamed: [{ from: 'BILLING', to: 'BILLING (imported)' }], replaced: [], skipped: [], conflicts: ['BILLING'] });
    expect(names()).toEqual(['analytics', 'billing', 'BILLING (imported)', 'orders']);
    const imported = value(store.list()).find((d) => d.name === 'BILLING (imported)');
    expect(imported).toMatchObject({ server: '10.0.0.9', tags: ['moved'], hasPassword: false });
  });

  it('skip: a clashing name is left out', async () => {
    const { db } = await seedWithSecrets();
    const report = value(library.importLibrary(await otherLibrary(), { onConflict: 'skip' }));
    expect(report).toMatchObject({ imported: ['analytics'], skipped: ['BILLING'], renamed: [], replaced: [] });
    expect(value(store.get(db.id))).toEqual(db);
  });

  it('replace: the saved DSN takes the settings, keeping its id and password', async () => {
    const { db } = await seedWithSecrets();
    clock.advance(1000);
    const report = value(library.importLibrary(await otherLibrary(), { onConflict: 'replace' }));
    expect(report).toMatchObject({ imported: ['analytics'], replaced: ['BILLING'] });
    expect(value(store.get(db.id))).toMatchObject({ id: db.id, name: 'BILLING', server: '10.0.0.9', tags: ['moved'], hasPassword: true, updatedAt: '2030-01-01T12:00:01.000Z' });
    expect(value(await store.passwordFor(db.id))).toBe(CANARY_PW);
  });

  it('dryRun reports without writing; an export imports back as it was', async () => {
    await seedWithSecrets();
    const before = fileText();
    expect(value(library.importLibrary(await otherLibrary(), { onConflict: 'replace', dryRun: true }))).toMatchObject({ dryRun: true, replaced: ['BILLING'], imported: ['analytics'] });
    expect(fileText()).toBe(before);

    const exported = value(library.exportLibrary()).json;
    rmSync(dir, { recursive: true, force: true });
    store = open();
    library = new DsnLibrary({ store, clock });
    expect(value(library.importLibrary(exported, { onConflict: 'skip' })).imported).toEqual(['billing', 'orders']);
    expect(value(library.exportLibrary()).json).toBe(exported);
  });
});

describe('import of a malformed file', () => {
  const doc = (dsns: unknown[], over: Record<string, unknown> = {}) => JSON.stringify({ format: 'iam-dsn-manager/library', version: 1, exportedAt: '2030-01-01T00:00:00.000Z', dsns, ...over });

  it('not JSON: VALIDATION that says so, nothing written', () => {
    const error = failure(library.importLibrary('{"format": "iam-dsn-manager/library", ', { onConflict: 'rename' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^The library file is not valid: it is not JSON \(/);
    expect(names()).toEqual([]);
  });

  it('a bad field: the message names the entry and the field', () => {
    const json = doc([iamDsn({ name: 'a' }), { ...iamDsn({ name: 'b' }), port: 'x' }, { ...dbDsn({ name: 'c' }), tags: ['ok', ''] }]);
    const error = failure(library.importLibrary(json, { onConflict: 'rename' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('The library file is not valid: Entry 2 (“b”): field "port" — Port must be a whole number from 1 to 65535 (and 1 more problem).');
    expect(error.fieldErrors).toMatchObject({ 'dsns.1.port': [expect.stringContaining('Port')], 'dsns.2.tags.1': ['Entry 3 (“c”): field "tags.1" — A tag cannot be empty'] });
    expect(error.detail?.split('\n')).toHaveLength(2);
    expect(names()).toEqual([]);
  });

  it('refuses secrets, unknown fields, duplicate names, other formats and newer versions', () => {
    const cases: Array<[string, RegExp]> = [
      [doc([{ ...dbDsn(), password: 'pw' }]), /Entry 1 \(“local”\): field "password" — secrets are never imported/],
      [doc([{ ...dbDsn(), color: 'red' }]), /Entry 1 \(“local”\): field "color" — Unrecognized key/],
      [doc([dbDsn({ name: 'x' }), dbDsn({ name: 'X' })]), /Entry 2 \(“X”\): field "name" — entry 1 has the same name/],
      [doc(['prod']), /Entry 1: must be an object of DSN fields/],
      [doc([], { format: 'something-else' }), /not a DSN library export/],
      [doc([], { version: 2 }), /newer version of the app \(format version 2; this one reads 1\)/],
      [JSON.stringify([dbDsn()]), /not a DSN library export/],
    ];
    for (const [json, message] of cases) expect(failure(library.importLibrary(json, { onConflict: 'rename' })).message).toMatch(message);
    expect(names()).toEqual([]);
  });
});

describe('store: tags and batches', () => {
  it('keeps saved tags when a save does not send any (the form has no tags field)', async () => {
    const saved = value(await store.save(iamDsn({ tags: ['a', 'b'] })));
    const input: DsnInput = { ...iamDsn({ port: 6543 }), id: saved.id };
    delete input.tags;
    expect(value(await store.save(input))).toMatchObject({ port: 6543, tags: ['a', 'b'] });
    expect(value(await store.save({ ...input, tags: [] })).tags).toEqual([]);
  });

  it('putMany writes all or nothing', async () => {
    const a = value(await store.save(iamDsn({ name: 'a' })));
    const before = fileText();
    const clash = store.putMany([{ dsn: iamDsn({ name: 'new' }) }, { id: a.id, dsn: iamDsn({ name: 'NEW' }) }]);
    expect(failure(clash).code).toBe('NAME_TAKEN');
    expect(fileText()).toBe(before);
    expect(failure(store.putMany([{ id: '3b241101-e2bb-4255-8caf-4136c566a962', dsn: iamDsn() }])).code).toBe('NOT_FOUND');
  });
});
