/** What `~` means in a path the user typed (a refresher's file, an AWS config file): one rule for all. */
import { join } from 'node:path';

/** `~` → the home folder; `~/x` (or `~\x`) → the home folder's `x`; anything else unchanged. */
export function expandHome(path: string, homedir: string): string {
  if (path === '~') return homedir;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir, path.slice(2));
  return path;
}
