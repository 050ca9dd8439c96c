/** The `--help` texts of `iam-dsn` and each command. */
import { EXPORT_FORMATS } from '../../shared/export-types';
import type { CommandName } from './args';

const SOURCE = [
  'DSN:',
  '  NAME              a DSN saved in the app (name, ignoring case, or id)',
  '  --store PATH      read saved DSNs from this store file instead of the app\'s',
  '  --file DSN.json   use a DSN JSON file instead of a saved DSN (see docs/cli.md)',
];

const SECRETS = [
  'Secrets: the app keeps passwords and static AWS secret keys encrypted by the OS keychain',
  'through Electron, which the CLI cannot read. Give a database password in PGPASSWORD and a',
  'static key\'s secret in AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or answer the prompt',
  'on a terminal. MFA codes are asked on the terminal.',
];

const EXIT_CODES = [
  'Exit status: 0 success, 1 other (internal, store file, server error), 2 usage or invalid DSN,',
  '3 credentials (AWS, MFA, signing, missing password), 4 network or TLS, 5 the database refused',
  'the login, 130 interrupted.',
];

const TOPICS: Record<CommandName, string[]> = {
  list: [
    'Usage: iam-dsn list [--json] [--store PATH | --file DSN.json]',
    '',
    'Lists the saved DSNs (never a secret). --json prints them as the app holds them.',
    '',
    '  --json            print a JSON array instead of a table',
    '  --store PATH      read this store file instead of the app\'s',
    '  --file DSN.json   show (and validate) one DSN JSON file',
  ],
  token: [
    'Usage: iam-dsn token (NAME | --file DSN.json) [--store PATH]',
    '',
    'Signs a fresh IAM authentication token and prints only the token on stdout, its expiry on',
    'stderr:  PGPASSWORD="$(iam-dsn token prod)" psql "$(iam-dsn export prod --format uri)"',
    '',
    ...SOURCE,
  ],
  test: [
    'Usage: iam-dsn test (NAME | --file DSN.json) [--store PATH] [--json] [--accept-host-key SHA256:…]',
    '',
    'Tests the connection like the app\'s Test connection button: phases with timings, what the',
    'server said, or the error with a hint. The exit status tells the kind of failure.',
    'A DSN with an SSH tunnel goes through its bastion (ssh-agent from SSH_AUTH_SOCK; a bastion',
    'password from IAM_DSN_SSH_PASSWORD or a prompt; a key passphrase is asked).',
    '',
    '  --json            print the report object exactly as the app\'s window receives it',
    '  --accept-host-key SHA256:…   accept this bastion host key fingerprint without asking',
    '                    (without a terminal an unknown key is otherwise refused, exit 4)',
    ...SOURCE,
  ],
  export: [
    'Usage: iam-dsn export (NAME | --file DSN.json) --format FORMAT [--with-token | --with-password]',
    '',
    'Prints the connection string on stdout; notes go to stderr. Without --with-token an IAM',
    'export makes its own token where it is used.',
    '',
    `  --format, -f FORMAT   one of: ${EXPORT_FORMATS.join(', ')}`,
    '  --with-token          embed a freshly signed token (IAM; valid 15 minutes)',
    '  --with-password       embed the database password (PGPASSWORD or a prompt)',
    ...SOURCE,
  ],
  import: [
    'Usage: iam-dsn import ("CONNECTION STRING" | --stdin) [--name NAME]',
    '',
    'Reads a libpq URI or keyword/value string, an ODBC string, a JDBC URL, psql/env export lines',
    'or the JSON export, and prints a DSN JSON on stdout (use it with --file). What was recognised,',
    'ignored or left at the defaults goes to stderr. A password or token in the string is not kept.',
    'Nothing is saved, connected or run. A malformed string exits 2, naming the part.',
    '',
    '  --stdin           read the string from stdin (keeps it out of the process list and history)',
    '  --name NAME       the DSN\'s name (default: user@server)',
  ],
  refresh: [
    'Usage: iam-dsn refresh (NAME | --file DSN.json) (--pgpass FILE | --password-file FILE) [--every SECONDS]',
    '',
    'Keeps a token file fresh until stopped with Ctrl-C or SIGTERM (exit 0; the file keeps the last',
    'token): signs a new IAM token before the old one expires (at 80% of the DSN\'s token expiration,',
    'at most 12 minutes) and replaces the file atomically, readable by you only. Prints one status',
    'line per refresh on stderr, never the token. Failures are retried with backoff; a first failure exits.',
    '',
    '  --pgpass FILE          keep the DSN\'s line of a .pgpass file (host = server name, port = the',
    '                         port psql connects to); other lines stay as they are. FILE must be',
    '                         chmod 600. Use it as ~/.pgpass or with PGPASSFILE=FILE.',
    '  --password-file FILE   write the token and a newline only: PGPASSWORD="$(cat FILE)" psql …',
    '  --every SECONDS        refresh at least this often (1–720)',
    ...SOURCE,
  ],
};

/** On Windows libpq reads %APPDATA%\postgresql\pgpass.conf and no file mode counts: say so there. */
const WINDOWS_PGPASS = [
  '  --pgpass FILE          keep the DSN\'s line of a .pgpass file (host = server name, port = the',
  '                         port psql connects to); other lines stay as they are. ~/.pgpass means',
  '                         libpq\'s own file, %APPDATA%\\postgresql\\pgpass.conf; or use PGPASSFILE=FILE.',
];

/** A command's lines on `platform`. */
function topicLines(topic: CommandName, platform: NodeJS.Platform): string[] {
  const lines = TOPICS[topic];
  if (topic !== 'refresh' || platform !== 'win32') return lines;
  const at = lines.findIndex((l) => l.startsWith('  --pgpass FILE'));
  return [...lines.slice(0, at), ...WINDOWS_PGPASS, ...lines.slice(at + 3)];
}

/** The help text for a command, or the overview, as it applies on `platform`. Ends with a newline. */
export function helpText(topic: CommandName | undefined, version: string, platform: NodeJS.Platform = process.platform): string {
  if (topic !== undefined) return [...topicLines(topic, platform), '', ...SECRETS, '', ...EXIT_CODES, ''].join('\n');
  return [
    `iam-dsn ${version}: the IAM DSN Manager's DSNs on the command line (Amazon RDS / Aurora PostgreSQL).`,
    '',
    'Usage: iam-dsn <command> [options]',
    '',
    'Commands:',
    '  list                          list the saved DSNs',
    '  token NAME                    print a fresh IAM token (stdout) and its expiry (stderr)',
    '  test NAME [--json]            test the connection, with a diagnosis',
    '  export NAME --format FORMAT   print a connection string',
    '  import "STRING" | --stdin     read a connection string into a DSN JSON',
    '  refresh NAME --pgpass FILE    keep a .pgpass line (or --password-file FILE) fresh until stopped',
    '',
    'list, token, test, export and refresh take --file DSN.json instead of NAME, and --store PATH for another store file.',
    'Run `iam-dsn <command> --help` for a command\'s options.',
    '',
    ...SECRETS,
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}
