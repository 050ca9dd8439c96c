/** Secrets the CLI cannot read from the app: env first, then a prompt without echo, else exit 3 saying why. */
import { databasePassword, KEYCHAIN_REASON, staticKeySecret } from '../../../electron/cli/secrets';
import { exitStatusFor } from '../../../electron/cli/exit-codes';
import { dbDsn } from '../../support/fakes';
import { ScriptedPrompter } from '../../support/cli-context';

const KEY_ID = 'AKIAEXAMPLEEXAMPLE01';
const TEMP_KEY_ID = 'ASIAEXAMPLEEXAMPLE02';

describe('databasePassword', () => {
  it('takes PGPASSWORD without asking', async () => {
    const prompter = new ScriptedPrompter([]);
    expect(await databasePassword(dbDsn(), { env: { PGPASSWORD: 'pw' }, prompter, saved: true, storedByApp: true })).toEqual({ ok: true, value: 'pw' });
    expect(prompter.asked).toEqual([]);
  });

  it('asks on the terminal without echo, saying why', async () => {
    const prompter = new ScriptedPrompter([{ kind: 'answer', value: 'typed' }]);
    const r = await databasePassword(dbDsn(), { env: { PGPASSWORD: '' }, prompter, saved: true, storedByApp: true });
    expect(r).toEqual({ ok: true, value: 'typed' });
    expect(prompter.asked[0]?.options.echo).toBe(false);
    expect(prompter.asked[0]?.question).toContain(KEYCHAIN_REASON);
    expect(prompter.asked[0]?.question).toContain('db_user on 127.0.0.1:5432');
  });

  it('without a terminal: PASSWORD_MISSING (exit 3) with the keychain reason', async () => {
    const r = await databasePassword(dbDsn(), { env: {}, prompter: undefined, saved: true, storedByApp: true });
    if (r.ok) throw new Error('expected an error');
    expect(r.error.code).toBe('PASSWORD_MISSING');
    expect(exitStatusFor(r.error.code)).toBe(3);
    expect(r.error.message).toContain("the app's stored password is encrypted by the OS keychain through Electron and cannot be read by the CLI");
    expect(r.error.hint).toContain('PGPASSWORD');
  });

  it('names the right reason when the app has no password, or the DSN is a file', async () => {
    const saved = await databasePassword(dbDsn(), { env: {}, prompter: undefined, saved: true, storedByApp: false });
    const file = await databasePassword(dbDsn(), { env: {}, prompter: undefined, saved: false, storedByApp: false });
    expect(saved.ok ? '' : saved.error.message).toContain('no password is saved for this DSN');
    expect(file.ok ? '' : file.error.message).toContain('a DSN file never holds a password');
  });

  it('a cancelled prompt is CANCELLED, an empty one PASSWORD_MISSING', async () => {
    const cancelled = await databasePassword(dbDsn(), { env: {}, prompter: new ScriptedPrompter([{ kind: 'cancelled' }]), saved: false, storedByApp: false });
    const empty = await databasePassword(dbDsn(), { env: {}, prompter: new ScriptedPrompter([{ kind: 'answer', value: '' }]), saved: false, storedByApp: false });
    expect(cancelled.ok ? '' : cancelled.error.code).toBe('CANCELLED');
    expect(empty.ok ? '' : empty.error.code).toBe('PASSWORD_MISSING');
  });
});

describe('staticKeySecret', () => {
  it('takes AWS_SECRET_ACCESS_KEY when AWS_ACCESS_KEY_ID is unset or the same key', async () => {
    expect(await staticKeySecret(KEY_ID, { env: { AWS_SECRET_ACCESS_KEY: 's' }, prompter: undefined, saved: true, storedByApp: true })).toEqual({
      ok: true,
      value: { secretAccessKey: 's', sessionToken: undefined },
    });
    expect(await staticKeySecret(KEY_ID, { env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: 's' }, prompter: undefined, saved: true, storedByApp: true })).toMatchObject({ ok: true });
  });

  it('ignores the env secret of another key', async () => {
    const r = await staticKeySecret(KEY_ID, { env: { AWS_ACCESS_KEY_ID: 'AKIAOTHEROTHEROTHER1', AWS_SECRET_ACCESS_KEY: 's' }, prompter: undefined, saved: true, storedByApp: true });
    if (r.ok) throw new Error('expected an error');
    expect(r.error.code).toBe('CREDENTIALS_MISSING');
    expect(exitStatusFor(r.error.code)).toBe(3);
    expect(r.error.message).toContain('encrypted by the OS keychain through Electron');
  });

  it('a temporary key needs its session token: env, or a second prompt', async () => {
    expect(await staticKeySecret(TEMP_KEY_ID, { env: { AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' }, prompter: undefined, saved: false, storedByApp: false })).toEqual({
      ok: true,
      value: { secretAccessKey: 's', sessionToken: 't' },
    });
    const prompter = new ScriptedPrompter([
      { kind: 'answer', value: 'typed-secret' },
      { kind: 'answer', value: 'typed-token' },
    ]);
    expect(await staticKeySecret(TEMP_KEY_ID, { env: { AWS_SECRET_ACCESS_KEY: 's' }, prompter, saved: false, storedByApp: false })).toEqual({
      ok: true,
      value: { secretAccessKey: 'typed-secret', sessionToken: 'typed-token' },
    });
    expect(prompter.asked.map((a) => a.options.echo)).toEqual([false, false]);
  });
});
