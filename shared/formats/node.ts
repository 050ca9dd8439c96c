/**
 * The `node` export: a node-postgres snippet. With IAM, the password is a callback that signs a
 * token with @aws-sdk/rds-signer for the server's name and port on every new connection; TLS is
 * named for the server even through a tunnel.
 */
import type { Dsn } from '../dsn';
import type { ExportOutput } from '../export-types';
import { isIpAddress, signingHost } from '../host';
import { embeddedNote, embeddedSecret, type ExportOptions, planSecret, stripBrackets, testedSslMode, tunnelPlan } from './common';
import { staticKeysNote } from './credentials';
import { codeString } from './quoting';

/**
 * The `ssl` option of pg.Client that does what the app's test does, never weaker: TLS always for
 * IAM (and for require / prefer / allow, which node-postgres cannot express); with a CA bundle the
 * chain AND the server name are checked — through a tunnel too, by naming the server in
 * `servername` (Node checks the certificate against it). The name check is never switched off.
 */
function sslOption(dsn: Dsn, notes: string[]): string[] {
  const mode = testedSslMode(dsn);
  if (mode === 'disable') return ['  ssl: false,'];
  const t = tunnelPlan(dsn);
  const server = stripBrackets(dsn.server);
  // SNI and the certificate check use the server's name, not the tunnel's (pg sets it for host names).
  const servername = t.via && !isIpAddress(server) ? [`    servername: ${codeString(server)},`] : [];
  if (dsn.sslMode !== 'require' && dsn.authType === 'database') {
    notes.push(`node-postgres has no sslmode=${dsn.sslMode}: TLS is required here (never weaker than the DSN).`);
  }
  if (mode === 'verify-full') {
    notes.push(`The server certificate must chain to ${dsn.caBundlePath} and name ${dsn.server}, as the app's test checks it.`);
    return ['  ssl: {', `    ca: readFileSync(${codeString(dsn.caBundlePath)}, 'utf8'),`, ...servername, '  },'];
  }
  if (dsn.caBundlePath !== '') notes.push(`sslmode=${dsn.sslMode} does not verify certificates, so the CA bundle is not used.`);
  return ['  ssl: {', '    rejectUnauthorized: false, // encrypted; the certificate is not verified (set a CA bundle to verify it)', ...servername, '  },'];
}

/** The Signer's `credentials`: the DSN's role, assumed with its source credentials (and an MFA prompt). */
function roleCredentials(dsn: Dsn, profile: string | undefined): string[] {
  const role = dsn.assumeRole;
  if (role === undefined) return [];
  const params = [
    `      RoleArn: ${codeString(role.roleArn)},`,
    `      RoleSessionName: ${codeString(role.sessionName)},`,
    ...(role.externalId !== '' ? [`      ExternalId: ${codeString(role.externalId)},`] : []),
    `      DurationSeconds: ${role.durationSeconds},`,
    ...(role.mfaSerial !== '' ? [`      SerialNumber: ${codeString(role.mfaSerial)},`] : []),
  ];
  return [
    '  credentials: fromTemporaryCredentials({',
    ...(profile !== undefined ? [`    masterCredentials: fromIni({ profile: ${codeString(profile)} }),`] : []),
    '    params: {',
    ...params,
    '    },',
    ...(dsn.stsEndpoint !== '' ? [`    clientConfig: { region: ${codeString(dsn.region)}, endpoint: ${codeString(dsn.stsEndpoint)} },`] : []),
    ...(role.mfaSerial !== ''
      ? [
          '    mfaCodeProvider: async (serial) => {',
          '      const rl = createInterface({ input: process.stdin, output: process.stdout });',
          '      try { return await rl.question(`MFA code for ${serial}: `); } finally { rl.close(); }',
          '    },',
        ]
      : []),
    '  }),',
  ];
}

/** The `node` export. */
export function exportNode(dsn: Dsn, options: ExportOptions): ExportOutput {
  const notes: string[] = [];
  const plan = planSecret(dsn, options, notes);
  const t = tunnelPlan(dsn);
  const secret = embeddedSecret(plan);
  const signs = plan.mode === 'recipe';
  const ssl = sslOption(dsn, notes);
  const usesCa = ssl.some((l) => l.includes('readFileSync('));
  const lines = [`// npm install pg${signs ? ' @aws-sdk/rds-signer' : ''}  (ES module: save as .mjs)`];
  const role = signs ? dsn.assumeRole : undefined;
  if (usesCa) lines.push("import { readFileSync } from 'node:fs';");
  if (role?.mfaSerial) lines.push("import { createInterface } from 'node:readline/promises';");
  if (role !== undefined) lines.push(`import { ${plan.profile !== undefined ? 'fromIni, ' : ''}fromTemporaryCredentials } from '@aws-sdk/credential-providers';`);
  if (signs) lines.push("import { Signer } from '@aws-sdk/rds-signer';");
  lines.push("import pg from 'pg';", '');
  if (signs) {
    lines.push(
      '// Signs a fresh IAM token (valid 15 minutes) for each new connection.',
      'const signer = new Signer({',
      `  hostname: ${codeString(signingHost(dsn.server))},`,
      `  port: ${dsn.port},`,
      `  region: ${codeString(dsn.region)},`,
      `  username: ${codeString(dsn.user)},`,
      ...(role !== undefined ? roleCredentials(dsn, plan.profile) : plan.profile !== undefined ? [`  profile: ${codeString(plan.profile)},`] : []),
      '});',
      '',
    );
  }
  let password: string[] = [];
  if (signs) password = ['  password: () => signer.getAuthToken(),'];
  else if (secret !== undefined) password = [`  password: ${codeString(secret)},`];
  lines.push(
    'const client = new pg.Client({',
    `  host: ${codeString(t.host)},${t.via ? ' // connect via' : ''}`,
    `  port: ${t.port},`,
    `  database: ${codeString(dsn.database)},`,
    `  user: ${codeString(dsn.user)},`,
    ...password,
    ...ssl,
    `  connectionTimeoutMillis: ${dsn.connectTimeoutSeconds * 1000},`,
    '});',
    'await client.connect();',
  );
  if (signs) {
    staticKeysNote(dsn, notes, 'node');
    notes.push(
      `The token is signed for ${dsn.server}:${dsn.port} with ${plan.profile !== undefined ? `the profile ${plan.profile}` : 'the default AWS credentials'}; no secret is included.`,
    );
  }
  if (plan.mode === 'none') notes.push('No password is included: node-postgres reads PGPASSWORD or ~/.pgpass.');
  if (t.via) notes.push(`Connects through ${t.host} port ${t.port}.`);
  embeddedNote(plan, notes);
  return { format: 'node', text: lines.join('\n'), containsSecret: secret !== undefined, tokenExpiresAt: plan.mode === 'embedded' ? plan.expiresAt : undefined, notes };
}
