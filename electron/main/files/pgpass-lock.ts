/**
 * An advisory lock on a .pgpass while it is rewritten, so that two writers that both lock (the
 * app and an `iam-dsn refresh`, two refreshers, a script run under `flock ~/.pgpass …`) never
 * lose each other's lines. Node has no flock(2); util-linux's flock(1) takes it in a child that
 * holds it until its standard input closes (also when this process dies). Where there is no
 * flock(1) (macOS, Windows) or the lock is not had in time, the write goes on without one: the
 * checks of pgpass-file.ts before and after the rename still catch a writer that does not lock.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A held lock (or none); release it once the file is replaced. */
export interface FileLock {
  /** True when the lock is held. */
  readonly held: boolean;
  release(): Promise<void>;
}

const NO_LOCK: FileLock = { held: false, release: () => Promise.resolve() };

/** How long a write waits for another writer's lock before going on without it. */
const LOCK_WAIT_SECONDS = 10;

/** Takes an exclusive flock(2) on the existing file `path`; answers a lock that is not held when it cannot. */
export function lockFile(path: string): Promise<FileLock> {
  // flock(1) would create a missing file (readable by others): a new file needs no lock.
  if (!existsSync(path)) return Promise.resolve(NO_LOCK);
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      // `--` ends flock's options; the child prints once it holds the lock, then waits for stdin's end.
      child = spawn('flock', ['--exclusive', '--wait', String(LOCK_WAIT_SECONDS), '--', path, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      resolve(NO_LOCK);
      return;
    }
    let settled = false;
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    const settle = (lock: FileLock): void => {
      if (settled) return;
      settled = true;
      resolve(lock);
    };
    child.once('error', () => settle(NO_LOCK));
    child.once('close', () => settle(NO_LOCK));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (!text.includes('locked')) return;
      settle({
        held: true,
        release: async () => {
          child.stdin?.end();
          await exited;
        },
      });
    });
  });
}
