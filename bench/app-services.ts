/**
 * The main process's services wired as electron/main/index.ts wires them (DsnStore over a Conf
 * file, TokenSigner with the real credential chain and an MfaBroker, ConnectionTester with the STS
 * caller lookup, a FileLogger, createApiHandlers), minus Electron: Conf instead of electron-store
 * and an AES-GCM cipher instead of safeStorage.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Conf from 'conf';
import { FileLogger } from '../electron/main/platform/file-logger';
import { systemClock } from '../electron/main/platform/clock';
import { type ApiHandlers, createApiHandlers } from '../electron/main/ipc/api-handlers';
import type { Logger } from '../electron/main/platform/logger';
import type { SecretCipher } from '../electron/main/platform/cipher';
import { StsCallerIdentity } from '../electron/main/connection-test/caller-identity';
import { ConnectionTester } from '../electron/main/connection-test/tester';
import { DsnStore } from '../electron/main/library/store';
import { MfaBroker } from '../electron/main/credentials/mfa-broker';
import { TokenSigner } from '../electron/main/iam-token/signer';
import type { ConnectionTestReport } from '../shared/connection-test';
import type { DsnInput } from '../shared/dsn';

/** Stands in for safeStorage: real AES-256-GCM with a per-process key. */
export class BenchCipher implements SecretCipher {
  private readonly key = randomBytes(32);
  isAvailable(): boolean {
    return true;
  }
  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  decrypt(data: Buffer): string {
    const d = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    d.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
  }
}

/** Conf with the store's options, as the tests make it (`name` is Conf's `configName`). */
export function openStore(directory: string, logger: Logger, cipher: SecretCipher = new BenchCipher()): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory, cipher, clock: systemClock, logger });
}

export interface AppServices {
  handlers: ApiHandlers;
  signer: TokenSigner;
  store: DsnStore;
  logger: Logger;
}

/** The signer, tester and handlers over `store`, as the composition root builds them. */
export function wireHandlers(store: DsnStore, logger: Logger): AppServices {
  const clock = systemClock;
  const mfa = new MfaBroker({
    clock,
    logger,
    notify: () => {
      throw new Error('No app window to ask for an MFA code');
    },
  });
  const signer = new TokenSigner({ clock, mfa });
  const tester = new ConnectionTester({ signer, clock, callerIdentity: new StsCallerIdentity() });
  const handlers = createApiHandlers({ store, signer, tester, logger, clock, mfa });
  return { handlers, signer, store, logger };
}

/** Everything, with the store and the log file in `dir`. */
export function createAppServices(dir: string): AppServices {
  const logger = new FileLogger(join(dir, 'logs', 'main.log'));
  return wireHandlers(openStore(dir, logger), logger);
}

/** Outcome of one Test connection through the handler. */
export interface TestRun {
  ms: number;
  report?: ConnectionTestReport | undefined;
  /** '' on success, else the error code (or why the handler answered no report). */
  failure: string;
}

/** One `testConnection` call as the renderer makes it (a fresh request id), timed from call to answer. */
export async function testOnce(handlers: ApiHandlers, dsn: DsnInput): Promise<TestRun> {
  const t = performance.now();
  const answer = await handlers.testConnection({ requestId: randomUUID(), dsn });
  const ms = performance.now() - t;
  if (!answer.ok) return { ms, failure: answer.error.code };
  const report = answer.value;
  return { ms, report, failure: report.outcome === 'success' ? '' : (report.error?.code ?? report.outcome) };
}

/** A success's ms, else the failure (for {@link alternate}). */
export async function testMs(handlers: ApiHandlers, dsn: DsnInput): Promise<number | string> {
  const run = await testOnce(handlers, dsn);
  return run.failure === '' ? run.ms : run.failure;
}
