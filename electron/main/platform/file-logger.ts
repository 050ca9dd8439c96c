/**
 * A JSON-lines log file that refuses to write anything named like a secret, and stays small: past
 * a few megabytes it is rotated (main.log → main.log.1 → … → main.log.3, the oldest dropped).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock';
import type { LogFields, Logger, LogValue } from './logger';
import { systemClock } from './clock';

/**
 * Field names that may hold a secret; such fields are dropped, not masked. Broader on purpose
 * than shared/dsn.ts SECRET_KEYS (the keys that ARE a secret in a DSN-like object): a log field
 * is dropped when its name merely contains such a word (`hasPassword`, `dbToken`).
 */
const SECRET_FIELD = /pass|pwd|token|secret|credential|private.?key|cookie|authorization/i;
/** Long values are cut: a log line is a breadcrumb, not a dump. */
const MAX_VALUE_CHARS = 2000;
/** The log is rotated before it grows past this. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
/** Rotated files kept besides the current one (`.1` is the newest). */
export const LOG_KEEP = 3;

/** Options of a {@link FileLogger}. */
export interface FileLoggerOptions {
  clock?: Clock | undefined;
  /** Default {@link LOG_MAX_BYTES}. */
  maxBytes?: number | undefined;
  /** Default {@link LOG_KEEP}. */
  keep?: number | undefined;
}

type Level = 'info' | 'warn' | 'error';

/** Returns `fields` without any secret-looking key, with long strings shortened. */
export function sanitizeLogFields(fields: LogFields | undefined): Record<string, Exclude<LogValue, undefined>> {
  const out: Record<string, Exclude<LogValue, undefined>> = {};
  if (fields === undefined) return out;
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELD.test(key) || value === undefined) continue;
    out[key] = typeof value === 'string' && value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  }
  return out;
}

/**
 * {@link Logger} appending one JSON object per line to a file created with mode 0600, rotated
 * when the next line would take it past `maxBytes`. Writing never throws: a log failure is
 * reported once on stderr and otherwise ignored.
 */
export class FileLogger implements Logger {
  private warnedAboutFailure = false;
  private readonly clock: Clock;
  private readonly maxBytes: number;
  private readonly keep: number;
  /** Bytes in the current file, as this logger counts them (one app instance writes it). */
  private size = 0;

  constructor(
    readonly filePath: string,
    options: FileLoggerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
    this.keep = options.keep ?? LOG_KEEP;
    try {
      fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
      // Create with 0600, and tighten a file that an older version may have left wider.
      fs.closeSync(fs.openSync(filePath, 'a', 0o600));
      fs.chmodSync(filePath, 0o600);
      this.size = fs.statSync(filePath).size;
    } catch (error) {
      this.reportFailure(error);
    }
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  private write(level: Level, message: string, fields: LogFields | undefined): void {
    const line = JSON.stringify({
      ...sanitizeLogFields(fields),
      time: new Date(this.clock.now()).toISOString(),
      level,
      message,
    });
    const bytes = Buffer.byteLength(line) + 1;
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      fs.appendFileSync(this.filePath, `${line}\n`, { mode: 0o600 });
      this.size += bytes;
    } catch (error) {
      this.reportFailure(error);
    }
  }

  /** main.log.(n-1) → main.log.n …, main.log → main.log.1; the oldest is replaced. The next line starts a new 0600 file. */
  private rotate(): void {
    for (let n = this.keep - 1; n >= 1; n--) {
      try {
        fs.renameSync(`${this.filePath}.${n}`, `${this.filePath}.${n + 1}`);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
      }
    }
    if (this.keep >= 1) fs.renameSync(this.filePath, `${this.filePath}.1`);
    else fs.truncateSync(this.filePath);
    this.size = 0;
  }

  private reportFailure(error: unknown): void {
    if (this.warnedAboutFailure) return;
    this.warnedAboutFailure = true;
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    console.error(`Log file ${this.filePath} cannot be written (${code}); logging is off.`);
  }
}
