import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogger, sanitizeLogFields } from '../../../../electron/main/platform/file-logger';
import { FakeClock } from '../../../support/fakes';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileLogger', () => {
  it('appends JSON lines to a 0600 file', () => {
    const file = join(dir, 'logs', 'app.log');
    const logger = new FileLogger(file, { clock: new FakeClock() });
    logger.info('first', { n: 1 });
    new FileLogger(file, { clock: new FakeClock() }).warn('second');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { n: 1, time: '2030-01-01T12:00:00.000Z', level: 'info', message: 'first' },
      { time: '2030-01-01T12:00:00.000Z', level: 'warn', message: 'second' },
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tightens an existing wider file to 0600', () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, '', { mode: 0o644 });
    new FileLogger(file).error('x');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('drops every field named like a secret', () => {
    const file = join(dir, 'app.log');
    const secret = 'CANARY-secret-value';
    new FileLogger(file).info('event', {
      password: secret,
      dbPassword: secret,
      token: secret,
      authToken: secret,
      sessionToken: secret,
      secretAccessKey: secret,
      clientSecret: secret,
      credentials: secret,
      private_key: secret,
      user: 'alice',
    });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ user: 'alice', message: 'event' });
  });

  it('never throws when the file cannot be written', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const logger = new FileLogger(join(dir, 'missing-parent', '\0bad', 'x.log'));
    expect(() => logger.info('a')).not.toThrow();
    expect(() => logger.info('b')).not.toThrow();
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('rotates past its size: a few files of at most maxBytes, the newest lines kept in order, each 0600', () => {
    const file = join(dir, 'logs', 'main.log');
    const logger = new FileLogger(file, { clock: new FakeClock(), maxBytes: 400, keep: 3 });
    for (let n = 1; n <= 60; n++) logger.info('event', { n });
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['main.log', 'main.log.1', 'main.log.2', 'main.log.3']);
    const numbers = (name: string): number[] =>
      readFileSync(join(dir, 'logs', name), 'utf8')
        .trim()
        .split('\n')
        .map((l) => Number((JSON.parse(l) as { n: number }).n));
    for (const name of files) {
      expect(statSync(join(dir, 'logs', name)).size).toBeLessThanOrEqual(400);
      expect(statSync(join(dir, 'logs', name)).mode & 0o777).toBe(0o600);
    }
    // Oldest to newest, no gap: the dropped lines are the first ones only.
    const kept = [...numbers('main.log.3'), ...numbers('main.log.2'), ...numbers('main.log.1'), ...numbers('main.log')];
    expect(kept.at(-1)).toBe(60);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 61 - kept.length + i));
    expect(kept[0]).toBeGreaterThan(1);
  });

  it('counts what is already in the file when it starts', () => {
    const file = join(dir, 'main.log');
    writeFileSync(file, `${'x'.repeat(390)}\n`, { mode: 0o600 });
    new FileLogger(file, { maxBytes: 400 }).info('next');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(`${'x'.repeat(390)}\n`);
    expect(readFileSync(file, 'utf8')).toContain('"message":"next"');
  });

  it('shortens very long values', () => {
    const out = sanitizeLogFields({ big: 'x'.repeat(5000), gone: undefined });
    expect(String(out.big).length).toBeLessThan(2100);
    expect(out).not.toHaveProperty('gone');
  });
});
