/**
 * The token refresher's side of the IPC handlers (api-handlers.ts wraps each in its guard):
 * payloads validated with the refresher's schemas, `~/` expanded, answers without any token.
 */
import { homedir } from 'node:os';
import type { RefresherStatus } from '../../../shared/ipc-contract';
import { ok, type Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { DsnStorePort } from '../library/store';
import { normaliseRequest, startRefresherRequestSchema, storeRefreshSource } from '../iam-token/refresher-source';
import { dsnIdSchema, validate } from './schemas';
import type { TokenSignerPort } from '../iam-token/signer';
import { TokenRefresher, type TokenRefresherPort } from '../iam-token/refresher';

export interface RefresherHandlerDeps {
  store: DsnStorePort;
  signer: TokenSignerPort;
  clock: Clock;
  logger: Logger;
  /** The app's refresher (it pushes status to the window); without one, one is made on first use over `store` and `signer`. */
  refresher?: TokenRefresherPort | undefined;
  /** What `~/` means in a file path; default the OS user's home folder. */
  homedir?: string | undefined;
}

/** startRefresher, stopRefresher and refresherStatus, taking untrusted arguments. */
export function createRefresherHandlers(deps: RefresherHandlerDeps) {
  let own: TokenRefresherPort | undefined;
  const refresher = (): TokenRefresherPort =>
    deps.refresher ?? (own ??= new TokenRefresher({ signer: deps.signer, source: storeRefreshSource(deps.store), clock: deps.clock, logger: deps.logger }));

  return {
    async start(request: unknown): Promise<Result<RefresherStatus>> {
      const parsed = validate(startRefresherRequestSchema, request, 'refresher request');
      if (!parsed.ok) return parsed;
      const started = await refresher().start(normaliseRequest(parsed.value, deps.homedir ?? homedir()));
      if (!started.ok) deps.logger.warn('Token refresher not started', { dsnId: parsed.value.dsnId, kind: parsed.value.target.kind, code: started.error.code });
      return started;
    },
    stop(dsnId: unknown): Result<RefresherStatus> {
      const parsed = validate(dsnIdSchema, dsnId, 'DSN id');
      return parsed.ok ? refresher().stop(parsed.value) : parsed;
    },
    status(): Result<RefresherStatus[]> {
      return ok(refresher().statuses());
    },
  };
}
