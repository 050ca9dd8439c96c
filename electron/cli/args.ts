/**
 * The command line of `iam-dsn`, parsed with node:util `parseArgs` in strict mode: unknown
 * options, missing values and extra arguments are usage errors (exit 2), never guesses.
 */
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/export-types';
import type { RefresherTarget } from '../../shared/ipc-contract';
import { err, ok, type Result } from '../../shared/result';

/** The commands, in the order `--help` lists them. */
export const COMMAND_NAMES = ['list', 'token', 'test', 'export', 'import', 'refresh'] as const;
/** One of {@link COMMAND_NAMES}. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Which DSN a command works on: a saved one by name (or id), or a DSN JSON file. */
export type DsnRef = { kind: 'saved'; name: string; storePath: string | undefined } | { kind: 'file'; path: string };

/** A parsed command line. */
export type Command =
  | { name: 'help'; topic: CommandName | undefined }
  | { name: 'version' }
  | { name: 'list'; storePath: string | undefined; filePath: string | undefined; json: boolean }
  | { name: 'token'; dsn: DsnRef }
  | { name: 'test'; dsn: DsnRef; json: boolean; acceptHostKeys: string[] }
  | { name: 'export'; dsn: DsnRef; format: ExportFormat; withToken: boolean; withPassword: boolean }
  | { name: 'import'; text: string | undefined; stdin: boolean; dsnName: string | undefined }
  | { name: 'refresh'; dsn: DsnRef; target: RefresherTarget; everySeconds: number | undefined };

const SOURCE_OPTIONS = {
  store: { type: 'string' },
  file: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTIONS = {
  list: { ...SOURCE_OPTIONS, json: { type: 'boolean' } },
  token: SOURCE_OPTIONS,
  test: { ...SOURCE_OPTIONS, json: { type: 'boolean' }, 'accept-host-key': { type: 'string', multiple: true } },
  export: { ...SOURCE_OPTIONS, format: { type: 'string', short: 'f' }, 'with-token': { type: 'boolean' }, 'with-password': { type: 'boolean' } },
  import: { stdin: { type: 'boolean' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  refresh: { ...SOURCE_OPTIONS, pgpass: { type: 'string' }, 'password-file': { type: 'string' }, every: { type: 'string' } },
} as const;

/** A usage error: exit 2, with the command's usage line as the hint. */
export function usageError<T = never>(message: string, command?: CommandName): Result<T> {
  return err('VALIDATION', message, { hint: `Run \`iam-dsn ${command === undefined ? '' : `${command} `}--help\` for usage.` });
}

function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}

function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** What parseArgs answers: a string, a flag, or (`multiple`) a list. */
type ArgValues = Record<string, string | boolean | string[] | undefined>;

/** parseArgs for one command; its errors (unknown option, missing value) become usage errors. */
function parseFor<C extends CommandName>(command: C, args: string[]): Result<{ values: ArgValues; positionals: string[] }> {
  try {
    const parsed = parseArgs({ args, options: OPTIONS[command], strict: true, allowPositionals: true });
    return ok({ values: parsed.values as ArgValues, positionals: parsed.positionals });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error), command);
  }
}

function text(values: ArgValues, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

function flag(values: ArgValues, key: string): boolean {
  return values[key] === true;
}

/** NAME or --file (not both), and --store only with a name. */
function dsnRef(command: CommandName, positionals: string[], values: ArgValues): Result<DsnRef> {
  const file = text(values, 'file');
  const store = text(values, 'store');
  if (positionals.length > 1) return usageError(`Too many arguments: ${positionals.slice(1).join(' ')}`, command);
  const name = positionals[0];
  if (file !== undefined) {
    if (name !== undefined) return usageError('Give either a DSN name or --file, not both.', command);
    if (store !== undefined) return usageError('--store reads saved DSNs; it cannot be combined with --file.', command);
    if (file === '') return usageError('--file needs the path of a DSN JSON file.', command);
    return ok({ kind: 'file', path: file });
  }
  if (name === undefined || name.trim() === '') return usageError('Name a saved DSN, or give --file DSN.json.', command);
  if (store === '') return usageError('--store needs the path of a store file.', command);
  return ok({ kind: 'saved', name, storePath: store });
}

/** Parses `argv` (without node and the script). Never throws. */
export function parseCommandLine(argv: readonly string[]): Result<Command> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return ok({ name: 'help', topic: undefined });
  if (first === '--version' || first === '-v') return ok({ name: 'version' });
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return ok({ name: 'help', topic: undefined });
    if (!isCommandName(topic)) return usageError(`Unknown command "${topic}". Commands: ${COMMAND_NAMES.join(', ')}.`);
    return ok({ name: 'help', topic });
  }
  if (!isCommandName(first)) {
    return usageError(first.startsWith('-') ? `Unknown option "${first}" (give a command first).` : `Unknown command "${first}". Commands: ${COMMAND_NAMES.join(', ')}.`);
  }

  const parsed = parseFor(first, rest);
  if (!parsed.ok) return parsed;
  const { values, positionals } = parsed.value;
  if (flag(values, 'help')) return ok({ name: 'help', topic: first });

  if (first === 'list') {
    if (positionals.length > 0) return usageError(`list takes no arguments (got ${positionals.join(' ')}).`, 'list');
    const filePath = text(values, 'file');
    const storePath = text(values, 'store');
    if (filePath !== undefined && storePath !== undefined) return usageError('--store reads saved DSNs; it cannot be combined with --file.', 'list');
    return ok({ name: 'list', storePath, filePath, json: flag(values, 'json') });
  }

  if (first === 'import') return importCommandLine(positionals, values);

  const dsn = dsnRef(first, positionals, values);
  if (!dsn.ok) return dsn;
  if (first === 'refresh') return refreshCommandLine(dsn.value, values);
  if (first === 'token') return ok({ name: 'token', dsn: dsn.value });
  if (first === 'test') {
    const accepted = values['accept-host-key'];
    const acceptHostKeys = Array.isArray(accepted) ? accepted : [];
    const bad = acceptHostKeys.find((f) => !/^SHA256:[A-Za-z0-9+/]{43}$/.test(f));
    if (bad !== undefined) return usageError(`--accept-host-key takes a fingerprint as ssh-keygen -lf prints it (SHA256: and 43 characters), not "${bad}".`, 'test');
    return ok({ name: 'test', dsn: dsn.value, json: flag(values, 'json'), acceptHostKeys });
  }

  const format = text(values, 'format');
  if (format === undefined) return usageError(`export needs --format, one of: ${EXPORT_FORMATS.join(', ')}.`, 'export');
  if (!isExportFormat(format)) return usageError(`Unknown format "${format}". Formats: ${EXPORT_FORMATS.join(', ')}.`, 'export');
  const withToken = flag(values, 'with-token');
  const withPassword = flag(values, 'with-password');
  if (withToken && withPassword) return usageError('--with-token is for IAM DSNs and --with-password for database-auth DSNs; give one.', 'export');
  return ok({ name: 'export', dsn: dsn.value, format, withToken, withPassword });
}

/** `import "<string>"` or `import --stdin`, with an optional `--name`. */
function importCommandLine(positionals: string[], values: ArgValues): Result<Command> {
  const stdin = flag(values, 'stdin');
  const dsnName = text(values, 'name');
  if (positionals.length > 1) return usageError('Give the connection string as ONE argument (quote it), or use --stdin.', 'import');
  if (stdin && positionals.length === 1) return usageError('Give either the connection string or --stdin, not both.', 'import');
  if (!stdin && positionals.length === 0) return usageError('Give a connection string (quoted) or --stdin.', 'import');
  if (dsnName !== undefined && dsnName.trim() === '') return usageError('--name needs a name.', 'import');
  return ok({ name: 'import', text: positionals[0], stdin, dsnName });
}

/** Longest `--every`: 80% of a token's 15 minutes. */
export const MAX_REFRESH_EVERY_SECONDS = 720;

/** `refresh NAME (--pgpass FILE | --password-file FILE) [--every SECONDS]`. */
function refreshCommandLine(dsn: DsnRef, values: ArgValues): Result<Command> {
  const pgpass = text(values, 'pgpass');
  const passwordFile = text(values, 'password-file');
  if ((pgpass === undefined) === (passwordFile === undefined)) return usageError('Give one file to keep fresh: --pgpass FILE or --password-file FILE.', 'refresh');
  const target: RefresherTarget = pgpass !== undefined ? { kind: 'pgpass', path: pgpass } : { kind: 'password-file', path: passwordFile ?? '' };
  if (target.path.trim() === '') return usageError(`--${target.kind} needs the path of a file.`, 'refresh');
  const every = text(values, 'every');
  if (every === undefined) return ok({ name: 'refresh', dsn, target, everySeconds: undefined });
  const seconds = Number(every);
  if (!/^\d+$/.test(every) || seconds < 1 || seconds > MAX_REFRESH_EVERY_SECONDS) return usageError(`--every takes whole seconds from 1 to ${MAX_REFRESH_EVERY_SECONDS}.`, 'refresh');
  return ok({ name: 'refresh', dsn, target, everySeconds: seconds });
}
