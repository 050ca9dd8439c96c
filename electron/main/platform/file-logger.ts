/** A JSON-lines log file that refuses to write anything named like a secret. */
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock';
import type { LogFields, Logger, LogValue } from './logger';
import { systemClock } from './clock';

/** Field names that may hold a secret; such fields are dropped, not masked. */
const SECRET_FIELD = /pass|pwd|token|secret|credential|private.?key|cookie|authorization/i;
/** Long values are cut: a log line is a breadcrumb, not a dump. */
const MAX_VALUE_CHARS = 2000;

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
 * {@link Logger} appending one JSON object per line to a file created with mode 0600.
 * Writing never throws: a log failure is reported once on stderr and otherwise ignored.
 */
export class FileLogger implements Logger {
  private warnedAboutFailure = false;

  constructor(
    readonly filePath: string,
    private readonly clock: Clock = systemClock,
  ) {
    try {
      fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
      // Create with 0600, and tighten a file that an older version may have left wider.
      fs.closeSync(fs.openSync(filePath, 'a', 0o600));
      fs.chmodSync(filePath, 0o600);
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
    try {
      fs.appendFileSync(this.filePath, `${line}\n`, { mode: 0o600 });
    } catch (error) {
      this.reportFailure(error);
    }
  }

  private reportFailure(error: unknown): void {
    if (this.warnedAboutFailure) return;
    this.warnedAboutFailure = true;
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    console.error(`Log file ${this.filePath} cannot be written (${code}); logging is off.`);
  }
}
