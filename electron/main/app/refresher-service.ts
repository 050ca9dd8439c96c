/**
 * Token refreshers as a use case: the request's `~/` expanded and the path normalised before the
 * refresher (iam-token/refresher.ts) checks and writes the file; a failed start logged by code.
 */
import { normalize } from 'node:path';
import type { RefresherStatus, StartRefresherRequest } from '../../../shared/ipc-contract';
import { ok, type Result } from '../../../shared/result';
import { expandHome } from '../files/home';
import type { RefreshStartOptions, TokenRefresherPort } from '../iam-token/refresher';
import type { Logger } from '../platform/logger';

export interface RefresherServiceDeps {
  refresher: TokenRefresherPort;
  logger: Logger;
  /** What `~/` means in a file path. */
  homedir: string;
}

export class RefresherService {
  constructor(private readonly deps: RefresherServiceDeps) {}

  /** Starts (or restarts) the refresher of a DSN: writes the first token, then keeps the file fresh. */
  async start(request: StartRefresherRequest, options: RefreshStartOptions = {}): Promise<Result<RefresherStatus>> {
    const target = { kind: request.target.kind, path: normalize(expandHome(request.target.path, this.deps.homedir)) };
    const started = await this.deps.refresher.start({ dsnId: request.dsnId, target }, options);
    if (!started.ok) this.deps.logger.warn('Token refresher not started', { dsnId: request.dsnId, kind: target.kind, code: started.error.code });
    return started;
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
