/**
 * Ports: what the main-process services need from the outside world. Adapters implement them
 * (safeStorage, a log file, the system clock); tests pass fakes.
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
  isAvailable(): boolean;
  /** Encrypts `plain`; throws when {@link isAvailable} is false. */
  encrypt(plain: string): Buffer;
  /** Decrypts what {@link encrypt} produced; throws on foreign or damaged data. */
  decrypt(data: Buffer): string;
}

/** Values a log line may carry. Never a secret: no token, password, secret key or session token. */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;

/** Structured logging. `fields` must never hold secrets; adapters drop secret-looking keys anyway. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Wall-clock time, injected so caches and timestamps can be tested. */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
}
