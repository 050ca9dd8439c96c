/** DsnStore: the secret access key and session token of typed keys (a `static` credential source). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { DsnStore } from '../../../../electron/main/library/store';
import type { DsnInput } from '../../../../shared/dsn';
import { dbDsn, FakeCipher, FakeClock, iamDsn, MemoryLogger } from '../../../support/fakes';

const KEY_ID = 'ASIACANARYKEY0000001';
const SECRET = 'CANARY/secret/access/key/0123456789abcdef';
const TOKEN = 'IQoJb3JpZ2luX2VjECANARYsessiontoken/+=0123456789';
const staticSource = { kind: 'static', accessKeyId: KEY_ID } as const;

let dir: string;
let cipher: FakeCipher;
let logger: MemoryLogger;

function open(): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory: dir, cipher, clock: new FakeClock(), logger });
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function typed(over: Partial<DsnInput> = {}): DsnInput {
  return { ...iamDsn({ credentialSource: staticSource }), ...over };
}

const fileText = (): string => readFileSync(join(dir, 'dsns.json'), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-static-'));
  cipher = new FakeCipher();
  logger = new MemoryLogger();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('typed keys in the store', () => {
  it('requires a secret access key for an IAM DSN with typed keys', async () => {
    const r = await open().save(typed());
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { secretAccessKey: ['Secret access key is required for typed keys'] } } });
    expect((await open().save(typed({ secretAccessKey: '   ' }))).ok).toBe(false);
    // Database authentication never signs: its source's keys are not required.
    expect((await open().save({ ...dbDsn(), credentialSource: staticSource })).ok).toBe(true);
  });

  it('encrypts the secret and the session token; the file and every view hold neither', async () => {
    const store = open();
    const saved = value(await store.save(typed({ secretAccessKey: SECRET, sessionToken: TOKEN })));
    expect(saved).toMatchObject({ hasSecretAccessKey: true, hasSessionToken: true, hasPassword: false });
    const text = fileText();
    for (const secret of [SECRET, TOKEN]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(saved)).not.toContain(secret);
      expect(JSON.stringify(value(store.list()))).not.toContain(secret);
      expect(logger.text()).not.toContain(secret);
    }
    const record = (JSON.parse(text) as { dsns: Array<Record<string, unknown>> }).dsns[0] ?? {};
    expect(Object.keys(record).sort()).toEqual(['dsn', 'id', 'secretAccessKeyEncrypted', 'sessionTokenEncrypted', 'updatedAt']);
    expect(record.dsn).not.toHaveProperty('secretAccessKey');
    expect(record.dsn).not.toHaveProperty('sessionToken');
    expect(await cipher.decrypt(Buffer.from(String(record.secretAccessKeyEncrypted), 'base64'))).toBe(SECRET);
    // A restart decrypts them again.
    expect(value(await open().staticSecretsFor(saved.id))).toEqual({ secretAccessKey: SECRET, sessionToken: TOKEN });
  });

  it('keeps stored keys when none are typed, replaces what is typed, and clears on clearStaticKeys', async () => {
    const store = open();
    const { id } = value(await store.save(typed({ secretAccessKey: SECRET, sessionToken: TOKEN })));
    value(await store.save(typed({ id, port: 5433, secretAccessKey: '', sessionToken: undefined })));
    expect(value(await store.staticSecretsFor(id))).toEqual({ secretAccessKey: SECRET, sessionToken: TOKEN });
    value(await store.save(typed({ id, secretAccessKey: 'replaced/secret/key/0000000000000000000000' })));
    expect(value(await store.staticSecretsFor(id))).toEqual({ secretAccessKey: 'replaced/secret/key/0000000000000000000000', sessionToken: TOKEN });
    // Clearing alone leaves no secret: refused; clearing and typing a new secret drops the token.
    expect((await store.save(typed({ id, clearStaticKeys: true }))).ok).toBe(false);
    const cleared = value(await store.save(typed({ id, clearStaticKeys: true, secretAccessKey: SECRET })));
    expect(cleared).toMatchObject({ hasSecretAccessKey: true, hasSessionToken: false });
    expect(value(await store.staticSecretsFor(id))).toEqual({ secretAccessKey: SECRET, sessionToken: undefined });
  });

  it('never applies stored keys to another access key id, and drops them with the static source', async () => {
    const store = open();
    const { id } = value(await store.save(typed({ secretAccessKey: SECRET, sessionToken: TOKEN })));
    const other = await store.save(typed({ id, credentialSource: { kind: 'static', accessKeyId: 'AKIAOTHERKEY00000001' } }));
    expect(other).toMatchObject({ ok: false, error: { fieldErrors: { secretAccessKey: expect.any(Array) } } });
    const profile = value(await store.save({ ...iamDsn({ credentialSource: { kind: 'profile', profile: 'dev' } }), id, secretAccessKey: SECRET }));
    expect(profile).toMatchObject({ hasSecretAccessKey: false, hasSessionToken: false });
    expect(fileText()).not.toContain('Encrypted');
    expect(value(await store.staticSecretsFor(id))).toEqual({ secretAccessKey: undefined, sessionToken: undefined });
  });

  it('without OS encryption keeps them for this session only', async () => {
    cipher.available = false;
    const store = open();
    const saved = value(await store.save(typed({ secretAccessKey: SECRET, sessionToken: TOKEN })));
    expect(saved).toMatchObject({ hasSecretAccessKey: true, hasSessionToken: true, passwordSessionOnly: false });
    expect(value(await store.staticSecretsFor(saved.id))).toEqual({ secretAccessKey: SECRET, sessionToken: TOKEN });
    expect(fileText()).not.toContain(SECRET);
    expect(fileText()).not.toContain('Encrypted');
    expect(value(open().get(saved.id))).toMatchObject({ hasSecretAccessKey: false, hasSessionToken: false });
  });

  it('falls back to session-only when encryption throws, logging the field name only', async () => {
    const store = open();
    cipher.encrypt = () => {
      throw new Error(`cannot encrypt ${SECRET}`);
    };
    const saved = value(await store.save(typed({ secretAccessKey: SECRET })));
    expect(saved.hasSecretAccessKey).toBe(true);
    expect(value(await store.staticSecretsFor(saved.id)).secretAccessKey).toBe(SECRET);
    expect(logger.lines.find((l) => l.level === 'warn')?.fields).toMatchObject({ field: 'secretAccessKey', reason: 'Error' });
    expect(logger.text()).not.toContain(SECRET);
  });

  it('answers STORE_IO, without the secret, when the stored key cannot be decrypted now', async () => {
    const { id } = value(await open().save(typed({ secretAccessKey: SECRET })));
    cipher.available = false;
    const r = await open().staticSecretsFor(id);
    expect(r).toMatchObject({ ok: false, error: { code: 'STORE_IO', message: expect.stringContaining('secret access key') } });
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });
});
