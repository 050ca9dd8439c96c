/**
 * What `~` means in a path the user typed (a refresher's file, an AWS config file): one rule for
 * all; and where libpq's own password file is on each platform.
 */
import { join, win32 } from 'node:path';

/** `~` → the home folder; `~/x` (or `~\x`) → the home folder's `x`; anything else unchanged. */
export function expandHome(path: string, homedir: string): string {
  if (path === '~') return homedir;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir, path.slice(2));
  return path;
}

/** What libpq's default password file depends on. */
export interface PasswordFileEnvironment {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
}

/** The `~/.pgpass` the window offers, meaning "libpq's own password file". */
export const DEFAULT_PGPASS = '~/.pgpass';

/**
 * The password file libpq reads when PGPASSFILE is not set: `%APPDATA%\postgresql\pgpass.conf`
 * on Windows (libpq never reads a `.pgpass` there), `~/.pgpass` elsewhere.
 */
export function libpqPasswordFile({ platform, env, homedir }: PasswordFileEnvironment): string {
  if (platform !== 'win32') return join(homedir, '.pgpass');
  const appData = env.APPDATA !== undefined && env.APPDATA !== '' ? env.APPDATA : win32.join(homedir, 'AppData', 'Roaming');
  return win32.join(appData, 'postgresql', 'pgpass.conf');
}
