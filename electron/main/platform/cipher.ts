/**
 * The port through which the store encrypts secrets at rest. The app's adapter is
 * safe-storage-cipher.ts (Electron's safeStorage, async API); the CLI's refuses both ways; tests
 * pass an AES-GCM fake.
 */

/**
 * Encrypts secrets at rest with the OS keychain (Electron `safeStorage` in the app).
 * Implementations never log or return the plain text anywhere else.
 */
export interface SecretCipher {
  /**
   * True only when real OS encryption is available: false when safeStorage reports no
   * encryption or uses Linux's `basic_text` backend (a hard-coded key, i.e. no protection).
   */
  isAvailable(): Promise<boolean>;
  /** Encrypts `plain`; rejects when {@link isAvailable} is false. */
  encrypt(plain: string): Promise<Buffer>;
  /** Decrypts what {@link encrypt} produced; rejects on foreign or damaged data. */
  decrypt(data: Buffer): Promise<string>;
}
