/**
 * {@link SecretCipher} over Electron's `safeStorage` (macOS Keychain, Windows DPAPI, Linux
 * libsecret/kwallet). Uses the synchronous calls because the port is synchronous; Electron 45
 * marks them deprecated in favour of the async ones but keeps them working.
 */
import { safeStorage as electronSafeStorage } from 'electron';
import type { SafeStorage } from 'electron';
import type { SecretCipher } from './cipher';

/** The part of `safeStorage` this adapter uses; tests pass a fake. */
export type SafeStorageApi = Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

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
  isAvailable(): boolean {
    if (!this.storage.isEncryptionAvailable()) return false;
    if (this.platform === 'linux' && UNPROTECTED_LINUX_BACKENDS.has(this.storage.getSelectedStorageBackend())) return false;
    return true;
  }

  /** Encrypts `plain`; throws when no real encryption is available, so nothing weak is written. */
  encrypt(plain: string): Buffer {
    if (!this.isAvailable()) throw new Error('OS secret encryption is not available.');
    return this.storage.encryptString(plain);
  }

  /** Decrypts what {@link encrypt} produced; throws on foreign or damaged data. */
  decrypt(data: Buffer): string {
    return this.storage.decryptString(data);
  }
}
