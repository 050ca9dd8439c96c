/**
 * The logging port of the main-process services. The app's adapter is file-logger.ts (a capped
 * JSON-lines file); the CLI and most tests use {@link nullLogger} or a memory fake.
 */

/** Values a log line may carry. Never a secret: no token, password, secret key or session token. */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;

/** Structured logging. `fields` must never hold secrets; adapters drop secret-looking keys anyway. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A {@link Logger} that discards everything (the CLI, or when no log file is wanted). */
export const nullLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
