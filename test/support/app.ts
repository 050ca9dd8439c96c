/**
 * The app's services for tests, built by the one wiring (electron/main/app-services.ts) with test
 * ports: a Conf store file in the test's folder, the AES-GCM FakeCipher, a memory logger, no window
 * for MFA or SSH prompts, known_hosts files in the test's folder and no STS caller lookup unless a
 * test gives them. `handlers` are the real IPC
 * doors over those services, for tests that go through the contract as the renderer does.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { type AppPorts, type AppServices, createAppServices, type StoreFilePort } from '../../electron/main/app-services';
import type { SignedToken, TokenSigner, TokenSignerPort } from '../../electron/main/iam-token/signer';
import type { Clock } from '../../electron/main/platform/clock';
import { type ApiHandlers, createApiHandlers } from '../../electron/main/ipc/api-handlers';
import { systemClock } from '../../electron/main/platform/clock';
import type { Result } from '../../shared/result';
import { FakeCipher, FakeClock, MemoryLogger, TEST_KEYS } from './fakes';

/** A Conf store file in `directory` (`name` is Conf's `configName`). */
export function confStoreFile(directory: string): StoreFilePort {
  return { createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory };
}

/** A store that lives in memory only (no file is written), for tests that need services but no store file. */
export function memoryStoreFile(): StoreFilePort {
  const content = new Map<string, unknown>();
  return {
    createConf: () => ({ path: '(memory)', get: (key) => content.get(key), set: (key, value) => void content.set(key, value) }),
    // DsnStore looks for `<directory>/<name>.json` once (a corrupt file is moved aside): a name no file has.
    directory: tmpdir(),
    name: `iamdsn-memory-store-${randomUUID()}`,
  };
}

/** The services over a store in memory: the signer, tester and refresher as the app wires them. */
export function testServices(over: Partial<AppPorts> = {}): AppServices {
  // No prompt is shown here, so no host key is ever accepted into the (never created) file named.
  const knownHostsFile = join(tmpdir(), `iamdsn-memory-known-hosts-${randomUUID()}`);
  return createAppServices(testPorts(tmpdir(), { storeFile: memoryStoreFile(), tunnelFiles: { knownHostsFile, systemKnownHostsFile: knownHostsFile }, ...over }));
}

/** Test ports over a store in `dir`; `over` replaces any of them. */
export function testPorts(dir: string, over: Partial<AppPorts> = {}): AppPorts {
  return {
    clock: systemClock,
    logger: new MemoryLogger(),
    cipher: new FakeCipher(),
    storeFile: confStoreFile(dir),
    showMfaRequest: () => {
      throw new Error('no window to ask for an MFA code');
    },
    showSshPrompt: () => {
      throw new Error('no window to ask about an SSH tunnel');
    },
    // Host keys accepted in a test go to its folder, never the system's file.
    tunnelFiles: { knownHostsFile: join(dir, 'known_hosts'), systemKnownHostsFile: join(dir, 'no-system-known-hosts') },
    callerIdentity: null,
    homedir: dir,
    ...over,
  };
}

/** What {@link createTestApp} gives. */
export interface TestApp {
  services: AppServices;
  handlers: ApiHandlers;
  ports: AppPorts;
}

/** The services and the IPC doors over a store in `dir`. */
export function createTestApp(dir: string, over: Partial<AppPorts> = {}): TestApp {
  const ports = testPorts(dir, over);
  const services = createAppServices(ports);
  return { services, handlers: createApiHandlers(services), ports };
}

/**
 * Calls `listener` with the result of every signing `signer` does, on the very instance the
 * services share (the tester, the exporter and the refresher all sign through it).
 */
export function onSign(signer: TokenSignerPort, listener: (signed: Result<SignedToken>) => void): void {
  const sign = signer.sign.bind(signer);
  signer.sign = async (...args) => {
    const signed = await sign(...args);
    listener(signed);
    return signed;
  };
}

/** A real signer (through the wiring) whose credentials are TEST_KEYS, counting how often they are resolved. */
export function countingSigner(clock: Clock = new FakeClock()): { signer: TokenSigner; resolutions: () => number } {
  let resolutions = 0;
  const { signer } = testServices({
    clock,
    credentialProviderFactory: () => async () => {
      resolutions++;
      return TEST_KEYS;
    },
  });
  return { signer, resolutions: () => resolutions };
}
