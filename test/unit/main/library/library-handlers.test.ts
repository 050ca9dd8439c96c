/** The library's IPC handlers: untrusted arguments are validated like the rest, and nothing secret is answered or logged. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHandlers } from '../../../../electron/main/ipc/api-handlers';
import type { DsnInput, SavedDsn } from '../../../../shared/dsn';
import type { Result } from '../../../../shared/result';
import { dbDsn, FakeClock, iamDsn, MemoryLogger, TEST_KEYS } from '../../../support/fakes';
import { createTestApp } from '../../../support/app';

const CANARY = 'CANARY-pw-handler-91b2';
const UNKNOWN = '3b241101-e2bb-4255-8caf-4136c566a962';

let dir: string;
let handlers: ApiHandlers;
let logger: MemoryLogger;
let clock: FakeClock;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-lib-handlers-'));
  clock = new FakeClock();
  logger = new MemoryLogger();
  ({ handlers } = createTestApp(dir, { clock, logger, credentialProviderFactory: () => async () => TEST_KEYS }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function valueOf<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function validationOf(r: Result<unknown>): Record<string, string[]> {
  if (r.ok) throw new Error('expected a failure');
  expect(r.error.code).toBe('VALIDATION');
  return r.error.fieldErrors ?? {};
}

async function saved(input: DsnInput): Promise<SavedDsn> {
  return valueOf(await handlers.saveDsn(input));
}

describe('library handlers', () => {
  it('validate ids, names, tags, JSON and options', async () => {
    const dsn = await saved(iamDsn());
    for (const bad of ['not-a-uuid', 42, null, undefined]) {
      expect(validationOf(await handlers.duplicateDsn(bad))).toHaveProperty('_');
      expect(validationOf(await handlers.restoreDsn(bad))).toHaveProperty('_');
    }
    expect(validationOf(await handlers.renameDsn(dsn.id, 42))).toEqual({ name: ['Name is required'] });
    expect(validationOf(await handlers.renameDsn(dsn.id, ''))).toEqual({ name: ['Name is required'] });
    expect(validationOf(await handlers.setDsnTags(dsn.id, ['ok', 'OK']))).toEqual({ tags: ['Tag "OK" is listed twice'] });
    expect(validationOf(await handlers.setDsnTags(dsn.id, ['x'.repeat(41)]))).toEqual({ tags: ['A tag is at most 40 characters'] });
    expect(validationOf(await handlers.setDsnTags(dsn.id, Array.from({ length: 21 }, (_, i) => `t${i}`)))).toEqual({ tags: ['At most 20 tags'] });
    expect(validationOf(await handlers.exportLibrary(['nope']))).toHaveProperty('0');
    expect(validationOf(await handlers.importLibrary({ dsns: [] }, { onConflict: 'rename' }))).toHaveProperty('json');
    expect(validationOf(await handlers.importLibrary('{}', { onConflict: 'merge' }))).toHaveProperty('onConflict');
    expect(validationOf(await handlers.importLibrary('{}', { onConflict: 'skip', extra: 1 }))).toHaveProperty('_');
    expect(validationOf(await handlers.renameDsn(dsn.id, 'a', 'b'))).toEqual({ _: ['Too many arguments'] });
  });

  it('delete then restore through the handlers brings back the id and the password', async () => {
    const dsn = await saved({ ...dbDsn({ name: 'billing' }), password: CANARY });
    expect(valueOf(await handlers.deleteDsn(dsn.id))).toEqual({ id: dsn.id });
    expect(valueOf(await handlers.listDsns())).toEqual([]);
    const back = valueOf(await handlers.restoreDsn(dsn.id));
    expect(back).toEqual(dsn);
    expect(await handlers.restoreDsn(dsn.id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await handlers.restoreDsn(UNKNOWN)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('duplicates, renames and tags; a form save without tags keeps them', async () => {
    const dsn = await saved({ ...dbDsn({ name: 'billing' }), password: CANARY });
    const copy = valueOf(await handlers.duplicateDsn(dsn.id));
    expect(copy).toMatchObject({ name: 'billing copy', hasPassword: false });
    expect(valueOf(await handlers.renameDsn(copy.id, 'billing staging')).name).toBe('billing staging');
    const tagged = valueOf(await handlers.setDsnTags(dsn.id, [' prod ', 'finance']));
    expect(tagged).toMatchObject({ tags: ['prod', 'finance'], hasPassword: true });
    const formSave: DsnInput = { ...dbDsn({ name: 'billing', port: 6543 }), id: dsn.id };
    delete formSave.tags;
    expect(await saved(formSave)).toMatchObject({ port: 6543, tags: ['prod', 'finance'], hasPassword: true });
  });

  it('exports and imports through the handlers; no answer or log line holds a secret or a name', async () => {
    await saved({ ...dbDsn({ name: 'billing-secret-name' }), password: CANARY });
    const exported = valueOf(await handlers.exportLibrary());
    expect(exported.json).not.toContain(CANARY);
    const dry = valueOf(await handlers.importLibrary(exported.json, { onConflict: 'rename', dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, conflicts: ['billing-secret-name'], renamed: [{ to: 'billing-secret-name (imported)' }] });
    expect(valueOf(await handlers.listDsns())).toHaveLength(1);
    valueOf(await handlers.importLibrary(exported.json, { onConflict: 'rename' }));
    expect(valueOf(await handlers.listDsns()).map((d) => d.name)).toEqual(['billing-secret-name', 'billing-secret-name (imported)']);
    const bad = await handlers.importLibrary('not json', { onConflict: 'skip' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/not JSON/) } });
    expect(logger.text()).not.toContain(CANARY);
    expect(logger.text()).not.toContain('billing-secret-name');
    expect(logger.lines.map((l) => l.message)).toEqual(expect.arrayContaining(['Library exported', 'Library import']));
  });
});
