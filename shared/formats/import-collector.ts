/**
 * Builds an {@link ImportOutcome} from the keys of a parsed string: checks and converts each value,
 * records what was recognised or ignored, and resolves the server, the tunnel and the region.
 */
import { type AuthType, type Dsn, MAX_TOKEN_EXPIRATION_SECONDS, type SslMode } from '../dsn';
import { isRegionCode, parseRdsEndpoint, regionFromEndpoint } from '../region';
import { LIBPQ_KEYWORDS, type LibpqPair } from './parse-libpq';

/** The formats {@link importConnectionString} recognises. */
export type ImportFormat = 'uri' | 'sqlalchemy' | 'keyword' | 'odbc' | 'jdbc' | 'json' | 'shell';

/** What an import found in a string. Secrets are never filled in. */
export interface ImportOutcome {
  /** The format the string was read as. */
  format: ImportFormat;
  /** The DSN fields the string sets; the rest keep the form's values. */
  dsn: Partial<Dsn>;
  /** Keys that set a field (`value` is what the field got; never a secret). */
  recognised: Array<{ key: string; field: string; value: string }>;
  /** Keys left out, each with the reason. */
  ignored: Array<{ key: string; reason: string }>;
  /** The string held a password or token: it was not filled in. */
  secretFound: boolean;
  /** What the user should know, e.g. how a setting was mapped. */
  notes: string[];
  /**
   * The string asked to verify the server (sslmode verify-ca / verify-full). A DSN verifies with its
   * CA bundle, so when `dsn.caBundlePath` is not set the form must get one before it saves: never a
   * silent downgrade to "encrypted, not verified".
   */
  verification?: 'verify-ca' | 'verify-full' | undefined;
}

/** True for an Amazon RDS endpoint name (`….rds.amazonaws.com`, `….rds.<region>.amazonaws.com.cn`). */
export function isRdsEndpoint(host: string): boolean {
  return parseRdsEndpoint(host) !== undefined;
}

/** A malformed value: the importer answers it as a VALIDATION error with this message. */
export class ImportError extends Error {}

/** Collects fields; the connection target is resolved at the end by {@link finish}. */
export class Collector {
  readonly dsn: Partial<Dsn> = {};
  readonly recognised: ImportOutcome['recognised'] = [];
  readonly ignored: ImportOutcome['ignored'] = [];
  readonly notes: string[] = [];
  secretFound = false;
  /** The host the socket goes to as written (host, Server, URL host). */
  host: { key: string; value: string } | undefined;
  /** libpq's hostaddr (pqopt or keyword). */
  hostaddr: { key: string; value: string } | undefined;
  /** The name a token is signed for, when the string names it apart from the host (iamHost, IamHost). */
  iamHost: { key: string; value: string } | undefined;
  /** The port the socket goes to. */
  port: { key: string; value: number } | undefined;
  /** The port a token is signed for (iamDefaultPort, the recipe's --port). */
  iamPort: { key: string; value: number } | undefined;
  /** sslmode verify-ca / verify-full was asked for. */
  verification: ImportOutcome['verification'];

  constructor(readonly format: ImportFormat) {}

  /** Sets a DSN field and records it. */
  set<K extends keyof Dsn>(field: K, key: string, value: Dsn[K], shown: string = String(value)): void {
    this.dsn[field] = value;
    this.recognised.push({ key, field, value: shown });
  }

  ignore(key: string, reason: string): void {
    this.ignored.push({ key, reason });
  }

  /** A password or token: noted, never kept. */
  secret(key: string): void {
    this.secretFound = true;
    this.ignore(key, 'a secret: not imported (a DSN stores no token; set a database password in the form)');
  }

  /** A port number, or an error naming it. */
  portNumber(key: string, raw: string): number {
    if (raw.includes(',')) throw new ImportError(`several ports ('${raw}'): a DSN has one server`);
    if (!/^\s*\d+\s*$/.test(raw)) throw new ImportError(`port '${raw}' is not a number`);
    const port = Number(raw);
    if (port < 1 || port > 65535) throw new ImportError(`port ${port} is outside 1–65535`);
    return port;
  }

  /** A whole number for a field, or an ignored entry when it is outside the field's range. */
  wholeNumber(field: 'connectTimeoutSeconds' | 'tokenExpirationSeconds', key: string, raw: string, max: number): void {
    if (!/^\s*-?\d+\s*$/.test(raw)) throw new ImportError(`${key} '${raw}' is not a number`);
    const n = Number(raw);
    if (n < 1 || n > max) this.ignore(key, `${n} is outside 1–${max}${n <= 0 && field === 'connectTimeoutSeconds' ? ' (0 means wait forever)' : ''}`);
    else this.set(field, key, n);
  }

  /** A libpq sslmode; verify-ca/verify-full become require, verified with the CA bundle. */
  sslMode(key: string, raw: string): void {
    const v = raw.trim().toLowerCase();
    const modes: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require'];
    if ((modes as readonly string[]).includes(v)) return this.set('sslMode', key, v as SslMode);
    if (v === 'verify-ca' || v === 'verify-full') {
      // TODO(security issue #10): import as its "verify" setting (with the managed RDS CA bundle) instead of require + a CA bundle.
      this.set('sslMode', key, 'require', `require, verified with the CA bundle (${v})`);
      this.verification = v;
      return;
    }
    throw new ImportError(`sslmode '${raw}' is not one of disable, allow, prefer, require, verify-ca, verify-full`);
  }

  authType(key: string, value: AuthType, shown: string): void {
    this.set('authType', key, value, shown);
  }

  region(key: string, raw: string): void {
    if (!isRegionCode(raw)) throw new ImportError(`region '${raw}' is not an AWS region code such as us-east-1`);
    this.set('region', key, raw);
  }

  expiration(key: string, raw: string): void {
    this.wholeNumber('tokenExpirationSeconds', key, raw, MAX_TOKEN_EXPIRATION_SECONDS);
  }

  caBundle(key: string, raw: string): void {
    if (raw === 'system') {
      this.ignore(key, "'system' means the operating system's CA store: leave CA bundle empty");
      return;
    }
    this.set('caBundlePath', key, raw);
  }

  /** Resolves server, tunnel, port, region and authentication into the outcome. */
  finish(defaultAuth: AuthType): ImportOutcome {
    const host = this.host;
    const via = this.hostaddr ?? (this.iamHost !== undefined && host !== undefined && this.iamHost.value !== host.value ? host : undefined);
    const server = this.iamHost ?? (this.hostaddr !== undefined && host === undefined ? this.hostaddr : host);
    if (server !== undefined) {
      if (server.value.includes(',')) throw new ImportError(`several hosts ('${server.value}'): a DSN has one server`);
      if (server.value.startsWith('/')) throw new ImportError(`host '${server.value}' is a Unix-socket directory: this app connects over TCP`);
      this.set('server', server.key, server.value);
    }
    if (via !== undefined && via !== server) {
      if (via.value.includes(',')) throw new ImportError(`several addresses ('${via.value}'): a DSN has one server`);
      this.set('connectViaHost', via.key, via.value);
      if (this.port !== undefined) this.set('connectViaPort', this.port.key, this.port.value);
      if (this.iamPort !== undefined) this.set('port', this.iamPort.key, this.iamPort.value);
      else this.notes.push("The string gives the tunnel's port only: set Port to the server's own port (the one IAM tokens are signed for).");
    } else if (this.iamPort !== undefined) {
      this.set('port', this.iamPort.key, this.iamPort.value);
      if (this.port !== undefined && this.port.value !== this.iamPort.value && server !== undefined) {
        this.set('connectViaHost', server.key, server.value);
        this.set('connectViaPort', this.port.key, this.port.value);
      }
    } else if (this.port !== undefined) {
      this.set('port', this.port.key, this.port.value);
    }
    if (this.dsn.authType === undefined) {
      // An RDS endpoint with no password in the string: the user most likely signs in with IAM.
      const rds = this.dsn.server !== undefined && isRdsEndpoint(this.dsn.server);
      if (rds && !this.secretFound && defaultAuth === 'database') {
        this.set('authType', '(RDS endpoint, no password)', 'iam');
        this.notes.push('Authentication was set to IAM: the server is an Amazon RDS endpoint and the string holds no password. Switch it to database if this user signs in with a password.');
      } else {
        this.set('authType', '(default)', defaultAuth);
      }
    }
    if (this.dsn.region === undefined && this.dsn.server !== undefined) {
      const region = regionFromEndpoint(this.dsn.server);
      if (region !== undefined) {
        this.set('region', 'host', region);
        this.notes.push(`Region ${region} was read from the endpoint name.`);
      }
    }
    if (this.verification !== undefined) {
      this.notes.push(
        this.dsn.caBundlePath !== undefined
          ? `sslmode=${this.verification}: the server is verified against ${this.dsn.caBundlePath}, chain and name, as libpq's verify-full does.`
          : `sslmode=${this.verification} asks to verify the server, but the string names no root certificate: set CA bundle path (e.g. the RDS global-bundle.pem) before saving, or the connection would not be verified.`,
      );
    }
    if (this.dsn.authType === 'database' && this.dsn.region !== undefined && defaultAuth === 'database' && this.format !== 'json') {
      this.notes.push('Authentication was set to database: if this server uses IAM authentication, switch it to IAM.');
    }
    return {
      format: this.format,
      dsn: this.dsn,
      recognised: this.recognised,
      ignored: this.ignored,
      secretFound: this.secretFound,
      notes: this.notes,
      verification: this.verification,
    };
  }
}

/** libpq keys as DSN fields (the caller has already made later pairs override earlier ones). */
export function mapLibpqPairs(c: Collector, pairs: LibpqPair[], origin: string): void {
  const last = new Map<string, LibpqPair>();
  for (const p of pairs) last.set(p.key, p);
  const host = last.get('host')?.value;
  if (host?.includes(',')) throw new ImportError(`several hosts ('${host}'): a DSN has one server`);
  for (const { key, value } of last.values()) {
    switch (key) {
      case 'host':
        c.host = { key, value };
        break;
      case 'hostaddr':
        c.hostaddr = { key, value };
        break;
      case 'port':
        c.port = { key, value: c.portNumber(key, value) };
        break;
      case 'dbname':
        c.set('database', key, value);
        break;
      case 'user':
        c.set('user', key, value);
        break;
      case 'password':
        c.secret(key);
        break;
      case 'sslmode':
        c.sslMode(key, value);
        break;
      case 'sslrootcert':
        c.caBundle(key, value);
        break;
      case 'connect_timeout':
        c.wholeNumber('connectTimeoutSeconds', key, value, 120);
        break;
      default:
        c.ignore(key, LIBPQ_KEYWORDS.has(key) ? 'a libpq option this app does not keep' : `not a libpq option (libpq would refuse ${origin})`);
    }
  }
}
