/**
 * The refresher service on each platform (issue 16): `~/` expanded, the window's default
 * `~/.pgpass` meaning libpq's own file (`%APPDATA%\postgresql\pgpass.conf` on Windows), and no
 * message about "mode 0600" where modes mean nothing. The platform is injected.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefresherService } from '../../../../electron/main/app/refresher-service';
import { libpqPasswordFile } from '../../../../electron/main/files/home';
import type { RefreshStartOptions, TokenRefresherPort } from '../../../../electron/main/iam-token/refresher';
import { TokenFileWriter } from '../../../../electron/main/iam-token/token-file-writer';
import { helpText } from '../../../../electron/cli/help';
import type { RefresherStatus, StartRefresherRequest } from '../../../../shared/ipc-contract';
import { ok, type Result } from '../../../../shared/result';
import { MemoryLogger } from '../../../support/fakes';

/** Records what the service asks the refresher to start. */
class RecordingRefresher implements TokenRefresherPort {
  readonly started: StartRefresherRequest[] = [];
  start(request: StartRefresherRequest, _options?: RefreshStartOptions): Promise<Result<RefresherStatus>> {
    this.started.push(request);
    return Promise.resolve(ok({ dsnId: request.dsnId, target: request.target, state: 'running', lastRefreshAt: null, nextRefreshAt: null, tokenExpiresAt: null, refreshCount: 1 }));
  }
  stop(): Result<RefresherStatus> {
    throw new Error('not used');
  }
  statuses(): RefresherStatus[] {
    return [];
  }
  stopAll(): void {}
  whenIdle(): Promise<void> {
    return Promise.resolve();
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-refresher-service-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const id = '3b241101-e2bb-4255-8caf-4136c566a962';

function service(platform: NodeJS.Platform, env: Record<string, string> = {}) {
  const refresher = new RecordingRefresher();
  return { refresher, service: new RefresherService({ refresher, logger: new MemoryLogger(), homedir: '/home/me', platform, env }) };
}

describe('the default .pgpass', () => {
  it('on Windows, ~/.pgpass is libpq\'s %APPDATA%\\postgresql\\pgpass.conf (its folder made when missing)', async () => {
    const appData = join(dir, 'AppData', 'Roaming');
    const { refresher, service: s } = service('win32', { APPDATA: appData });
    await s.start({ dsnId: id, target: { kind: 'pgpass', path: '~/.pgpass' } });
    expect(refresher.started[0]?.target).toEqual({ kind: 'pgpass', path: win32.join(appData, 'postgresql', 'pgpass.conf') });
    expect(libpqPasswordFile({ platform: 'win32', env: {}, homedir: 'C:\\Users\\me' })).toBe('C:\\Users\\me\\AppData\\Roaming\\postgresql\\pgpass.conf');
  });

  it('elsewhere, ~/.pgpass is the home folder\'s .pgpass, and other paths are only expanded', async () => {
    const { refresher, service: s } = service('linux');
    await s.start({ dsnId: id, target: { kind: 'pgpass', path: '~/.pgpass' } });
    await s.start({ dsnId: id, target: { kind: 'password-file', path: '~/tokens/../db.token' } });
    expect(refresher.started.map((r) => r.target.path)).toEqual(['/home/me/.pgpass', '/home/me/db.token']);
    expect(libpqPasswordFile({ platform: 'darwin', env: { APPDATA: 'x' }, homedir: '/Users/me' })).toBe('/Users/me/.pgpass');
  });

  it('on Windows an explicit path is kept as given', async () => {
    const { refresher, service: s } = service('win32', { APPDATA: join(dir, 'AppData') });
    await s.start({ dsnId: id, target: { kind: 'pgpass', path: '~/work/pgpass.conf' } });
    expect(refresher.started[0]?.target.path).toBe(join('/home/me', 'work', 'pgpass.conf'));
  });
});

describe('no "mode 0600" where modes mean nothing', () => {
  it('a password file holding something else: the hint names the mode on Linux only', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'not a token\n', { mode: 0o600 });
    const linux = await new TokenFileWriter({ platform: 'linux', uid: undefined }).check({ kind: 'password-file', path: file });
    const windows = await new TokenFileWriter({ platform: 'win32', uid: undefined }).check({ kind: 'password-file', path: file });
    expect(linux.ok ? '' : linux.error.hint).toContain('mode 0600');
    expect(windows.ok ? '' : `${windows.error.message} ${windows.error.hint ?? ''}`).not.toMatch(/0600|chmod/);
  });

  it('the CLI\'s refresh help says chmod 600 on Linux and names libpq\'s file on Windows', () => {
    expect(helpText('refresh', '1', 'linux')).toContain('chmod 600');
    const windows = helpText('refresh', '1', 'win32');
    expect(windows).not.toMatch(/0600|chmod/);
    expect(windows).toContain('%APPDATA%\\postgresql\\pgpass.conf');
  });
});
