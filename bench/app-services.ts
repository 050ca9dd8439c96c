/**
 * The main process's services for the bench, built by the one wiring
 * (electron/main/app-services.ts) with the bench's ports: Conf instead of electron-store, an
 * AES-GCM cipher instead of safeStorage, a FileLogger in the bench's folder, and no window to ask
 * for an MFA code or about an SSH tunnel. Tests run through the same application service the window's IPC door calls.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Conf from 'conf';
import { type AppPorts, type AppServices, createAppServices, type StoreFilePort } from '../electron/main/app-services';
import type { SecretCipher } from '../electron/main/platform/cipher';
import { systemClock } from '../electron/main/platform/clock';
import { FileLogger } from '../electron/main/platform/file-logger';
import type { Logger } from '../electron/main/platform/logger';
import { DsnStore } from '../electron/main/library/store';
import type { ConnectionTestReport } from '../shared/connection-test';
import type { DsnInput } from '../shared/dsn';

export type { AppServices } from '../electron/main/app-services';

/** Stands in for safeStorage: real AES-256-GCM with a per-process key. */
export class BenchCipher implements SecretCipher {
  private readonly key = randomBytes(32);
  isAvailable(): Promise<boolean> {
    return Promise.resolve(true);
  }
  async encrypt(plain: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  async decrypt(data: Buffer): Promise<string> {
    const d = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    d.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
  }
}

/** A Conf store file in `directory`, as the tests make it (`name` is Conf's `configName`). */
export function confStoreFile(directory: string): StoreFilePort {
  return { createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory };
}

/** The store alone (the store bench times opening it). */
export function openStore(directory: string, logger: Logger, cipher: SecretCipher = new BenchCipher()): DsnStore {
  return new DsnStore({ ...confStoreFile(directory), cipher, clock: systemClock, logger });
}

/** The bench's ports; `over` replaces some (a shared cipher, a quiet logger). */
export function benchPorts(directory: string, logger: Logger, over: Partial<AppPorts> = {}): AppPorts {
  return {
    clock: systemClock,
    logger,
    cipher: new BenchCipher(),
    storeFile: confStoreFile(directory),
    showMfaRequest: () => {
      throw new Error('No app window to ask for an MFA code');
    },
    showSshPrompt: () => {
      throw new Error('No app window to ask about an SSH tunnel');
    },
    ...over,
  };
}

/** Everything, with the store and the log file in `dir`. */
export function createBenchServices(dir: string): AppServices {
  return createAppServices(benchPorts(dir, new FileLogger(join(dir, 'logs', 'main.log'))));
}

/** Outcome of one Test connection through the service. */
export interface TestRun {
  ms: number;
  report?: ConnectionTestReport | undefined;
  /** '' on success, else the error code (or why the service answered no report). */
  failure: string;
}

/** One test as the renderer asks for it (a fresh request id), timed from call to answer. */
export async function testOnce(app: AppServices, dsn: DsnInput): Promise<TestRun> {
  const t = performance.now();
  const answer = await app.tests.test({ requestId: randomUUID(), dsn });
  const ms = performance.now() - t;
  if (!answer.ok) return { ms, failure: answer.error.code };
  const report = answer.value;
  return { ms, report, failure: report.outcome === 'success' ? '' : (report.error?.code ?? report.outcome) };
}

/** A success's ms, else the failure (for {@link alternate}). */
export async function testMs(app: AppServices, dsn: DsnInput): Promise<number | string> {
  const run = await testOnce(app, dsn);
  return run.failure === '' ? run.ms : run.failure;
}
