/**
 * DBeaver's data-sources.json (the workspace's `.dbeaver/data-sources.json`), as DBeaver's
 * DataSourceSerializerModern reads it: `{"folders": {path: {parent}}, "connections": {id: {provider,
 * driver, name, folder, save-password, configuration: {host, port, database, url,
 * configurationType, user, type, auth-model, properties, handlers: {postgre_ssl, ssh_tunnel},
 * events}}}, "connection-types": {id: {name}}}`. Only PostgreSQL connections are read. Credentials
 * DBeaver keeps in credentials-config.json are never read; a password found in this file is not
 * taken; event commands are not run.
 */
import { importConnectionString } from './import';
import { Collector, ImportError, type ImportOutcome, mapLibpqPairs } from './import-collector';
import { collect, type EntryDraft, environmentOf, finishEntry, objectOf, own, pairCollector, scalarText, type ToolEntry, type ToolImport, type ToolSkip } from './tool-entry';

/** DBeaver's built-in connection types. */
const CONNECTION_TYPE_ENVIRONMENT: Record<string, EntryDraft['environment']> = { dev: 'development', test: 'test', prod: 'production' };

/** JDBC driver properties with a libpq meaning, and their libpq names. */
const JDBC_PROPERTIES: Record<string, string> = { sslmode: 'sslmode', sslrootcert: 'sslrootcert', connectTimeout: 'connect_timeout', ApplicationName: 'application_name' };

function isPostgres(connection: Record<string, unknown>): boolean {
  const provider = scalarText(own(connection, 'provider')) ?? '';
  const driver = scalarText(own(connection, 'driver')) ?? '';
  return /^postgres/i.test(provider) || /postgres/i.test(driver);
}

interface Context {
  connectionTypes: Record<string, unknown>;
}

function readConnection(id: string, value: unknown, ctx: Context): ToolEntry | ToolSkip {
  const source = `connection ${id}`;
  const connection = objectOf(value);
  if (connection === undefined) return { source, name: undefined, reason: 'not an object of connection settings.' };
  const rawName = own(connection, 'name');
  const name = typeof rawName === 'string' ? rawName : '';
  if (!isPostgres(connection)) {
    return { source, name, reason: `a ${scalarText(own(connection, 'provider')) ?? 'non-PostgreSQL'} connection: only PostgreSQL connections are imported.` };
  }
  const config = objectOf(own(connection, 'configuration')) ?? {};
  try {
    const outcome = readConfiguration(connection, config);
    const folder = scalarText(own(connection, 'folder'));
    const typeId = scalarText(own(config, 'type')) ?? '';
    const typeName = scalarText(own(objectOf(own(ctx.connectionTypes, typeId)), 'name'));
    const environment = CONNECTION_TYPE_ENVIRONMENT[typeId] ?? (typeName !== undefined ? environmentOf(typeName) : undefined);
    const tags = folder !== undefined && folder.trim() !== '' ? [folder.length > 40 ? (folder.split('/').at(-1) ?? folder) : folder] : [];
    return finishEntry({ source, name, outcome, tags, environment });
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { source, name, reason: `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.` };
  }
}

function readConfiguration(connection: Record<string, unknown>, config: Record<string, unknown>): ImportOutcome {
  const url = scalarText(own(config, 'url'));
  const host = scalarText(own(config, 'host'));
  if ((host === undefined || host === '') && url !== undefined) return fromUrl(url, connection, config);
  const c = new Collector('jdbc');
  const { pairs, add } = pairCollector((key, reason) => c.ignore(key, reason));
  add('host', 'host', own(config, 'host'));
  add('port', 'port', own(config, 'port'));
  add('dbname', 'database', own(config, 'database'));
  add('user', 'user', own(config, 'user') ?? own(own(config, 'auth-properties'), 'user') ?? own(own(connection, 'credentials'), 'userName'));
  readSsl(config, add);
  for (const [k, v] of Object.entries(objectOf(own(config, 'properties')) ?? {})) {
    const libpq = JDBC_PROPERTIES[k];
    if (libpq === undefined) c.ignore(`properties.${k}`, 'a JDBC driver property this app does not keep');
    else if (libpq !== 'application_name') add(libpq, `properties.${k}`, v);
  }
  mapLibpqPairs(c, pairs, 'this connection');
  readRest(c, connection, config);
  return c.finish('database');
}

/** The postgre_ssl handler: on, with its mode and root certificate (the file is not read). */
function readSsl(config: Record<string, unknown>, add: (key: string, from: string, raw: unknown) => void): void {
  const ssl = objectOf(own(objectOf(own(config, 'handlers')), 'postgre_ssl'));
  if (ssl === undefined || own(ssl, 'enabled') !== true) return;
  const props = objectOf(own(ssl, 'properties')) ?? {};
  add('sslmode', 'handlers.postgre_ssl.sslMode', own(props, 'sslMode') ?? own(props, 'ssl.mode') ?? 'require');
  add('sslrootcert', 'handlers.postgre_ssl.rootCert', own(props, 'rootCert') ?? own(props, 'ssl.ca.cert'));
}

/** Passwords, the auth model, the SSH tunnel and the events: noted, never taken or run. */
function readRest(c: Collector, connection: Record<string, unknown>, config: Record<string, unknown>): void {
  if (own(connection, 'save-password') === true) {
    c.ignore('save-password', 'DBeaver keeps the password in its credentials store: not read');
    c.secretFound = true;
  }
  // Where DBeaver and CloudBeaver files put a password in clear.
  if (own(config, 'password') !== undefined) c.secret('password');
  if (own(own(config, 'auth-properties'), 'password') !== undefined) c.secret('auth-properties.password');
  if (own(own(connection, 'credentials'), 'userPassword') !== undefined) c.secret('credentials.userPassword');
  const model = scalarText(own(config, 'auth-model')) ?? 'native';
  if (/aws|iam|rds/i.test(model)) {
    c.authType('auth-model', 'iam', `iam (${model})`);
    c.notes.push(`DBeaver signs in with “${model}”: authentication is IAM. Check the credential source and the region.`);
  } else if (model === 'postgres_pgpass') {
    c.ignore('auth-model', 'DBeaver reads the password from .pgpass: import .pgpass entries, or type the password');
    c.secretFound = true;
  } else if (model !== 'native') {
    c.ignore('auth-model', `authentication “${model}” is not offered by this app (IAM or database)`);
  }
  const handlers = objectOf(own(config, 'handlers')) ?? {};
  if (own(objectOf(own(handlers, 'ssh_tunnel')), 'enabled') === true) {
    c.ignore('handlers.ssh_tunnel', 'an SSH tunnel DBeaver opens: set Connect via to your tunnel’s local end');
  }
  if (own(config, 'events') !== undefined) c.ignore('events', 'commands DBeaver runs around a connection: not run, not imported');
  if (own(config, 'bootstrap') !== undefined) c.ignore('bootstrap', 'queries DBeaver runs after connecting: not imported');
}

/** A connection given as a JDBC URL only (configurationType URL). */
function fromUrl(url: string, connection: Record<string, unknown>, config: Record<string, unknown>): ImportOutcome {
  const read = importConnectionString(url);
  if (!read.ok) throw new ImportError(`the JDBC URL: ${read.error.message}`);
  const c = new Collector('jdbc');
  const outcome = read.value;
  const user = scalarText(own(config, 'user'));
  readRest(c, connection, config);
  const dsn = { ...outcome.dsn, ...(user !== undefined && outcome.dsn.user === undefined ? { user } : {}), ...(c.dsn.authType === 'iam' ? { authType: 'iam' as const } : {}) };
  return { ...outcome, dsn, ignored: [...outcome.ignored, ...c.ignored], notes: [...outcome.notes, ...c.notes], secretFound: outcome.secretFound || c.secretFound };
}

/** Reads a parsed data-sources.json. */
export function importDbeaver(json: unknown): ToolImport {
  const connections = objectOf(own(json, 'connections')) ?? {};
  const ctx: Context = { connectionTypes: objectOf(own(json, 'connection-types')) ?? {} };
  const notes = ['Passwords DBeaver keeps (credentials-config.json, the secure storage) are not read: type them in the form after the import.'];
  return collect('dbeaver', Object.entries(connections).map(([id, value]) => readConnection(id, value, ctx)), notes);
}
