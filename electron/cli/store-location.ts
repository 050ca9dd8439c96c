/**
 * Where the app keeps its DSN store, computed the way Electron does it, without Electron: the
 * composition root (electron/main/index.ts) sets userData to `<appData>/IAM DSN Manager` and the
 * DsnStore writes `dsns.json` there (its default name `dsns`, plus Conf's `.json`).
 */
import path from 'node:path';
import { APP_KNOWN_HOSTS_FILE } from '../main/tunnels/known-hosts-files';

/** The app's folder name under the OS's app-data folder (electron/main/index.ts `APP_NAME`). */
export const APP_FOLDER_NAME = 'IAM DSN Manager';
/** The store file's name: DsnStore's default name with Conf's extension. */
export const STORE_FILE_NAME = 'dsns.json';

/** What the app-data folder depends on; `process` values in real use. */
export interface AppDataEnvironment {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home directory (`os.homedir()`). */
  homedir: string;
}

/**
 * Electron's `app.getPath('appData')`: `%APPDATA%` on Windows, `~/Library/Application Support`
 * on macOS, and `$XDG_CONFIG_HOME` (when set and not empty) or `~/.config` elsewhere.
 */
export function appDataDirectory({ platform, env, homedir }: AppDataEnvironment): string {
  if (platform === 'win32') {
    const appData = env.APPDATA;
    return appData !== undefined && appData !== '' ? appData : path.win32.join(homedir, 'AppData', 'Roaming');
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support');
  const xdg = env.XDG_CONFIG_HOME;
  return xdg !== undefined && xdg !== '' ? xdg : path.posix.join(homedir, '.config');
}

/** The path of the app's store file, e.g. `~/.config/IAM DSN Manager/dsns.json` on Linux. */
export function defaultStorePath(environment: AppDataEnvironment): string {
  const join = environment.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataDirectory(environment), APP_FOLDER_NAME, STORE_FILE_NAME);
}

/** The app's own known-hosts file beside the store (host keys accepted in the app or the CLI). */
export function appKnownHostsPath(environment: AppDataEnvironment): string {
  const join = environment.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataDirectory(environment), APP_FOLDER_NAME, APP_KNOWN_HOSTS_FILE);
}
