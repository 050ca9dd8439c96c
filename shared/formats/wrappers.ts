/**
 * Exports for the AWS Advanced wrappers: a JDBC URL for aws-advanced-jdbc-wrapper and a Python
 * snippet for aws-advanced-python-wrapper. With IAM the wrapper signs its own tokens, so no token
 * is ever embedded; with database authentication the plain driver is used.
 *
 * Parameter names are those of the wrappers' documentation pages:
 * - aws-advanced-jdbc-wrapper, docs/using-the-jdbc-driver/using-plugins/UsingTheIamAuthenticationPlugin.md
 *   ("AWS IAM Authentication Plugin": plugin code `iam` in `wrapperPlugins`; `iamDefaultPort`,
 *   `iamHost`, `iamRegion`, `iamExpiration`) and docs/using-the-jdbc-driver/UsingTheJdbcDriver.md
 *   (`wrapperPlugins`, `jdbc:aws-wrapper:postgresql://` URLs).
 * - aws-advanced-python-wrapper, docs/using-the-python-driver/using-plugins/UsingTheIamAuthenticationPlugin.md
 *   (plugin code `iam` in `plugins`; `iam_default_port`, `iam_host`, `iam_region`, `iam_expiration`)
 *   and docs/using-the-python-driver/UsingThePythonDriver.md (`AwsWrapperConnection.connect(psycopg.Connection.connect, …)`).
 * - pgjdbc's connection parameters: `user`, `password`, `sslmode`, `sslrootcert`, `connectTimeout`.
 */
import type { Dsn } from '../dsn';
import { signingHost } from '../host';
import type { ExportOutput } from '../export-types';
import { clientSslMode, embeddedNote, embeddedSecret, type ExportOptions, isIpv6Literal, planSecret, type SecretPlan, stripBrackets, tunnelPlan } from './common';
import { toolCredentialNotes } from './credentials';
import { libpqNotes, libpqParams } from './libpq';
import { codeString, percentEncode } from './quoting';

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The wrapper by name, and what it needs besides itself. */
interface Wrapper {
  name: string;
  needs: string;
}

function wrapperNotes(dsn: Dsn, plan: SecretPlan, options: ExportOptions, notes: string[], wrapper: Wrapper, profileHint: string): void {
  if (dsn.authType === 'iam') {
    notes.push(`${capitalise(wrapper.name)} (${wrapper.needs}) signs a fresh IAM token for each connection with the AWS credentials of the process; no token is included.`);
    if (options.secret?.kind === 'token') notes.push('The token given was not embedded: the wrapper makes its own.');
    toolCredentialNotes(dsn, plan.profile, notes, wrapper.name, profileHint);
    const t = tunnelPlan(dsn);
    if (t.via) {
      notes.push(
        `Connects to ${t.host} port ${t.port}; the token is signed for ${dsn.server}:${dsn.port} (iam host and default port). Older wrapper releases used the URL's port over the default port: use a current release when the ports differ.`,
      );
    }
  }
}

/** The `jdbc` export: an aws-advanced-jdbc-wrapper URL (IAM) or a pgjdbc URL (database auth). */
export function exportJdbc(dsn: Dsn, options: ExportOptions): ExportOutput {
  const notes: string[] = [];
  const plan = planSecret(dsn, options, notes);
  const t = tunnelPlan(dsn);
  const host = isIpv6Literal(t.host) ? `[${stripBrackets(t.host)}]` : t.host;
  const params: Array<[string, string | undefined]> = [];
  if (dsn.authType === 'iam') {
    params.push(
      ['wrapperPlugins', 'iam'],
      ['user', dsn.user],
      ['iamRegion', dsn.region],
      ['iamHost', signingHost(dsn.server)],
      ['iamDefaultPort', String(dsn.port)],
      ['iamExpiration', String(dsn.tokenExpirationSeconds)],
    );
  } else {
    params.push(['user', dsn.user], ['password', embeddedSecret(plan)]);
  }
  const sslmode = clientSslMode(dsn, t.host, 'pgjdbc', notes);
  params.push(
    ['sslmode', sslmode],
    ['sslrootcert', dsn.caBundlePath !== '' ? dsn.caBundlePath : undefined],
    ['connectTimeout', String(dsn.connectTimeoutSeconds)],
  );
  const query = params
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${percentEncode(v)}`)
    .join('&');
  const prefix = dsn.authType === 'iam' ? 'jdbc:aws-wrapper:postgresql' : 'jdbc:postgresql';
  const text = `${prefix}://${host}:${t.port}/${percentEncode(dsn.database)}?${query}`;
  const wrapper = { name: 'the AWS Advanced JDBC Wrapper', needs: 'with pgjdbc and the AWS SDK for Java v2 rds module on the classpath' };
  wrapperNotes(dsn, plan, options, notes, wrapper, `Run the JVM with AWS_PROFILE=${plan.profile ?? ''} (or -Daws.profile=${plan.profile ?? ''}) so the wrapper signs with that profile.`);
  if (sslmode === 'verify-full') notes.push(`sslmode=verify-full: the server certificate must chain to ${dsn.caBundlePath} and name ${dsn.server}, as the app's test checks it.`);
  if (dsn.authType === 'database') {
    notes.push('A plain PostgreSQL JDBC (pgjdbc) URL: database authentication needs no wrapper.');
    if (t.via) notes.push(`Connects to ${t.host} port ${t.port}; pgjdbc has no hostaddr, so TLS sees ${t.host}.`);
  }
  if (!/^[A-Za-z0-9_.~-]*$/.test(dsn.database)) {
    notes.push('The database name is percent-encoded in the URL path; if a tool does not decode it, set the DATABASE property instead.');
  }
  if (dsn.authType === 'database') embeddedNote(plan, notes);
  const containsSecret = dsn.authType === 'database' && embeddedSecret(plan) !== undefined;
  return { format: 'jdbc', text, containsSecret, tokenExpiresAt: undefined, notes };
}

/** The `python` export: an aws-advanced-python-wrapper snippet (IAM) or a psycopg one (database auth). */
export function exportPython(dsn: Dsn, options: ExportOptions): ExportOutput {
  if (dsn.authType === 'database') return exportPsycopg(dsn, options);
  const notes: string[] = [];
  const plan = planSecret(dsn, options, notes);
  const t = tunnelPlan(dsn);
  const args: Array<[string, string]> = [
    ['host', codeString(t.host)],
    ['port', String(t.port)],
    ['dbname', codeString(dsn.database)],
    ['user', codeString(dsn.user)],
    ['plugins', codeString('iam')],
    ['iam_region', codeString(dsn.region)],
    ['iam_host', codeString(signingHost(dsn.server))],
    ['iam_default_port', String(dsn.port)],
    ['iam_expiration', String(dsn.tokenExpirationSeconds)],
    ['sslmode', codeString(clientSslMode(dsn, t.host, 'libpq (under psycopg)', notes))],
  ];
  if (dsn.caBundlePath !== '') args.push(['sslrootcert', codeString(dsn.caBundlePath)]);
  args.push(['connect_timeout', String(dsn.connectTimeoutSeconds)]);
  const lines = ['# pip install aws-advanced-python-wrapper "psycopg[binary]" boto3'];
  const setProfile = plan.profile !== undefined && dsn.assumeRole === undefined;
  if (setProfile) lines.push('import os');
  lines.push('import psycopg', 'from aws_advanced_python_wrapper import AwsWrapperConnection', '');
  if (setProfile) lines.push(`os.environ["AWS_PROFILE"] = ${codeString(plan.profile ?? '')}  # boto3 signs the token with this profile`, '');
  lines.push('conn = AwsWrapperConnection.connect(', '    psycopg.Connection.connect,', ...args.map(([k, v]) => `    ${k}=${v},`), ')');
  wrapperNotes(dsn, plan, options, notes, { name: 'the AWS Advanced Python Wrapper', needs: 'with boto3' }, `The snippet sets AWS_PROFILE=${plan.profile ?? ''} for boto3, which signs the token.`);
  notes.push('The wrappers accept an RDS endpoint name as iam_host; a custom name (CNAME) is refused.');
  return { format: 'python', text: lines.join('\n'), containsSecret: false, tokenExpiresAt: undefined, notes };
}

/** Database authentication in Python: psycopg with libpq's own parameters (hostaddr included). */
function exportPsycopg(dsn: Dsn, options: ExportOptions): ExportOutput {
  const { notes, secret } = libpqNotes(dsn, options);
  const numeric = new Set(['port', 'connect_timeout']);
  const args = libpqParams(dsn, secret).map(([k, v]) => `    ${k}=${numeric.has(k) ? v : codeString(v)},`);
  const text = ['# pip install "psycopg[binary]"', 'import psycopg', '', 'conn = psycopg.connect(', ...args, ')'].join('\n');
  notes.push('Plain psycopg: database authentication needs no wrapper.');
  return { format: 'python', text, containsSecret: secret !== undefined, tokenExpiresAt: undefined, notes };
}
