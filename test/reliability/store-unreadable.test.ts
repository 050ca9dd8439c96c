/**
 * Issue 11 #6 and #7: a store file the app cannot read, and one it cannot write back, as a user
 * meets them. A root-owned 0600 store (after one `sudo` run) opened by the app running as another
 * user must be named unreadable with its owner and mode and left alone byte for byte, not moved
 * aside as corrupt and replaced by the next save. A deeply nested unknown key must not make every
 * save fail.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DsnStore } from '../../electron/main/library/store';
import { MAX_UNKNOWN_DEPTH } from '../../electron/main/library/store-file';
import { defaultDsn, type DsnInput } from '../../shared/dsn';
import type { Result } from '../../shared/result';
import { bundleForNode } from '../support/bundle-node';
import { FakeCipher, MemoryLogger } from '../support/fakes';

/** The user the app runs as when the test runs as root (the store then belongs to root). */
const NOBODY = 65534;

let dir: string;
let reader: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-unreadable-'));
  chmodSync(dir, 0o755);
  reader = await bundleForNode('test/reliability/support/store-reader.ts', join(dir, 'store-reader.mjs'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openStore(directory: string, logger = new MemoryLogger()): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory, cipher: new FakeCipher(), clock: { now: () => Date.now() }, logger });
}

const dsn = (n: number): DsnInput => ({ ...defaultDsn(), name: `dsn ${n}`, authType: 'database', server: `10.0.0.${n}`, user: `user_${n}`, sslMode: 'require' });

describe('a store file the app cannot read', () => {
  it('issue 11 #6: EACCES is "cannot read" with the owner and mode; the file stays byte for byte, nothing is moved aside, a save is refused', async () => {
    const storeDir = join(dir, 'store');
    const saved = openStore(storeDir);
    for (let n = 1; n <= 3; n++) expect((await saved.save(dsn(n))).ok).toBe(true);
    const file = join(storeDir, 'dsns.json');
    const bytes = readFileSync(file);
    const asRoot = process.getuid?.() === 0;
    // Root reads everything: the app runs as another user, the file stays root's (a `sudo` run left it).
    if (asRoot) chownSync(storeDir, NOBODY, NOBODY);
    else chmodSync(file, 0o000);
    const owner = statSync(file);
    const run = spawnSync(process.execPath, [reader, storeDir], { encoding: 'utf8', ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}), env: { PATH: process.env.PATH ?? '', HOME: dir } });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { list: Result<unknown>; save: Result<unknown> };
    const expected = `The store file ${file} cannot be read (EACCES). It belongs to uid ${owner.uid} (gid ${owner.gid}), mode ${asRoot ? '0600' : '0000'}. It is left as it is.`;
    expect(out.list).toMatchObject({ ok: false, error: { code: 'STORE_IO', message: expected } });
    expect(out.save).toMatchObject({ ok: false, error: { code: 'STORE_IO', message: expected } });
    if (asRoot) expect(!out.list.ok && out.list.error.hint).toBe(`It was written by another user (e.g. a run with sudo). Give it back to yourself: sudo chown ${NOBODY} "${file}"`);
    if (!asRoot) chmodSync(file, 0o600);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file)).toMatchObject({ uid: owner.uid, mode: owner.mode, ino: owner.ino });
    expect(readdirSync(storeDir)).toEqual(['dsns.json']);
  });
});

describe('a store file the app cannot write back', () => {
  it('issue 11 #7: an unknown key nested 20,000 deep is dropped on load; the DSNs stay and saves work', async () => {
    const storeDir = join(dir, 'deep');
    mkdirSync(storeDir);
    const first = openStore(storeDir);
    expect((await first.save(dsn(1))).ok).toBe(true);
    const file = join(storeDir, 'dsns.json');
    const content = readFileSync(file, 'utf8').trimEnd();
    const deep = `${'{"x":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const shallow = `${'{"x":'.repeat(MAX_UNKNOWN_DEPTH - 1)}1${'}'.repeat(MAX_UNKNOWN_DEPTH - 1)}`;
    writeFileSync(file, `${content.slice(0, -1)},"fromTheFuture":${deep},"kept":${shallow}}`);
    const logger = new MemoryLogger();
    const store = openStore(storeDir, logger);
    expect(store.list().ok && store.list()).toMatchObject({ value: [{ name: 'dsn 1' }] });
    const saved = await store.save(dsn(2));
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    const after = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(after).sort()).toEqual(['dsns', 'kept', 'version']);
    expect((after.dsns as unknown[]).length).toBe(2);
    expect(JSON.stringify(logger)).toContain('nested too deep');
  });

  it('a value the store cannot serialise is said to be that, not a disk or permission problem', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const store = new DsnStore({
      createConf: () => ({ path: '(memory)', get: () => undefined, set: () => JSON.stringify(cyclic) as unknown as undefined }),
      directory: dir,
      name: 'never-a-file',
      readOnly: true,
      cipher: new FakeCipher(),
      clock: { now: () => Date.now() },
      logger: new MemoryLogger(),
    });
    const saved = await store.save(dsn(3));
    expect(saved).toMatchObject({ ok: false, error: { code: 'STORE_IO', message: expect.stringContaining('could not be serialised as JSON (TypeError); nothing was written') } });
    expect(!saved.ok && saved.error.hint).not.toMatch(/disk|permission/i);
  });
});
