/**
 * Rules that had several copies in the main process and now have one home (issue #9):
 * - disagreement 3: one list of secret-looking keys — a pasted JSON with `secretAccessKey` or
 *   `sessionToken` is reported as holding a secret, as a library import already refused it;
 * - disagreement 4: one name folding (store names, tags, the CLI's lookup) and one way to keep
 *   "only the DSN's own fields" (a save, an export, the library file, the CLI).
 * Each is shown through the places that use it, not by restating the rule.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSaved } from '../../../electron/cli/dsn-source';
import { readLibrary, writeLibrary } from '../../../electron/main/library/library-file';
import { type Dsn, type DsnInput, SECRET_KEYS, tagsSchema } from '../../../shared/dsn';
import { importConnectionString } from '../../../shared/formats';
import { exportDsn } from '../../../shared/formats';
import { createTestApp, type TestApp } from '../../support/app';
import { iamDsn } from '../../support/fakes';

const CANARY = 'CANARY-one-home-5e1f';

let dir: string;
let app: TestApp;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-one-home-'));
  app = createTestApp(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function libraryOf(entry: Record<string, unknown>): string {
  return JSON.stringify({ format: 'iam-dsn-manager/library', version: 1, exportedAt: '2030-01-01T00:00:00.000Z', dsns: [entry] });
}

describe('one list of secret-looking keys (disagreement 3)', () => {
  it.each([...SECRET_KEYS, 'SecretAccessKey', 'SESSIONTOKEN'])('%s: a pasted JSON holds a secret, and a library entry with it is refused', (key) => {
    const { name: _n, ...fields } = iamDsn();
    const pasted = importConnectionString(JSON.stringify({ ...fields, [key]: CANARY }));
    expect(pasted.ok && pasted.value.secretFound, 'pasted JSON').toBe(true);
    expect(JSON.stringify(pasted)).not.toContain(CANARY);
    const library = readLibrary(libraryOf({ ...iamDsn(), [key]: CANARY }));
    expect(library.ok, 'library import').toBe(false);
    expect(!library.ok && Object.keys(library.error.fieldErrors ?? {})).toEqual([`dsns.0.${key}`]);
    expect(JSON.stringify(library)).not.toContain(CANARY);
  });

  it('a key that only looks similar is neither', () => {
    const { name: _n, ...fields } = iamDsn();
    const pasted = importConnectionString(JSON.stringify({ ...fields, tokenExpirationSeconds: 600 }));
    expect(pasted.ok && pasted.value.secretFound).toBe(false);
  });
});

describe('one name folding (disagreement 4)', () => {
  it('the store, the tags and the CLI lookup fold names alike: trimmed, case ignored in one locale', async () => {
    const saved = await app.services.dsns.save({ ...iamDsn(), name: 'Orders ÉTÉ' });
    expect(saved.ok).toBe(true);
    const clash = await app.services.dsns.save({ ...iamDsn(), name: '  orders été ' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { name: ['Another DSN already has this name'] } } });
    expect(tagsSchema.safeParse(['Orders ÉTÉ', ' orders été ']).success).toBe(false);
    const listed = app.services.dsns.list();
    const found = findSaved({ path: 'x', exists: true }, listed.ok ? listed.value : [], ' ORDERS été');
    expect(found).toMatchObject({ ok: true, value: { name: 'Orders ÉTÉ' } });
  });
});

describe('one way to keep only the DSN\'s own fields (disagreement 4)', () => {
  /** A DSN-like object carrying what must never ride along: write-only secrets, flags, an id, view fields, a planted key in the source. */
  function laden(): DsnInput & Record<string, unknown> {
    return {
      ...iamDsn({ credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLEEXAMPLE01' } }),
      credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: CANARY } as Dsn['credentialSource'],
      secretAccessKey: CANARY,
      sessionToken: CANARY,
      password: CANARY,
      clearPassword: false,
      hasPassword: true,
      updatedAt: '2030-01-01T00:00:00.000Z',
    };
  }

  it('the JSON export and the library file write none of it', () => {
    const json = exportDsn(laden() as Dsn, 'json', {}).text;
    const library = writeLibrary([laden() as Dsn], '2030-01-01T00:00:00.000Z');
    for (const text of [json, library]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toMatch(/hasPassword|updatedAt"\s*:\s*"2030|clearPassword/);
    }
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(iamDsn({ credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLEEXAMPLE01' } }))));
  });

  it('a save writes none of it into the store file (the secrets only encrypted)', async () => {
    const saved = await app.services.dsns.save(laden());
    expect(saved.ok).toBe(true);
    const file = readFileSync((await app.services.store.status()).storePath, 'utf8');
    expect(file).not.toContain(CANARY);
    expect(file).not.toMatch(/hasPassword|clearPassword/);
  });
});
