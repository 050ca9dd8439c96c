/**
 * Import: reads a connection string someone already has (libpq URI or keyword/value, ODBC, JDBC,
 * the JSON export, or a psql/env export with its token recipe) into DSN fields. Pure: it never
 * reads a file the string names, never connects and never runs anything.
 */
import { dsnFieldsSchema, isSecretKey } from '../dsn';
import { err, ok, type Result } from '../result';
import { Collector, ImportError, type ImportOutcome, mapLibpqPairs } from './import-collector';
import { importShell, looksLikeShell } from './import-shell';
import { LIBPQ_KEYWORDS, parseKeywordValue, parseLibpqUri, uriPrefixLength } from './parse-libpq';
import { parseJdbcUrl, parseOdbc } from './parse-odbc-jdbc';

export type { ImportFormat, ImportOutcome } from './import-collector';

function importLibpq(text: string, format: 'uri' | 'keyword'): ImportOutcome {
  const parsed = format === 'uri' ? parseLibpqUri(text) : parseKeywordValue(text);
  if (!parsed.ok) throw new ImportError(parsed.message);
  const c = new Collector(format);
  mapLibpqPairs(c, parsed.value, 'the string');
  return c.finish('database');
}

/** `postgresql+psycopg2://…` and the other SQLAlchemy dialect+driver schemes. */
const SQLALCHEMY_SCHEME = /^postgres(?:ql)?\+([A-Za-z0-9_]+):\/\//;

/**
 * A SQLAlchemy URL (`postgresql+psycopg2://`, `+psycopg`, `+asyncpg`, `+pg8000`): the libpq URI
 * after the `+driver` part, whose query keys psycopg hands to libpq as they are. asyncpg's
 * `ssl=<mode>` is its name for sslmode.
 */
function importSqlAlchemy(text: string): ImportOutcome {
  const driver = SQLALCHEMY_SCHEME.exec(text)?.[1] ?? '';
  const uri = `postgresql://${text.slice(text.indexOf('://') + 3)}`.replace(/([?&])ssl=(disable|allow|prefer|require|verify-ca|verify-full)(?=&|$)/, '$1sslmode=$2');
  const parsed = parseLibpqUri(uri);
  if (!parsed.ok) throw new ImportError(parsed.message);
  const c = new Collector('sqlalchemy');
  mapLibpqPairs(c, parsed.value, 'the URL');
  c.notes.push(`A SQLAlchemy URL (driver ${driver}): read as the libpq URI it carries.`);
  return c.finish('database');
}

/** ODBC keys, lower case, of psqlODBC and the AWS ODBC driver. */
const ODBC_ONLY_KEYS = new Set(['driver', 'dsn', 'filedsn', 'server', 'servername', 'database', 'uid', 'username', 'pwd', 'authtype', 'region', 'tokenexpiration', 'iamhost', 'pqopt']);
const ODBC_KEYS = new Set([...ODBC_ONLY_KEYS, 'port', 'password', 'sslmode']);

function importOdbc(text: string): ImportOutcome {
  const parsed = parseOdbc(text);
  if (!parsed.ok) throw new ImportError(parsed.message);
  const c = new Collector('odbc');
  let auth: 'iam' | 'database' = 'database';
  for (const { key, value } of parsed.value) {
    switch (key.toLowerCase()) {
      case 'driver':
        c.ignore(key, `names the ODBC driver (${value})`);
        break;
      case 'dsn':
      case 'filedsn':
        c.ignore(key, 'names a data source defined outside the string: its settings are not imported');
        break;
      case 'server':
      case 'servername':
        c.host = { key, value };
        break;
      case 'port':
        c.port = { key, value: c.portNumber(key, value) };
        break;
      case 'database':
        c.set('database', key, value);
        break;
      case 'uid':
      case 'username':
        c.set('user', key, value);
        break;
      case 'pwd':
      case 'password':
        if (value !== '') c.secret(key);
        break;
      case 'sslmode':
        c.sslMode(key, odbcSslMode(value));
        break;
      case 'authtype':
        if (/^iam$/i.test(value)) auth = 'iam';
        else if (!/^database$/i.test(value)) c.ignore(key, `authentication '${value}' is not offered by this app (IAM or database)`);
        c.authType(key, auth, value);
        break;
      case 'region':
        c.region(key, value);
        break;
      case 'tokenexpiration':
        c.expiration(key, value);
        break;
      case 'iamhost':
        c.iamHost = { key, value };
        break;
      case 'pqopt': {
        const inner = parseKeywordValue(value);
        if (!inner.ok) throw new ImportError(`in pqopt: ${inner.message}`);
        mapLibpqPairs(c, inner.value, 'this pqopt');
        break;
      }
      default:
        c.ignore(key, 'an ODBC option this app does not keep');
    }
  }
  return c.finish(auth);
}

/** psqlODBC reads sslmode by its first letters (r = require, vf = verify-full, …). */
function odbcSslMode(value: string): string {
  const v = value.trim().toLowerCase();
  const short: Record<string, string> = { d: 'disable', a: 'allow', p: 'prefer', r: 'require', vc: 'verify-ca', vf: 'verify-full' };
  return short[v] ?? v;
}

function importJdbc(text: string): ImportOutcome {
  const parsed = parseJdbcUrl(text);
  if (!parsed.ok) throw new ImportError(parsed.message);
  const url = parsed.value;
  const c = new Collector('jdbc');
  if (url.host !== undefined) c.host = { key: 'host', value: url.host };
  if (url.port !== undefined && url.port !== '') c.port = { key: 'port', value: c.portNumber('port', url.port) };
  if (url.database !== undefined) c.set('database', 'database', url.database);
  let auth: 'iam' | 'database' = 'database';
  let ssl = false;
  for (const { key, value } of url.params) {
    switch (key) {
      case 'user':
        c.set('user', key, value);
        break;
      case 'password':
        if (value !== '') c.secret(key);
        break;
      case 'wrapperPlugins':
        if (value.split(',').map((s) => s.trim()).includes('iam')) auth = 'iam';
        c.authType(key, auth, value);
        break;
      case 'iamRegion':
        c.region(key, value);
        break;
      case 'iamHost':
        c.iamHost = { key, value };
        break;
      case 'iamDefaultPort':
        c.iamPort = { key, value: c.portNumber(key, value) };
        break;
      case 'iamExpiration':
        c.expiration(key, value);
        break;
      case 'sslmode':
        c.sslMode(key, value);
        break;
      case 'ssl':
        ssl = value === '' || value === 'true';
        break;
      case 'sslrootcert':
        c.caBundle(key, value);
        break;
      case 'connectTimeout':
        c.wholeNumber('connectTimeoutSeconds', key, value, 120);
        break;
      default:
        c.ignore(key, 'a JDBC property this app does not keep');
    }
  }
  if (ssl && c.dsn.sslMode === undefined) c.set('sslMode', 'ssl', 'require', 'require (ssl=true)');
  if (url.kind === 'wrapper' && auth !== 'iam') c.notes.push('An AWS wrapper URL without the iam plugin: authentication was set to database.');
  return c.finish(auth);
}

function importJson(text: string): ImportOutcome {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ImportError('the JSON is not an object of DSN fields');
  const c = new Collector('json');
  const shape = dsnFieldsSchema.shape;
  for (const [key, value] of Object.entries(data)) {
    if (isSecretKey(key)) {
      if (value !== undefined && value !== null && value !== '') c.secret(key);
      continue;
    }
    if (!Object.hasOwn(shape, key)) {
      c.ignore(key, 'not a DSN field');
      continue;
    }
    const field = key as keyof typeof shape;
    const checked = shape[field].safeParse(value);
    if (!checked.success) throw new ImportError(`field '${key}': ${checked.error.issues[0]?.message ?? 'invalid value'}`);
    if (checked.data === undefined) continue;
    c.set(field, key, checked.data as never, typeof checked.data === 'object' ? JSON.stringify(checked.data) : String(checked.data));
  }
  return { format: 'json', dsn: c.dsn, recognised: c.recognised, ignored: c.ignored, secretFound: c.secretFound, notes: c.notes };
}

/** Which parser a string is for, or an error message. */
function detect(text: string): ImportOutcome['format'] | { error: string } {
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (/^(\/\/|import\s|from\s|const\s|# pip\b)/.test(text)) {
    return { error: 'this is a code snippet: paste a connection string (URI, SQLAlchemy URL, key=value, ODBC, JDBC), psql/env lines or the JSON export' };
  }
  if (uriPrefixLength(text) > 0) return 'uri';
  if (SQLALCHEMY_SCHEME.test(text)) return 'sqlalchemy';
  if (/^jdbc:/i.test(text)) return 'jdbc';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1];
  if (scheme !== undefined) {
    const hint = /^postgres(ql)?$/i.test(scheme) ? ' (libpq accepts postgresql:// and postgres:// in lower case only)' : '';
    return { error: `unknown URI scheme '${scheme}'${hint}` };
  }
  if (looksLikeShell(text)) return 'shell';
  const odbc = parseOdbc(text);
  if (text.includes(';') && odbc.ok) {
    const keys = odbc.value.map((p) => p.key.toLowerCase());
    if (keys.some((k) => ODBC_ONLY_KEYS.has(k)) || (keys.length > 1 && keys.every((k) => ODBC_KEYS.has(k)))) return 'odbc';
  }
  if (!text.includes('=')) {
    return { error: 'unknown format: expected a postgresql:// URI, key=value pairs, an ODBC string (Key=Value;…), a jdbc: URL or the JSON export' };
  }
  const first = /^\s*([^=;\s]+)\s*=/.exec(text)?.[1]?.toLowerCase();
  if (text.includes(';') && first !== undefined && ODBC_KEYS.has(first) && !LIBPQ_KEYWORDS.has(first)) return 'odbc';
  return 'keyword';
}

/**
 * Reads a connection string into DSN fields. Unknown or malformed input is a VALIDATION error whose
 * message names the part (e.g. "unterminated quote in value of 'password' at position 41").
 */
export function importConnectionString(text: string): Result<ImportOutcome> {
  const trimmed = text.trim();
  if (trimmed === '') return err('VALIDATION', 'Paste a connection string to import.');
  if (trimmed.includes('\0')) return err('VALIDATION', 'The string holds a NUL character, which no connection string can.');
  const format = detect(trimmed);
  if (typeof format === 'object') return err('VALIDATION', capitalise(format.error));
  try {
    switch (format) {
      case 'json':
        return ok(importJson(trimmed));
      case 'uri':
      case 'keyword':
        return ok(importLibpq(trimmed, format));
      case 'sqlalchemy':
        return ok(importSqlAlchemy(trimmed));
      case 'odbc':
        return ok(importOdbc(trimmed));
      case 'jdbc':
        return ok(importJdbc(trimmed));
      case 'shell':
        return ok(importShell(trimmed));
    }
  } catch (e) {
    if (e instanceof ImportError) return err('VALIDATION', capitalise(e.message), { hint: `Read as ${IMPORT_FORMAT_NAMES[format]}.` });
    return err('INTERNAL', 'The string could not be imported.');
  }
}

/** Each format as a sentence names it ("Read as a libpq URI"). */
export const IMPORT_FORMAT_NAMES: Record<ImportOutcome['format'], string> = {
  uri: 'a libpq URI',
  sqlalchemy: 'a SQLAlchemy URL',
  keyword: 'a libpq keyword/value string',
  odbc: 'an ODBC connection string',
  jdbc: 'a JDBC URL',
  json: 'the JSON export',
  shell: 'a psql command line or PG* environment variables',
};

function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
