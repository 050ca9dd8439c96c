/**
 * Import of the shell formats: a `psql` command line and `export PG…=` lines, with the token recipe
 * (`aws rds generate-db-auth-token …`) they carry. The text is split into words with POSIX quoting;
 * nothing is expanded or run: a `$(…)` is only looked into for the recipe.
 */
import { assumeRoleSchema } from '../dsn';
import { Collector, ImportError, type ImportOutcome, mapLibpqPairs } from './import-collector';
import { type LibpqPair, parseKeywordValue, parseLibpqUri, uriPrefixLength } from './parse-libpq';

/** A shell word: its literal text (a NUL marks each `$(…)`) and the text inside each `$(…)`. */
interface Word {
  text: string;
  substs: string[];
}

/** True when the text reads as psql/env shell lines rather than a connection string. */
export function looksLikeShell(text: string): boolean {
  return /^\s*(export\s+PG[A-Z_]*=|PG[A-Z_]+=|psql(\s|$))/.test(text) || text.includes('generate-db-auth-token');
}

/** Splits shell text into commands of words (POSIX quoting; `;`, `&`, `|` and newlines separate). */
function tokenize(src: string): Word[][] {
  const cmds: Word[][] = [];
  let cmd: Word[] = [];
  let word: Word | undefined;
  const n = src.length;
  let i = 0;
  const endWord = (): void => {
    if (word !== undefined) cmd.push(word);
    word = undefined;
  };
  const endCmd = (): void => {
    endWord();
    if (cmd.length > 0) cmds.push(cmd);
    cmd = [];
  };
  const subst = (w: Word): void => {
    const end = substEnd(src, i);
    if (end === -1) throw new ImportError(`unterminated "$(" at position ${i + 1}`);
    w.substs.push(src.slice(i + 2, end - 1));
    w.text += '\0';
    i = end;
  };
  while (i < n) {
    const c = src[i] as string;
    if (word === undefined) {
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (c === '\n' || c === ';' || c === '&' || c === '|') {
        endCmd();
        i++;
        continue;
      }
      if (c === '#') {
        while (i < n && src[i] !== '\n') i++;
        continue;
      }
      word = { text: '', substs: [] };
    }
    const w: Word = word;
    if (' \t\n;&|'.includes(c)) {
      endWord();
    } else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j === -1) throw new ImportError(`unterminated single quote at position ${i + 1}`);
      w.text += src.slice(i + 1, j);
      i = j + 1;
    } else if (c === '"') {
      const end = closingDoubleQuote(src, i);
      if (end === -1) throw new ImportError(`unterminated double quote at position ${i + 1}`);
      i++;
      while (i < end) {
        const d = src[i] as string;
        if (d === '\\' && '$`"\\\n'.includes(src[i + 1] as string)) {
          if (src[i + 1] !== '\n') w.text += src[i + 1];
          i += 2;
        } else if (d === '$' && src[i + 1] === '(') {
          subst(w);
        } else if (d === '`') {
          throw new ImportError(`backquotes at position ${i + 1} are not supported: use $(…)`);
        } else {
          w.text += d;
          i++;
        }
      }
      i = end + 1;
    } else if (c === '\\') {
      if (src[i + 1] !== '\n' && i + 1 < n) w.text += src[i + 1];
      i += 2;
    } else if (c === '$' && src[i + 1] === '(') {
      subst(w);
    } else if (c === '`') {
      throw new ImportError(`backquotes at position ${i + 1} are not supported: use $(…)`);
    } else {
      w.text += c;
      i++;
    }
  }
  endCmd();
  return cmds;
}

/** The index of the `"` that closes the one at `open`, or -1 (a `$(…)` inside may hold quotes). */
function closingDoubleQuote(src: string, open: number): number {
  for (let j = open + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === '"') return j;
    else if (src[j] === '$' && src[j + 1] === '(') {
      const end = substEnd(src, j);
      if (end === -1) return -1;
      j = end - 1;
    }
  }
  return -1;
}

/** The index just after the `)` that closes the `$(` at `at`, or -1; quotes inside are skipped. */
function substEnd(src: string, at: number): number {
  let depth = 1;
  for (let j = at + 2; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === "'") {
      j = src.indexOf("'", j + 1);
      if (j === -1) return -1;
    } else if (c === '"') {
      j = closingDoubleQuote(src, j);
      if (j === -1) return -1;
    } else if (c === '$' && src[j + 1] === '(') {
      j = substEnd(src, j);
      if (j === -1) return -1;
      j--;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

const ENV_KEYS: Record<string, string> = {
  PGHOST: 'host',
  PGHOSTADDR: 'hostaddr',
  PGPORT: 'port',
  PGDATABASE: 'dbname',
  PGUSER: 'user',
  PGPASSWORD: 'password',
  PGSSLMODE: 'sslmode',
  PGSSLROOTCERT: 'sslrootcert',
  PGCONNECT_TIMEOUT: 'connect_timeout',
};

/** Every command inside the `$(…)` of these words, nested ones included. */
function commandsIn(words: Word[]): Word[][] {
  return words.flatMap((w) => w.substs).flatMap((inner) => tokenize(inner).flatMap((cmd) => [cmd, ...commandsIn(cmd)]));
}

/** The `--option value` / `--option=value` pairs after `aws <service> <command>` in one of the commands. */
function awsCall(cmds: Word[][], service: string, command: string): Map<string, string> | undefined {
  for (const cmd of cmds) {
    const texts = cmd.map((w) => w.text);
    const at = texts.indexOf(command);
    if (at < 1 || texts[at - 1] !== service) continue;
    const opts = new Map<string, string>();
    for (let k = at + 1; k < texts.length; k++) {
      const t = texts[k] as string;
      const eq = t.indexOf('=');
      if (t.startsWith('--') && eq !== -1) opts.set(t.slice(2, eq), t.slice(eq + 1));
      else if (t.startsWith('--') && k + 1 < texts.length) opts.set(t.slice(2), texts[++k] as string);
    }
    return opts;
  }
  return undefined;
}

/**
 * The `--option value` pairs of an `aws rds generate-db-auth-token` in a command another tool
 * keeps (pgAdmin's PasswordExecCommand): split into words, never run; undefined when there is none
 * or the text is not shell words.
 */
export function tokenRecipeOf(command: string): Map<string, string> | undefined {
  try {
    const cmds = tokenize(command);
    return awsCall([...cmds, ...cmds.flatMap((cmd) => commandsIn(cmd))], 'rds', 'generate-db-auth-token');
  } catch (e) {
    if (e instanceof ImportError) return undefined;
    throw e;
  }
}

/**
 * What an `aws rds generate-db-auth-token` call says about a DSN: IAM, the name and port the token
 * is signed for, the region, and the profile (`profile` overrides it: the one a role is assumed with).
 */
export function applyTokenRecipe(c: Collector, recipe: Map<string, string>, key: string, profileOverride?: string): void {
  c.authType(key, 'iam', 'iam (token recipe)');
  const host = recipe.get('hostname');
  if (host !== undefined) c.iamHost = { key: '--hostname', value: host };
  const port = recipe.get('port');
  if (port !== undefined) c.iamPort = { key: '--port', value: c.portNumber('--port', port) };
  const region = recipe.get('region');
  if (region !== undefined) c.region('--region', region);
  const profile = profileOverride ?? recipe.get('profile');
  if (profile !== undefined) c.set('credentialSource', '--profile', { kind: 'profile', profile }, profile);
}

/** Fills the role to assume from the recipe's `aws sts assume-role` call. */
function importRole(c: Collector, sts: Map<string, string>): void {
  const role = assumeRoleSchema.safeParse({
    roleArn: sts.get('role-arn'),
    sessionName: sts.get('role-session-name'),
    externalId: sts.get('external-id') ?? '',
    durationSeconds: Number(sts.get('duration-seconds') ?? '3600'),
    mfaSerial: sts.get('serial-number') ?? '',
  });
  if (!role.success) throw new ImportError(`in the recipe's aws sts assume-role: ${role.error.issues[0]?.message ?? 'invalid role'}`);
  c.set('assumeRole', '--role-arn', role.data, role.data.roleArn);
  const endpoint = sts.get('endpoint-url');
  if (endpoint !== undefined) c.set('stsEndpoint', '--endpoint-url', endpoint);
}

/** psql's connection options and positional arguments as libpq pairs, in libpq's order of precedence. */
function psqlPairs(args: Word[], c: Collector): LibpqPair[] {
  const short: Record<string, string> = { h: 'host', p: 'port', U: 'user', d: 'dbname' };
  const long: Record<string, string> = { host: 'host', port: 'port', username: 'user', dbname: 'dbname' };
  const withArg = new Set(['c', 'f', 'v', 'o', 'L', 'P', 'T', 'F', 'R', 'command', 'file', 'set', 'variable', 'output', 'log-file', 'pset', 'field-separator', 'record-separator', 'table-attr']);
  const options: LibpqPair[] = [];
  const databases: string[] = [];
  const positional: string[] = [];
  const option = (key: string | undefined, name: string, value: string | undefined): void => {
    if (key === undefined || value === undefined) c.ignore(name, 'a psql option, not a connection setting');
    else if (key === 'dbname') databases.push(value);
    else options.push({ key, value, position: 0 });
  };
  for (let k = 0; k < args.length; k++) {
    const t = (args[k] as Word).text;
    const longOpt = /^--([^=]+)(?:=(.*))?$/s.exec(t);
    if (longOpt) {
      const [, name = '', inline] = longOpt;
      option(long[name], `--${name}`, inline ?? (long[name] !== undefined || withArg.has(name) ? args[++k]?.text : undefined));
    } else if (/^-[A-Za-z]/.test(t)) {
      const letter = t.charAt(1);
      option(short[letter], `-${letter}`, t.length > 2 ? t.slice(2) : short[letter] !== undefined || withArg.has(letter) ? args[++k]?.text : undefined);
    } else {
      positional.push(t);
    }
  }
  const [db, user] = positional;
  if (db !== undefined) databases.push(db);
  if (user !== undefined) options.push({ key: 'user', value: user, position: 0 });
  // psql passes dbname after host, port and user: a connection string there overrides them.
  for (const d of databases) {
    if (uriPrefixLength(d) === 0 && !d.includes('=')) {
      options.push({ key: 'dbname', value: d, position: 0 });
      continue;
    }
    const parsed = uriPrefixLength(d) > 0 ? parseLibpqUri(d) : parseKeywordValue(d);
    if (!parsed.ok) throw new ImportError(`in the psql connection string: ${parsed.message}`);
    options.push(...parsed.value);
  }
  return options;
}

/** Imports psql/env shell text. */
export function importShell(text: string): ImportOutcome {
  const c = new Collector('shell');
  const envPairs: LibpqPair[] = [];
  const cmdPairs: LibpqPair[] = [];
  let passwordWords: Word[] = [];
  for (const cmd of tokenize(text)) {
    // The env export unsets the variables a DSN does not use: nothing to import.
    if (cmd[0]?.text === 'unset') continue;
    let k = cmd[0]?.text === 'export' ? 1 : 0;
    for (; k < cmd.length; k++) {
      const w = cmd[k] as Word;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.text);
      if (!m) break;
      const name = m[1] as string;
      const key = ENV_KEYS[name];
      if (name === 'PGPASSWORD') passwordWords = [w];
      if (key === undefined) c.ignore(name, 'a variable this app does not keep');
      else if (key !== 'password') envPairs.push({ key, value: w.text.slice(m[0].length), position: 0 });
    }
    if (k >= cmd.length || cmd[0]?.text === 'export') continue;
    const program = (cmd[k] as Word).text;
    if (program === 'psql' || program.endsWith('/psql')) cmdPairs.push(...psqlPairs(cmd.slice(k + 1), c));
    else c.ignore(program, 'not psql: only psql command lines and PG* variables are read');
  }
  const pairs = [...envPairs, ...cmdPairs];
  mapLibpqPairs(c, pairs.filter((p) => p.key !== 'password'), 'the string');
  if (pairs.some((p) => p.key === 'password')) c.secret('password');
  const calls = commandsIn(passwordWords);
  const recipe = awsCall(calls, 'rds', 'generate-db-auth-token');
  const sts = awsCall(calls, 'sts', 'assume-role');
  if (recipe !== undefined) {
    applyTokenRecipe(c, recipe, 'generate-db-auth-token', sts?.get('profile'));
    if (sts !== undefined) importRole(c, sts);
    const user = recipe.get('username');
    if (user !== undefined && user !== c.dsn.user) c.notes.push(`The recipe signs for the user ${user}, not ${c.dsn.user ?? '(none)'}: check User name.`);
  } else if (passwordWords.length > 0) {
    c.secret('PGPASSWORD');
  }
  if (c.recognised.length === 0 && c.host === undefined && c.hostaddr === undefined && c.port === undefined && !c.secretFound) {
    throw new ImportError('no psql command or PG* variable with connection settings was found');
  }
  return c.finish(recipe !== undefined ? 'iam' : 'database');
}
