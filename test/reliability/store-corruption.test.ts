/**
 * Storage reliability (issue #6), part 1: store files that are truncated, random bytes,
 * schema-violating or wrong-typed. For each, the REAL DsnStore on Conf (as in the app) must start,
 * move the bad file aside beside itself byte for byte, say so in status() (and over IPC, for the
 * renderer's banner), log it without its content, and work normally afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Conf from 'conf';
import { afterAll, describe, expect, it } from 'vitest';

import { DsnStore } from '../../electron/main/library/store';
import { defaultDsn, type DsnInput } from '../../shared/dsn';
import type { StoreStatus } from '../../shared/ipc-contract';
import { FakeCipher, MemoryLogger } from '../support/fakes';
import { createTestApp } from '../support/app';

const root = mkdtempSync(join(tmpdir(), 'iamdsn-corrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const clock = { now: () => Date.now() };
let dirs = 0;

function openStore(directory: string, logger = new MemoryLogger()): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory, cipher: new FakeCipher(), clock, logger });
}

function dsn(n: number): DsnInput {
  return { ...defaultDsn(), name: `dsn ${n}`, authType: 'database', server: `10.0.0.${n % 250}`, user: `user_${n}`, sslMode: 'require', password: `secret-${n}` };
}

/** A real store file written by DsnStore: `count` DSNs with encrypted passwords. */
let VALID: { bytes: Buffer; json: { version: 1; dsns: Array<Record<string, unknown> & { dsn: Record<string, unknown> }> } };
beforeAll(async () => {
  const directory = join(root, 'valid');
  const store = openStore(directory);
  for (let n = 0; n < 5; n++) expect((await store.save(dsn(n))).ok).toBe(true);
  const path = (await store.status()).storePath;
  VALID = { bytes: readFileSync(path), json: JSON.parse(readFileSync(path, 'utf8')) as (typeof VALID)['json'] };
});

const counts: Record<string, number> = {};

/** Writes `bytes` as the store file of a fresh dir, opens the store, and checks the recovery. */
async function expectRecovered(kind: string, bytes: Buffer | string): Promise<void> {
  const directory = join(root, `case-${++dirs}`);
  const file = join(directory, 'dsns.json');
  const original = Buffer.from(bytes);
  const logger = new MemoryLogger();
  mkdirSync(directory, { recursive: true });
  writeFileSync(file, original);
  let store: DsnStore | undefined;
  expect(() => (store = openStore(directory, logger)), `${kind}: the store starts`).not.toThrow();
  if (store === undefined) throw new Error('unreachable');
  const status: StoreStatus = await store.status();
  const backup = status.recoveredFromCorruptFile;
  expect(backup, `${kind}: status() tells (${original.subarray(0, 60).toString('hex')})`).toBeDefined();
  if (backup === undefined) return;
  // Beside itself, same bytes, and the store file itself is gone or fresh.
  expect(dirname(backup)).toBe(directory);
  expect(basename(backup)).toMatch(/^dsns\.json\.corrupt-[\w-]+$/);
  expect(readFileSync(backup).equals(original), `${kind}: the backup holds the original bytes`).toBe(true);
  expect(store.list()).toEqual({ ok: true, value: [] });
  // Logged as a warning with the backup path and a reason, never the content.
  const warning = logger.lines.find((l) => l.message.startsWith('Store file was corrupt'));
  expect(warning?.fields).toMatchObject({ backup, reason: expect.any(String) });
  if (original.length > 8) expect(logger.text()).not.toContain(original.subarray(0, 40).toString('utf8'));
  // The store works afterwards, and a second start finds nothing to recover.
  expect(await store.save(dsn(99))).toMatchObject({ ok: true });
  const reopened = openStore(directory);
  expect((await reopened.status()).recoveredFromCorruptFile).toBeUndefined();
  expect(reopened.list()).toMatchObject({ ok: true, value: [{ name: 'dsn 99', hasPassword: true }] });
  expect(readdirSync(directory).filter((f) => f.includes('corrupt'))).toEqual([basename(backup)]);
  counts[kind] = (counts[kind] ?? 0) + 1;
}

describe('corrupt store files: the store starts, the bad file is backed up beside itself, status() tells', () => {
  it('truncated at every kind of length (0 bytes … one byte short)', async () => {
    const length = VALID.bytes.length;
    const cuts = new Set([0, 1, 2, 10, 17, 64, Math.floor(length / 3), Math.floor(length / 2), length - 64, length - 3, length - 2, length - 1]);
    for (let cut = 0; cut < length; cut += Math.ceil(length / 40)) cuts.add(cut);
    for (const cut of cuts) await expectRecovered('truncated', VALID.bytes.subarray(0, cut));
  });

  it('random bytes', async () => {
    let made = 0;
    while (made < 40) {
      const bytes = randomBytes(1 + Math.floor(Math.random() * 4096));
      try {
        JSON.parse(bytes.toString('utf8'));
        continue; // a random JSON value (e.g. "7") is the wrong-typed case below, not this one
      } catch {
        // not JSON: the case we want
      }
      await expectRecovered('random bytes', bytes);
      made++;
    }
    // Also text that is almost JSON.
    for (const text of ['{', '{"version":1,"dsns":[', '\u0000\u0000\u0000\u0000', '\ufeff{"version":1}garbage', '{"version":1}{"version":1}', '{version:1}', "{'dsns':[]}"]) await expectRecovered('random bytes', text);
  });

  it('schema-violating records (each rule of the stored record broken in one DSN of five)', async () => {
    type Mutation = (record: Record<string, unknown> & { dsn: Record<string, unknown> }) => void;
    const MUTATIONS: Record<string, Mutation> = {
      'id not a UUID': (r) => (r.id = 'not-a-uuid'),
      'id missing': (r) => Reflect.deleteProperty(r, 'id'),
      'unknown record key': (r) => (r.plainPassword = 'x'),
      'updatedAt not a date': (r) => (r.updatedAt = 'yesterday'),
      'ciphertext not base64': (r) => (r.passwordEncrypted = '***'),
      'empty ciphertext': (r) => (r.passwordEncrypted = ''),
      'port out of range': (r) => (r.dsn.port = 70000),
      'port a string': (r) => (r.dsn.port = '5432'),
      'name empty': (r) => (r.dsn.name = ''),
      'name too long': (r) => (r.dsn.name = 'n'.repeat(101)),
      'unknown DSN key': (r) => (r.dsn.password = 'plain'),
      'authType unknown': (r) => (r.dsn.authType = 'kerberos'),
      'IAM with sslmode disable': (r) => Object.assign(r.dsn, { authType: 'iam', sslMode: 'disable', server: 'db.example.com', region: 'us-east-1' }),
      'credential source unknown': (r) => (r.dsn.credentialSource = { kind: 'ec2' }),
      'NUL in user': (r) => (r.dsn.user = 'a\u0000b'),
      'dsn missing': (r) => Reflect.deleteProperty(r, 'dsn'),
      'dsn an array': (r) => (r.dsn = [] as unknown as Record<string, unknown>),
    };
    for (const [name, mutate] of Object.entries(MUTATIONS)) {
      for (const index of [0, 4]) {
        const json = structuredClone(VALID.json);
        const record = json.dsns[index];
        if (record === undefined) throw new Error('no record');
        mutate(record);
        await expectRecovered(`schema-violating`, JSON.stringify(json, undefined, '\t'));
        expect(counts['schema-violating'], name).toBeGreaterThan(0);
      }
    }
  });

  it('wrong-typed values in an object-shaped file', async () => {
    const files: unknown[] = [
      { version: 1, dsns: {} },
      { version: 1, dsns: null },
      { version: 1, dsns: 'dsn' },
      { version: 1, dsns: [null] },
      { version: 1, dsns: [[]] },
      { version: 1, dsns: [1, 2] },
      { version: 2, dsns: [] },
      { version: '1', dsns: [] },
      { version: 1, dsns: VALID.json.dsns.map((r) => ({ ...r, dsn: JSON.stringify(r.dsn) })) },
      { version: 1, dsns: VALID.json.dsns.map((r) => ({ ...r, updatedAt: 0 })) },
    ];
    for (const file of files) await expectRecovered('wrong-typed', JSON.stringify(file));
  });

  it('the renderer is told through the storeStatus channel', async () => {
    const directory = join(root, 'ipc');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'dsns.json'), '{"version":1,"dsns":[{');
    const { handlers } = createTestApp(directory, { clock });
    const status = await handlers.storeStatus();
    expect(status).toMatchObject({ ok: true, value: { recoveredFromCorruptFile: expect.stringMatching(/dsns\.json\.corrupt-/), storePath: join(directory, 'dsns.json') } });
  });

  // Found by this suite: Conf used to turn a top-level value that is not an object into an empty store
  // silently (no backup, no notice, overwritten by the next save). openStoreFile now refuses it.
  it('a top-level JSON value that is not an object (or an empty file) is backed up and reported too', async () => {
    for (const text of ['null', '[]', '5', '"dsns"', 'true', '[{"version":1}]', '']) await expectRecovered('wrong-typed (top level)', text);
  });

  it('prints the counts', () => {
    const total = Object.entries(counts)
      .filter(([kind]) => !kind.includes('top level'))
      .reduce((n, [, c]) => n + c, 0);
    console.log(`[store-corruption] ${total} corrupt store files recovered: ${JSON.stringify(counts)}`);
    expect(total).toBeGreaterThan(100);
  });
});
