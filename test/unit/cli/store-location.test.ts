/**
 * The app's store file as the CLI finds it: Electron's appData per OS, the app's folder, and the
 * file name DsnStore really writes (checked with DsnStore over Conf, as the app's tests do).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { APP_FOLDER_NAME, appDataDirectory, defaultStorePath, STORE_FILE_NAME } from '../../../electron/cli/store-location';
import { DsnStore } from '../../../electron/main/library/store';
import { systemClock } from '../../../electron/main/platform/clock';
import { nullLogger } from '../../../electron/main/platform/logger';
import { FakeCipher } from '../../support/fakes';

describe('appDataDirectory (Electron app.getPath("appData"))', () => {
  it('Linux: $XDG_CONFIG_HOME, else ~/.config', () => {
    expect(appDataDirectory({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, homedir: '/home/u' })).toBe('/xdg');
    expect(appDataDirectory({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homedir: '/home/u' })).toBe('/home/u/.config');
    expect(appDataDirectory({ platform: 'linux', env: {}, homedir: '/home/u' })).toBe('/home/u/.config');
    expect(appDataDirectory({ platform: 'freebsd', env: {}, homedir: '/home/u' })).toBe('/home/u/.config');
  });

  it('macOS: ~/Library/Application Support, whatever XDG says', () => {
    expect(appDataDirectory({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/xdg' }, homedir: '/Users/u' })).toBe('/Users/u/Library/Application Support');
  });

  it('Windows: %APPDATA%, else the roaming folder under the profile', () => {
    expect(appDataDirectory({ platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, homedir: 'C:\\Users\\u' })).toBe('C:\\Users\\u\\AppData\\Roaming');
    expect(appDataDirectory({ platform: 'win32', env: {}, homedir: 'C:\\Users\\u' })).toBe('C:\\Users\\u\\AppData\\Roaming');
  });
});

describe('defaultStorePath', () => {
  it('is <appData>/IAM DSN Manager/dsns.json with the OS separator', () => {
    expect(defaultStorePath({ platform: 'linux', env: {}, homedir: '/home/u' })).toBe('/home/u/.config/IAM DSN Manager/dsns.json');
    expect(defaultStorePath({ platform: 'darwin', env: {}, homedir: '/Users/u' })).toBe('/Users/u/Library/Application Support/IAM DSN Manager/dsns.json');
    expect(defaultStorePath({ platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, homedir: 'C:\\Users\\u' })).toBe('C:\\Users\\u\\AppData\\Roaming\\IAM DSN Manager\\dsns.json');
  });

  it('names the file DsnStore writes with its default name (as the composition root uses it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-loc-'));
    try {
      const userData = join(dir, APP_FOLDER_NAME);
      const store = new DsnStore({
        createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }),
        directory: userData,
        cipher: new FakeCipher(),
        clock: systemClock,
        logger: nullLogger,
      });
      expect((await store.status()).storePath).toBe(join(userData, STORE_FILE_NAME));
      expect(defaultStorePath({ platform: 'linux', env: { XDG_CONFIG_HOME: dir }, homedir: '/nowhere' })).toBe(join(userData, STORE_FILE_NAME));
      expect(existsSync(userData)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
