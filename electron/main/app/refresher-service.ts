/**
 * Token refreshers as a use case: the request's `~/` expanded and the path normalised before the
 * refresher (iam-token/refresher.ts) checks and writes the file; a failed start logged by code.
 * The window's default `~/.pgpass` means libpq's own password file, which on Windows is
 * `%APPDATA%\postgresql\pgpass.conf` (libpq never reads a .pgpass there).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, normalize } from 'node:path';
import type { RefresherStatus, StartRefresherRequest } from '../../../shared/ipc-contract';
import { ok, type Result } from '../../../shared/result';
import { DEFAULT_PGPASS, expandHome, libpqPasswordFile } from '../files/home';
import type { RefreshStartOptions, TokenRefresherPort } from '../iam-token/refresher';
import type { Logger } from '../platform/logger';

export interface RefresherServiceDeps {
  refresher: TokenRefresherPort;
  logger: Logger;
  /** What `~/` means in a file path. */
  homedir: string;
  /** Where libpq looks for its password file: `process.platform` and `process.env` in the app. */
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

export class RefresherService {
  constructor(private readonly deps: RefresherServiceDeps) {}

  /** Starts (or restarts) the refresher of a DSN: writes the first token, then keeps the file fresh. */
  async start(request: StartRefresherRequest, options: RefreshStartOptions = {}): Promise<Result<RefresherStatus>> {
    const target = { kind: request.target.kind, path: await this.pathOf(request) };
    const started = await this.deps.refresher.start({ dsnId: request.dsnId, target }, options);
    if (!started.ok) this.deps.logger.warn('Token refresher not started', { dsnId: request.dsnId, kind: target.kind, code: started.error.code });
    return started;
  }

  /** The file to write: `~/` expanded; the default `.pgpass` where libpq reads it (its folder made on Windows, where it may not exist yet). */
  private async pathOf(request: StartRefresherRequest): Promise<string> {
    const { kind, path } = request.target;
    if (kind !== 'pgpass' || path !== DEFAULT_PGPASS || this.deps.platform !== 'win32') return normalize(expandHome(path, this.deps.homedir));
    const file = libpqPasswordFile(this.deps);
    await mkdir(dirname(file), { recursive: true }).catch(() => undefined);
    return file;
  }

  stop(dsnId: string): Result<RefresherStatus> {
    return this.deps.refresher.stop(dsnId);
  }

  statuses(): Result<RefresherStatus[]> {
    return ok(this.deps.refresher.statuses());
  }

  /** Resolves once no refresh is in flight (a stopped refresher may still be finishing a write). */
  whenIdle(): Promise<void> {
    return this.deps.refresher.whenIdle();
  }

  /** Stops every refresher (the app quits); each file keeps its last token. */
  stopAll(): void {
    this.deps.refresher.stopAll();
  }
}
