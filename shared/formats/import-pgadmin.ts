/**
 * pgAdmin 4's servers.json (File → Import/Export Servers, or `setup.py dump-servers`), as its
 * documentation describes it: `{"Servers": {"1": {Name, Group, Host | HostAddr | Service, Port,
 * MaintenanceDB, Username, SSLMode (older) or ConnectionParameters {sslmode, sslrootcert,
 * connect_timeout, passfile, …}, Tags [{text, color}], UseSSHTunnel, PasswordExecCommand, …}}}`.
 * pgAdmin never writes passwords into the file; a passfile it names is not read.
 */
import { Collector, ImportError, type ImportOutcome, mapLibpqPairs } from './import-collector';
import { applyTokenRecipe, tokenRecipeOf } from './import-shell';
import { collect, environmentOf, finishEntry, objectOf, own, pairCollector, scalarText, type ToolEntry, type ToolImport, type ToolSkip } from './tool-entry';

/** Server keys read into fields (the rest are listed as left out). */
const READ_KEYS = new Set(['Name', 'Group', 'Host', 'HostAddr', 'Port', 'MaintenanceDB', 'Username', 'SharedUsername', 'SSLMode', 'SSLRootCert', 'Timeout', 'ConnectionParameters', 'Tags', 'PasswordExecCommand']);

const LEFT_OUT: Record<string, string> = {
  Service: 'a pg_service.conf entry: import that file to get its settings',
  PassFile: 'names a password file: not read (the app never opens files an import names)',
  Password: 'a secret: not imported',
  SavePassword: 'pgAdmin keeps passwords in its own store: not imported',
  Role: 'a role set after login: not a connection setting here',
  KerberosAuthentication: 'Kerberos is not offered by this app (IAM or database)',
  UseSSHTunnel: 'an SSH tunnel pgAdmin opens: set Connect via to your tunnel’s local end',
  SSLCert: 'client certificates are not offered by this app',
  SSLKey: 'client certificates are not offered by this app',
  PostConnectionSQL: 'SQL pgAdmin runs after connecting: not imported',
};

function readServer(key: string, value: unknown): ToolEntry | ToolSkip {
  const source = `server ${key}`;
  const server = objectOf(value);
  if (server === undefined) return { source, name: undefined, reason: 'not an object of server settings.' };
  const rawName = own(server, 'Name');
  const name = typeof rawName === 'string' ? rawName : '';
  const host = own(server, 'Host') ?? own(server, 'HostAddr');
  if (host === undefined || host === '') {
    const service = scalarText(own(server, 'Service'));
    return { source, name, reason: service !== undefined ? `uses the pg_service.conf entry “${service}”: import pg_service.conf to get its host.` : 'has no Host or HostAddr.' };
  }
  try {
    return finishEntry({ source, name, ...readSettings(server) });
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { source, name, reason: `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.` };
  }
}

function readSettings(server: Record<string, unknown>): { outcome: ImportOutcome; tags: string[]; environment: ReturnType<typeof environmentOf> } {
  const c = new Collector('keyword');
  const params = objectOf(own(server, 'ConnectionParameters')) ?? {};
  const { pairs, add } = pairCollector((key, reason) => c.ignore(key, reason));
  add('host', own(server, 'Host') !== undefined ? 'Host' : 'HostAddr', own(server, 'Host') ?? own(server, 'HostAddr'));
  if (own(server, 'Host') !== undefined) add('hostaddr', 'HostAddr', own(server, 'HostAddr'));
  add('port', 'Port', own(server, 'Port'));
  add('dbname', 'MaintenanceDB', own(server, 'MaintenanceDB'));
  add('user', 'Username', own(server, 'Username') ?? own(server, 'SharedUsername'));
  add('sslmode', 'sslmode', own(params, 'sslmode') ?? own(server, 'SSLMode'));
  add('sslrootcert', 'sslrootcert', own(params, 'sslrootcert') ?? own(server, 'SSLRootCert'));
  add('connect_timeout', 'connect_timeout', own(params, 'connect_timeout') ?? own(server, 'Timeout'));
  for (const [k, v] of Object.entries(params)) {
    if (['sslmode', 'sslrootcert', 'connect_timeout'].includes(k)) continue;
    if (k === 'passfile') {
      c.ignore(`ConnectionParameters.${k}`, LEFT_OUT.PassFile ?? '');
      c.secretFound = true;
    } else add(k, `ConnectionParameters.${k}`, v);
  }
  mapLibpqPairs(c, pairs, 'this server');
  for (const k of Object.keys(server)) {
    if (READ_KEYS.has(k)) continue;
    const reason = LEFT_OUT[k] ?? (k.startsWith('Tunnel') ? 'part of pgAdmin’s SSH tunnel: not imported' : 'a pgAdmin setting this app does not keep');
    c.ignore(k, reason);
    if (k === 'Password' || k === 'PassFile' || k === 'SavePassword') c.secretFound = true;
  }
  if (own(server, 'UseSSHTunnel') === 1 || own(server, 'UseSSHTunnel') === true) {
    c.notes.push('pgAdmin reaches this server through an SSH tunnel: start one (ssh -L) and set Connect via to its local end.');
  }
  const command = own(server, 'PasswordExecCommand');
  const recipe = typeof command === 'string' ? tokenRecipeOf(command) : undefined;
  if (recipe !== undefined) {
    applyTokenRecipe(c, recipe, 'PasswordExecCommand');
    c.notes.push('PasswordExecCommand signs an IAM token (it was read, not run): authentication is IAM.');
  }
  else if (typeof command === 'string' && command !== '') {
    c.ignore('PasswordExecCommand', 'a command that prints a password: not run, not imported');
    c.secretFound = true;
  }
  const labels = [own(server, 'Group'), ...tagTexts(own(server, 'Tags'))].filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  const environment = labels.map(environmentOf).find((e) => e !== undefined);
  return { outcome: c.finish(recipe !== undefined ? 'iam' : 'database'), tags: labels, environment };
}

function tagTexts(tags: unknown): unknown[] {
  return Array.isArray(tags) ? tags.map((t) => own(t, 'text')) : [];
}

/** Reads a parsed servers.json. */
export function importPgAdmin(json: unknown): ToolImport {
  const servers = objectOf(own(json, 'Servers')) ?? {};
  return collect('pgadmin', Object.entries(servers).map(([key, value]) => readServer(key, value)));
}
