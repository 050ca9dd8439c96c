/** Shared fakes for the main-process unit tests. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Clock } from '../../electron/main/platform/clock';
import type { LogFields, Logger } from '../../electron/main/platform/logger';
import type { SecretCipher } from '../../electron/main/platform/cipher';
import { defaultDsn, type Dsn } from '../../shared/dsn';

/** A clock that moves only when told. */
export class FakeClock implements Clock {
  constructor(public t = Date.UTC(2030, 0, 1, 12, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A real AES-256-GCM cipher with a random key, switchable to "unavailable". */
export class FakeCipher implements SecretCipher {
  private readonly key = randomBytes(32);
  available = true;
  isAvailable(): Promise<boolean> {
    return Promise.resolve(this.available);
  }
  async encrypt(plain: string): Promise<Buffer> {
    return this.encryptSync(plain);
  }
  async decrypt(data: Buffer): Promise<string> {
    return this.decryptSync(data);
  }
  /** The same encryption without a promise, for tests that write a store file themselves. */
  encryptSync(plain: string): Buffer {
    if (!this.available) throw new Error('unavailable');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  decryptSync(data: Buffer): string {
    const d = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    d.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
  }
}

/** A logger that remembers every line. */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; fields?: LogFields | undefined }> = [];
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: 'error', message, fields });
  }
  text(): string {
    return JSON.stringify(this.lines);
  }
}

/** A valid IAM DSN. */
export function iamDsn(over: Partial<Dsn> = {}): Dsn {
  return {
    ...defaultDsn(),
    name: 'prod',
    server: 'mydb.cluster-abc123.us-east-1.rds.amazonaws.com',
    user: 'app_user',
    region: 'us-east-1',
    ...over,
  };
}

/** A valid database-auth DSN. */
export function dbDsn(over: Partial<Dsn> = {}): Dsn {
  return { ...defaultDsn(), name: 'local', authType: 'database', server: '127.0.0.1', user: 'db_user', sslMode: 'disable', ...over };
}

/** Fixed test keys (never valid anywhere). */
export const TEST_KEYS = {
  accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
