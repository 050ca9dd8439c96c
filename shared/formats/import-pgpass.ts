/**
 * `.pgpass` entries as DSNs: each `host:port:database:user:password` line names a server, a
 * database and a user. The password is never taken: an entry whose password is an RDS IAM token
 * (someone's refreshed line) becomes an IAM DSN, its region read from the token's credential scope;
 * any other password means database authentication. Wildcards: `*` for the port or the database
 * take the defaults (5432, postgres) with a note; a `*` host or user names no server or user, so
 * the entry is skipped.
 */
import { isIpAddress } from '../host';
import { Collector, ImportError } from './import-collector';
import { parsePgpassEntry, pgpassPassword } from './pgpass-entry';
import { collect, finishEntry, type ToolEntry, type ToolImport, type ToolSkip } from './tool-entry';

/** True when every line that is not blank or a comment is a five-field entry. */
export function looksLikePgpass(text: string): boolean {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const entries = lines.filter((l) => l.trim() !== '' && !l.startsWith('#'));
  return entries.length > 0 && entries.every((l) => parsePgpassEntry(l) !== undefined);
}

/** The region of an RDS IAM token (`X-Amz-Credential=…/<date>/<region>/rds-db/aws4_request`), if the password is one. */
function tokenRegion(password: string): string | undefined {
  if (!/[?&]Action=connect(&|$)/.test(password) || !password.includes('X-Amz-Signature=')) return undefined;
  let credential: string | undefined;
  try {
    credential = decodeURIComponent(/[?&]X-Amz-Credential=([^&]+)/.exec(password)?.[1] ?? '');
  } catch {
    return undefined;
  }
  return /\/\d{8}\/([a-z0-9-]+)\/rds-db\/aws4_request$/.exec(credential)?.[1];
}

function readLine(text: string, number: number): ToolEntry | ToolSkip | undefined {
  const entry = parsePgpassEntry(text);
  if (entry === undefined) return undefined;
  const source = `line ${number}`;
  const [host, port, database, user] = entry.fields;
  const shortHost = isIpAddress(host.value) ? host.value : (host.value.split('.')[0] ?? host.value);
  const name = host.wildcard || user.wildcard ? undefined : `${user.value}@${shortHost}${database.wildcard ? '' : `/${database.value}`}`;
  if (host.wildcard) return { source, name, reason: 'matches any host (*): it names no server.' };
  if (user.wildcard) return { source, name, reason: 'matches any user (*): it names no user.' };
  try {
    const c = new Collector('keyword');
    c.host = { key: 'host', value: host.value };
    if (port.wildcard) c.notes.push('The port is * (any): 5432 was taken.');
    else c.port = { key: 'port', value: c.portNumber('port', port.value) };
    if (database.wildcard) c.notes.push('The database is * (any): postgres was taken.');
    else c.set('database', 'database', database.value);
    c.set('user', 'user', user.value);
    const region = tokenRegion(pgpassPassword(entry.rest));
    if (region !== undefined) {
      c.authType('password', 'iam', 'iam (the password is an IAM token)');
      if (!isIpAddress(host.value)) c.region('password (token scope)', region);
      c.ignore('password', 'an IAM token: not imported (the app signs a fresh one)');
    } else {
      c.secret('password');
    }
    return finishEntry({ source, name: name ?? '', outcome: c.finish('database') });
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { source, name, reason: `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.` };
  }
}

/** Reads .pgpass text (the lines, never the file a PGPASSFILE would name). */
export function importPgpass(text: string): ToolImport {
  const results = text
    .split('\n')
    .map((line, index) => readLine(line.replace(/\r$/, ''), index + 1))
    .filter((r): r is ToolEntry | ToolSkip => r !== undefined);
  return collect('pgpass', results, ['Passwords are never imported: type a database password in the form after the import.']);
}
