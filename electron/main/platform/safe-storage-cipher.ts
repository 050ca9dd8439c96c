/**
 * {@link SecretCipher} over Electron's `safeStorage` (macOS Keychain, Windows DPAPI, Linux
 * libsecret/kwallet), through its asynchronous API: the synchronous calls are deprecated in
 * Electron 45 and removed in 46.
 */
import { safeStorage as electronSafeStorage } from 'electron';
import type { SafeStorage } from 'electron';
import type { SecretCipher } from './cipher';

/** The part of `safeStorage` this adapter uses; tests pass a fake. */
export type SafeStorageApi = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'>;

/**
 * Linux backends that give no protection: `basic_text` encrypts with a key hard-coded in
 * Chromium; `unknown` means the backend is not chosen yet (asked before `ready`).
 */
const UNPROTECTED_LINUX_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

/** Encrypts secrets with the OS keychain; reports unavailable rather than pretend. */
export class SafeStorageCipher implements SecretCipher {
  /**
   * @param storage - `safeStorage`, or a fake in tests.
   * @param platform - `process.platform`; `getSelectedStorageBackend` exists on Linux only.
   */
  constructor(
    private readonly storage: SafeStorageApi = electronSafeStorage,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** True only when the OS really encrypts (asked each time: the keychain may come and go). */
  async isAvailable(): Promise<boolean> {
    if (!(await this.storage.isAsyncEncryptionAvailable())) return false;
    if (this.platform === 'linux' && UNPROTECTED_LINUX_BACKENDS.has(this.storage.getSelectedStorageBackend())) return false;
    return true;
  }

  /** Encrypts `plain`; rejects when no real encryption is available, so nothing weak is written. */
  async encrypt(plain: string): Promise<Buffer> {
    if (!(await this.isAvailable())) throw new Error('OS secret encryption is not available.');
    return this.storage.encryptStringAsync(plain);
  }

  /** Decrypts what {@link encrypt} (or the older synchronous encryptString) produced; rejects on foreign or damaged data. */
  async decrypt(data: Buffer): Promise<string> {
    return (await this.storage.decryptStringAsync(data)).result;
  }
}
