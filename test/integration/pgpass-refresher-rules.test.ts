/**
 * Issue 11 #3, #4, #5: the refresher's .pgpass as the one wiring builds it (the user's home, this
 * process's user, flock(2) through flock(1)), on real files, checked byte for byte and by the real
 * libpq: lines in another encoding stay as they were, concurrent writers lose nothing, and only a
 * .pgpass of the user's own, in the user's home, is ever written.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../electron/main/app-services';
import { pgpassLine } from '../../electron/main/files/pgpass';
import { processOwner } from '../../electron/main/files/pgpass-file';
import { TokenFileWriter } from '../../electron/main/iam-token/token-file-writer';
import type { RefresherStatus } from '../../shared/ipc-contract';
import { ok, type Result } from '../../shared/result';
import { testServices } from '../support/app';
import { iamDsn } from '../support/fakes';
import { libpqPasswords } from '../support/libpq-passwords';
import { KEY } from '../support/pgpass-samples';
import { requireTool } from '../support/require-tool';

const ID = '00000000-0000-4000-8000-0000000000c3';
const DSN = iamDsn({ server: KEY.host, port: Number(KEY.port), database: KEY.database, user: KEY.user });
const CREDENTIALS = { accessKeyId: 'AKIAEXAMPLEPGPASS001', secretAccessKey: 'pgpass/rules/secret/key/000000000000000000' };

let home: string;
let services: AppServices;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'iamdsn-pgpass-rules-'));
  chmodSync(home, 0o755);
  services = testServices({ homedir: home, credentialProviderFactory: () => () => Promise.resolve(CREDENTIALS) });
});

afterEach(() => {
  services.refresher.stopAll();
  rmSync(home, { recursive: true, force: true });
});

/** Starts the refresher on `path` as the window does; answers its first status (or the refusal). */
function start(path: string): Promise<Result<RefresherStatus>> {
  return services.refresher.start({ dsnId: ID, target: { kind: 'pgpass', path } }, { source: () => ok({ dsn: DSN, secrets: {} }) });
}

function file(name: string, content: string | Buffer, mode = 0o600): string {
  const path = join(home, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('issue 11 #3: other lines in any encoding stay byte for byte', () => {
  it('a Latin-1 é, CRLF, a lone 0xff and no final newline come back as they were; libpq reads the token', async () => {
    const others = Buffer.concat([
      Buffer.from('# caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from('\nother.example.com:5432:*:jos', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(':pw\r\nbytes.example.com:5432:*:u:', 'latin1'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\nlast.example.com:5432:*:dave:no-newline', 'latin1'),
    ]);
    const path = file('.pgpass', others);
    const started = await start(path);
    expect(started.ok, JSON.stringify(started)).toBe(true);
    const after = readFileSync(path);
    const line = /^[^\n]*$/m.exec(after.subarray(others.length + 1).toString('utf8'))?.[0] ?? '';
    expect(after.subarray(0, others.length).equals(others)).toBe(true);
    expect(after.subarray(others.length).toString('latin1')).toBe(`\n${line}\n`);
    expect(line.startsWith(`${KEY.host}:${KEY.port}:${KEY.database}:${KEY.user}:`)).toBe(true);
    const token = libpqPasswords(path, [KEY])[0] ?? '';
    expect(pgpassLine(KEY, token)).toBe(line);
    // A second refresh replaces the line in place; the other bytes still do not move.
    services.refresher.stopAll();
    expect((await start(path)).ok).toBe(true);
    expect(readFileSync(path).subarray(0, others.length).equals(others)).toBe(true);
  });
});

describe('issue 11 #5: only a .pgpass of the user\'s own, in the user\'s home', () => {
  const refused = async (path: string): Promise<{ message: string; hint: string }> => {
    const before = readFileSync(path);
    const mode = statSync(path).mode;
    const started = await start(path);
    if (started.ok) throw new Error(`${path} was accepted`);
    expect(readFileSync(path).equals(before), 'the file is left as it was').toBe(true);
    expect(statSync(path).mode, 'its mode too').toBe(mode);
    return { message: started.error.message, hint: started.error.hint ?? '' };
  };

  it('shadow- and passwd-format files are not a .pgpass, whatever their mode: no chmod advice', async () => {
    const shadow = await refused(file('shadow', 'root:$6$salt$hash:19700:0:99999:7:::\nme:!:19700:0:99999:7:::\n', 0o640));
    expect(shadow.message).toMatch(/is not a \.pgpass file \(line 1/);
    const passwd = await refused(file('passwd', 'root:x:0:0:root:/root:/bin/bash\n', 0o644));
    expect(passwd.message).toMatch(/is not a \.pgpass file \(line 1/);
    for (const r of [shadow, passwd]) expect(`${r.message} ${r.hint}`).not.toMatch(/chmod/);
  });

  it('mode 0000 is refused and stays 0000; 0644 is refused with chmod advice for that .pgpass', async () => {
    const locked = await refused(file('locked.pgpass', 'h:5432:*:u:pw\n', 0o000));
    expect(locked.message).toMatch(/mode 0000/);
    const open = await refused(file('open.pgpass', 'h:5432:*:u:pw\n', 0o644));
    expect(open.hint).toBe(`Run: chmod 600 ${join(home, 'open.pgpass')} — then try again.`);
  });

  it('outside the home folder, or another user\'s file: refused', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'iamdsn-not-home-'));
    try {
      const outside = join(elsewhere, '.pgpass');
      writeFileSync(outside, 'h:5432:*:u:pw\n', { mode: 0o600 });
      expect((await refused(outside)).message).toMatch(/outside your home folder/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    if (process.getuid?.() === 0) {
      const theirs = file('theirs.pgpass', 'h:5432:*:u:pw\n');
      chownSync(theirs, 65534, 65534);
      expect((await refused(theirs)).message).toMatch(/belongs to another user \(uid 65534\)/);
    }
  });
});

describe.skipIf(!requireTool('flock', 'the concurrent .pgpass writers test'))('issue 11 #4: concurrent writers lose nothing', () => {
  it('a writer appending under flock every 5–30 ms while the app rewrites the file: every appended line survives', async () => {
    const path = file('.pgpass', '# mine\n');
    const lines = 300;
    // The refresher's writer as app-services.ts builds it: this process's user and flock, the home rule.
    const writer = new TokenFileWriter({ ...processOwner(), homedir: home });
    // The other writer: a shell loop, each append under flock(1) on the file, as a careful script does.
    const appender = spawn('bash', ['-c', `for i in $(seq 1 ${lines}); do flock "$F" sh -c 'printf "other-$1.example.com:5432:*:u:pw\\n" >> "$F"' _ "$i"; sleep 0.0$(( RANDOM % 26 + 5 )); done`], {
      env: { ...process.env, F: path },
      stdio: 'ignore',
    });
    const done = new Promise<number | null>((resolve) => appender.on('close', resolve));
    let running = true;
    void done.then(() => (running = false));
    let writes = 0;
    while (running) {
      const written = await writer.write({ kind: 'pgpass', path }, `token-${writes}`, KEY);
      if (!written.ok) throw new Error(written.error.message);
      writes += 1;
    }
    expect(await done).toBe(0);
    const text = readFileSync(path, 'utf8');
    const appended = text.split('\n').filter((l) => l.startsWith('other-'));
    expect(new Set(appended).size).toBe(lines);
    expect(appended).toHaveLength(lines);
    expect(text.split('\n').filter((l) => l.startsWith(`${KEY.host}:`))).toEqual([pgpassLine(KEY, `token-${writes - 1}`)]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(writes).toBeGreaterThan(50);
    console.info(`[pgpass-lock] ${writes} rewrites while ${lines} lines were appended under flock: ${appended.length} kept`);
  }, 120_000);
});

