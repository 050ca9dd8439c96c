/** What `npm run sandbox` prints once it is ready: the facts (`--json`) and the instructions (text). */
import type { Dsn } from '../shared/dsn';
import { type SandboxFiles, SANDBOX_PROFILE, shellQuote } from './sandbox-files';

/** The `--json` line: everything a script needs to connect, and what the sandbox removes at the end. Never a secret. */
export interface SandboxFacts {
  ready: true;
  pid: number;
  /** The folder holding the files below. */
  dir: string;
  profile: typeof SANDBOX_PROFILE;
  /** Export these (or source files.env) before using the profile. */
  env: { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string };
  files: { dsn: string; awsConfig: string; awsCredentials: string; ca: string; env: string };
  dsn: Dsn;
  /** The role the loopback STS lets the profile assume (try "Assume a role" in the app). */
  roleArn: string;
  /** When the server certificate expires (the fixture makes it valid for two days). */
  certificateValidUntil: string;
  commands: { env: string; test: string; token: string; psql: string; whoami: string };
  /** For cleanup checks: the fixture's own temp dir, its PAM service file and the server's real port. */
  internals: { fixtureDir: string; pamServiceFile: string; serverPort: number };
}

export interface FactsInput {
  files: SandboxFiles;
  roleArn: string;
  certificateValidUntil: string;
  internals: SandboxFacts['internals'];
  /** The built CLI (out/cli/iam-dsn.js). */
  cliBundle: string;
}

/** A libpq keyword value, quoted when it needs to be. */
function conninfoValue(value: string): string {
  return /^[^\s'\\]+$/.test(value) ? value : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function sandboxFacts(input: FactsInput): SandboxFacts {
  const { files } = input;
  const dsn = files.dsnValue;
  const tokenCommand = [
    'aws rds generate-db-auth-token',
    `--profile ${SANDBOX_PROFILE}`,
    `--hostname ${dsn.server}`,
    `--port ${dsn.port}`,
    `--region ${dsn.region}`,
    `--username ${dsn.user}`,
  ].join(' ');
  const conninfo = [
    `host=${dsn.server}`,
    `hostaddr=${dsn.connectViaHost}`,
    `port=${dsn.connectViaPort ?? dsn.port}`,
    `dbname=${dsn.database}`,
    `user=${dsn.user}`,
    'sslmode=verify-full',
    `sslrootcert=${conninfoValue(files.ca)}`,
  ].join(' ');
  return {
    ready: true,
    pid: process.pid,
    dir: files.dir,
    profile: SANDBOX_PROFILE,
    env: { AWS_CONFIG_FILE: files.awsConfig, AWS_SHARED_CREDENTIALS_FILE: files.awsCredentials },
    files: { dsn: files.dsn, awsConfig: files.awsConfig, awsCredentials: files.awsCredentials, ca: files.ca, env: files.env },
    dsn,
    roleArn: input.roleArn,
    certificateValidUntil: input.certificateValidUntil,
    commands: {
      env: `export AWS_CONFIG_FILE=${shellQuote(files.awsConfig)} AWS_SHARED_CREDENTIALS_FILE=${shellQuote(files.awsCredentials)}`,
      test: `node ${shellQuote(input.cliBundle)} test --file ${shellQuote(files.dsn)}`,
      token: tokenCommand,
      psql: `PGPASSWORD="$(${tokenCommand})" psql ${shellQuote(conninfo)}`,
      whoami: `aws sts get-caller-identity --profile ${SANDBOX_PROFILE}`,
    },
    internals: input.internals,
  };
}

/** The instructions a new user reads once the sandbox is up. */
export function sandboxInstructions(facts: SandboxFacts, keyIdMasked: string): string {
  const { dsn, files } = facts;
  const via = `${dsn.connectViaHost}:${dsn.connectViaPort ?? dsn.port}`;
  const fields: [string, string][] = [
    ['Name', dsn.name],
    ['Authentication', 'IAM token'],
    ['Server', dsn.server],
    ['Port', String(dsn.port)],
    ['User name', dsn.user],
    ['Database', dsn.database],
    ['Region', dsn.region],
    ['SSL mode', dsn.sslMode],
    ['Credential source', `Named profile → Profile name ${SANDBOX_PROFILE}`],
    ['Advanced → STS endpoint', dsn.stsEndpoint],
    ['Advanced → Connect via host', dsn.connectViaHost],
    ['Advanced → Connect via port', String(dsn.connectViaPort ?? dsn.port)],
    ['Advanced → CA bundle path', dsn.caBundlePath],
  ];
  const width = Math.max(...fields.map(([label]) => label.length));
  return [
    '',
    'IAM DSN sandbox is running: PostgreSQL 15 that checks AWS IAM tokens like RDS (TLS, PAM, SigV4).',
    'No AWS account is used and nothing leaves 127.0.0.1; the keys are invented and work only here.',
    '',
    `  Server (endpoint)  ${dsn.server} port ${dsn.port}  (.invalid: never resolves)`,
    `  Connect via        ${via}`,
    `  User / database    ${dsn.user} / ${dsn.database}, region ${dsn.region}`,
    `  AWS profile        ${SANDBOX_PROFILE} (key ${keyIdMasked}), in ${files.awsConfig} + ${files.awsCredentials}`,
    `  STS endpoint       ${dsn.stsEndpoint} (role to try: ${facts.roleArn})`,
    `  CA bundle          ${files.ca} (server certificate valid until ${facts.certificateValidUntil})`,
    `  DSN JSON           ${files.dsn}`,
    '',
    '1. In every shell you use with it, point the AWS tools at the sandbox profile',
    '   (your own ~/.aws files are not read or changed):',
    '',
    `     export AWS_CONFIG_FILE=${shellQuote(files.awsConfig)}`,
    `     export AWS_SHARED_CREDENTIALS_FILE=${shellQuote(files.awsCredentials)}`,
    '',
    `   or: . ${shellQuote(files.env)}`,
    '',
    '2. Test connection from the command line (build the CLI once with `npm run build`):',
    '',
    `     ${facts.commands.test}`,
    `     (or \`iam-dsn test --file ${shellQuote(files.dsn)}\` after \`npm link\`)`,
    '',
    '3. Connect with psql, the token made by the real aws CLI:',
    '',
    `     ${facts.commands.psql}`,
    '',
    `   \`${facts.commands.whoami}\` answers from the sandbox's STS.`,
    '',
    '4. In the app: start it from a shell with the two exports (`npm start`), press New DSN, fill in',
    '   the values below (the same as in the DSN JSON), Save, then Test connection:',
    '',
    ...fields.map(([label, value]) => `     ${label.padEnd(width)}  ${value}`),
    '',
    `   To try "Assume a role": tick it, Role ARN ${facts.roleArn}, any session name.`,
    '',
    'Press Ctrl-C to stop: the server, its PAM file and the files above are removed.',
    '',
  ].join('\n');
}
