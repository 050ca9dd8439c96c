/**
 * ODBC connection strings: the AWS ODBC Driver for PostgreSQL (aws-pgsql-odbc, which signs IAM
 * tokens itself) and the community psqlODBC driver (which ignores the AWS keys and needs the token
 * as the password).
 *
 * Keys of the AWS driver, from aws-pgsql-odbc docs/using-the-aws-driver/authentication/iam_authentication.md:
 * `AuthType` (`iam`/`database`, case-insensitive), `Server`, `Port`, `UserName`, `IamHost`, `Region`,
 * `Database`, `SSLMode`, `TokenExpiration`; driver names from docs/getting_started.md.
 *
 * How psqlODBC (and the AWS driver, its fork) reads the string, checked against the installed driver:
 * keys are case-insensitive; a value runs to the next `;`; braces `{…}` (with `}}` for `}`) are
 * removed only from `Password`/`PWD` and `pqopt`, so `Database`/`Username` must be plain: a value
 * that holds `;` or starts with `{` goes through `pqopt` (libpq keyword/value options, which may not
 * repeat an ordinary option) instead.
 */
import type { Dsn } from '../dsn';
import type { ExportOutput } from '../export-types';
import { signingHost } from '../host';
import { clientSslMode, embeddedNote, embeddedSecret, type ExportOptions, libpqSslNotes, libpqTunnelNotes, planSecret, stripBrackets, testedSslMode, tunnelPlan } from './common';
import { recipeCommand, staticKeysNote, toolCredentialNotes } from './credentials';
import { odbcBraced, quoteKeywordValue } from './quoting';

/** The AWS driver's name as its installers register it (Unicode variant). */
export const AWS_ODBC_DRIVER = 'AWS Unicode ODBC Driver for PostgreSQL';
/** The community driver's name in Debian/Ubuntu's odbcinst.ini (Windows adds "(x64)" on 64-bit). */
export const COMMUNITY_ODBC_DRIVER = 'PostgreSQL Unicode';

/** True when psqlODBC can read the value after `Key=` as is. */
function plainOdbcValue(value: string): boolean {
  return !value.includes(';') && !value.startsWith('{');
}

/** `pqopt={…}` from libpq options, or `undefined` when there are none. */
function pqopt(options: Array<[string, string | undefined]>): string | undefined {
  const kv = options
    .filter((o): o is [string, string] => o[1] !== undefined)
    .map(([k, v]) => `${k}=${quoteKeywordValue(v)}`)
    .join(' ');
  return kv === '' ? undefined : `pqopt=${odbcBraced(kv)}`;
}

function join(parts: Array<string | undefined>): string {
  return parts.filter((p): p is string => p !== undefined).join(';');
}

function timeoutNote(dsn: Dsn, notes: string[]): void {
  notes.push(
    `Connect timeout: set the application's ODBC login timeout to ${dsn.connectTimeoutSeconds} s (psqlODBC refuses connect_timeout in pqopt when the application sets one).`,
  );
}

/** The `odbc` export: the AWS ODBC Driver for PostgreSQL, which signs IAM tokens itself. */
export function exportOdbc(dsn: Dsn, options: ExportOptions): ExportOutput {
  const notes: string[] = [];
  const plan = planSecret(dsn, options, notes);
  const t = tunnelPlan(dsn);
  const dbPlain = plainOdbcValue(dsn.database);
  const userPlain = plainOdbcValue(dsn.user);
  const iam = dsn.authType === 'iam';
  const password = iam ? undefined : embeddedSecret(plan);
  // With IAM the driver signs for IamHost, so Server may be the tunnel; with database
  // authentication Server stays the server (TLS name) and hostaddr carries an IP tunnel, as in libpq.
  const text = join([
    `Driver={${AWS_ODBC_DRIVER}}`,
    `Server=${iam ? t.host : stripBrackets(dsn.server)}`,
    `Port=${t.port}`,
    dbPlain ? `Database=${dsn.database}` : undefined,
    userPlain ? `UserName=${dsn.user}` : undefined,
    `AuthType=${iam ? 'IAM' : 'database'}`,
    iam ? `Region=${dsn.region}` : undefined,
    `SSLMode=${clientSslMode(dsn, iam ? t.host : dsn.server, 'the driver', notes)}`,
    iam ? `TokenExpiration=${dsn.tokenExpirationSeconds}` : undefined,
    iam ? `IamHost=${signingHost(dsn.server)}` : undefined,
    pqopt([
      ['hostaddr', iam ? undefined : t.hostaddr],
      ['dbname', dbPlain ? undefined : dsn.database],
      ['user', userPlain ? undefined : dsn.user],
      ['sslrootcert', dsn.caBundlePath !== '' ? dsn.caBundlePath : undefined],
    ]),
    password !== undefined ? `Password=${odbcBraced(password)}` : undefined,
  ]);
  if (iam) {
    notes.push(`The AWS ODBC driver signs a fresh IAM token for ${stripBrackets(dsn.server)} (IamHost) with the default AWS credentials; no token is included.`);
    toolCredentialNotes(dsn, plan.profile, notes, 'the AWS ODBC driver', `Start the application with AWS_PROFILE=${plan.profile ?? ''} so the driver signs with that profile.`);
    if (options.secret?.kind === 'token') notes.push('The token given was not embedded: the driver makes its own.');
    if (t.via && t.port !== dsn.port) {
      notes.push(
        `The AWS ODBC driver documents no separate port for signing: it signs for IamHost and Port (${t.port}), but the server checks ${dsn.port}. Make the tunnel listen on local port ${dsn.port}, or use the odbc-community format with a token.`,
      );
    }
    if (!userPlain) notes.push('UserName holds ";" or starts with "{", which the driver cannot read: the token would be signed for an empty user. Use another format.');
    notes.push('The community psqlODBC driver ignores AuthType, Region, IamHost and TokenExpiration: use the odbc-community format with it.');
  } else {
    embeddedNote(plan, notes);
    if (password === undefined) notes.push('No password is included: add Password={…} (with each } doubled) or let the application ask.');
    libpqTunnelNotes(dsn, notes);
  }
  timeoutNote(dsn, notes);
  return { format: 'odbc', text, containsSecret: password !== undefined, tokenExpiresAt: undefined, notes };
}

/** The `odbc-community` export: psqlODBC, with the token (or password) as `Password`. */
export function exportOdbcCommunity(dsn: Dsn, options: ExportOptions): ExportOutput {
  const notes: string[] = [];
  const plan = planSecret(dsn, options, notes);
  const t = tunnelPlan(dsn);
  const dbPlain = plainOdbcValue(dsn.database);
  const userPlain = plainOdbcValue(dsn.user);
  const secret = embeddedSecret(plan);
  const text = join([
    `Driver={${COMMUNITY_ODBC_DRIVER}}`,
    `Servername=${stripBrackets(dsn.server)}`,
    `Port=${t.port}`,
    dbPlain ? `Database=${dsn.database}` : undefined,
    userPlain ? `Username=${dsn.user}` : undefined,
    `SSLmode=${testedSslMode(dsn)}`,
    pqopt([
      ['hostaddr', t.hostaddr],
      ['dbname', dbPlain ? undefined : dsn.database],
      ['user', userPlain ? undefined : dsn.user],
      ['sslrootcert', dsn.caBundlePath !== '' ? dsn.caBundlePath : undefined],
    ]),
    secret !== undefined ? `Password=${odbcBraced(secret)}` : undefined,
  ]);
  if (plan.mode === 'recipe') {
    notes.push(
      `psqlODBC cannot sign IAM tokens: put a fresh token in Password={…} (each } doubled) before connecting. Make one with: ${recipeCommand(dsn, plan.profile)} — it lasts 15 minutes.`,
    );
    staticKeysNote(dsn, notes, 'the AWS CLI');
  }
  if (plan.mode === 'none') notes.push('No password is included: add Password={…} (with each } doubled) or let the application ask.');
  embeddedNote(plan, notes);
  libpqTunnelNotes(dsn, notes);
  libpqSslNotes(dsn, notes);
  notes.push(`The driver name is the one in odbcinst.ini: "${COMMUNITY_ODBC_DRIVER}" on Debian and Ubuntu, "PostgreSQL Unicode(x64)" with the 64-bit Windows installer.`);
  timeoutNote(dsn, notes);
  return { format: 'odbc-community', text, containsSecret: secret !== undefined, tokenExpiresAt: plan.mode === 'embedded' ? plan.expiresAt : undefined, notes };
}
