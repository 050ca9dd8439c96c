/**
 * Where an exported string gets its AWS credentials: the token recipe (AWS CLI v2) for the shell
 * and libpq formats, and notes for the tools that sign with their own credential chain. A DSN may
 * name a profile, use keys stored in this app (never exported), and assume a role on top.
 */
import type { Dsn } from '../dsn';
import { signingHost } from '../host';
import type { SecretPlan } from './common';
import { shellQuote } from './quoting';

/** `--name value`, or `--name=value` when the value starts with `-` (so the CLI cannot take it for an option). */
function opt(name: string, value: string): string[] {
  return value.startsWith('-') ? [`${name}=${value}`] : [name, value];
}

/**
 * `aws rds generate-db-auth-token …` as argv. The token is always signed for the server's own name
 * and port, never for the tunnel.
 */
export function recipeArgv(dsn: Dsn, profile: string | undefined): string[] {
  return [
    'aws',
    'rds',
    'generate-db-auth-token',
    ...opt('--hostname', signingHost(dsn.server)),
    ...opt('--port', String(dsn.port)),
    ...opt('--region', dsn.region),
    ...opt('--username', dsn.user),
    ...(profile !== undefined && profile !== '' ? opt('--profile', profile) : []),
  ];
}

/** `aws sts assume-role …` as argv, printing the key id, secret key and session token on one line. */
export function assumeRoleArgv(dsn: Dsn, profile: string | undefined): string[] {
  const role = dsn.assumeRole;
  if (role === undefined) return [];
  return [
    'aws',
    'sts',
    'assume-role',
    ...opt('--role-arn', role.roleArn),
    ...opt('--role-session-name', role.sessionName),
    ...(role.externalId !== '' ? opt('--external-id', role.externalId) : []),
    ...opt('--duration-seconds', String(role.durationSeconds)),
    ...(role.mfaSerial !== '' ? opt('--serial-number', role.mfaSerial) : []),
    ...(profile !== undefined && profile !== '' ? opt('--profile', profile) : []),
    ...(dsn.stsEndpoint !== '' ? opt('--endpoint-url', dsn.stsEndpoint) : []),
    // As the app's own STS call: the DSN's region (the CLI refuses an endpoint URL without one).
    ...(dsn.region !== '' ? opt('--region', dsn.region) : []),
    '--query',
    'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]',
    '--output',
    'text',
  ];
}

/**
 * The token recipe as POSIX shell text (bash, zsh, sh), to be used inside `"$(…)"`. With a role to
 * assume, it first gets the role's temporary keys (prompting on the terminal for an MFA code when
 * the role needs one) and signs with them.
 */
export function recipeCommand(dsn: Dsn, profile: string | undefined): string {
  const role = dsn.assumeRole;
  if (role === undefined) return recipeArgv(dsn, profile).map(shellQuote).join(' ');
  const mfa =
    role.mfaSerial !== ''
      ? ` --token-code "$(printf 'MFA code for %s: ' ${shellQuote(role.mfaSerial)} >/dev/tty; read -r m </dev/tty; printf '%s' "$m")"`
      : '';
  const sts = assumeRoleArgv(dsn, profile).map(shellQuote).join(' ') + mfa;
  const sign = recipeArgv(dsn, undefined).map(shellQuote).join(' ');
  return `set -- $(${sts}) && [ "$#" -eq 3 ] && AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3" ${sign}`;
}

/** Who signs, in words: "the profile dev", "the default credentials", … */
function signerWords(dsn: Dsn, profile: string | undefined): string {
  const source = profile !== undefined ? `the profile ${profile}` : 'the default credentials';
  return dsn.assumeRole !== undefined ? `the role ${dsn.assumeRole.roleArn}, assumed with ${source}` : source;
}

/** The note on credentials for a recipe. */
export function recipeCredentialNote(dsn: Dsn, plan: SecretPlan, notes: string[]): void {
  if (plan.mode !== 'recipe') return;
  notes.push(
    `No secret is included: the token is generated where the string is used, by AWS CLI v2 with ${signerWords(dsn, plan.profile)} (the identity needs rds-db:connect). A token lasts 15 minutes; only the start of a connection needs it.`,
  );
  staticKeysNote(dsn, notes, 'the AWS CLI');
  if (dsn.assumeRole?.mfaSerial) notes.push(`The role needs MFA: the recipe asks for a code from ${dsn.assumeRole.mfaSerial} on the terminal.`);
}

/** Keys stored in this app are never exported: say how the tool gets them. */
export function staticKeysNote(dsn: Dsn, notes: string[], tool: string): void {
  if (dsn.credentialSource.kind !== 'static') return;
  notes.push(
    `This DSN signs with the access key ${dsn.credentialSource.accessKeyId}, whose secret stays in this app: for ${tool}, set AWS_ACCESS_KEY_ID=${dsn.credentialSource.accessKeyId} and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for ASIA… keys) in its environment, or use a profile.`,
  );
}

/**
 * For tools that sign with their own AWS credential chain (the AWS wrappers and ODBC driver): how to
 * make them sign with the DSN's profile, keys or role.
 */
export function toolCredentialNotes(dsn: Dsn, profile: string | undefined, notes: string[], tool: string, profileHint: string): void {
  staticKeysNote(dsn, notes, tool);
  const role = dsn.assumeRole;
  if (role !== undefined) {
    const settings = [
      `role_arn = ${role.roleArn}`,
      profile !== undefined ? `source_profile = ${profile}` : dsn.credentialSource.kind === 'static' ? 'credential_source = Environment' : 'source_profile = default',
      `role_session_name = ${role.sessionName}`,
      ...(role.externalId !== '' ? [`external_id = ${role.externalId}`] : []),
      `duration_seconds = ${role.durationSeconds}`,
      ...(role.mfaSerial !== '' ? [`mfa_serial = ${role.mfaSerial}`] : []),
    ];
    notes.push(
      `This DSN assumes ${role.roleArn} before signing, which ${tool} does not do by itself: add a profile to ~/.aws/config — [profile dsn-role] ${settings.join('; ')} — and run it with AWS_PROFILE=dsn-role.` +
        (dsn.stsEndpoint !== '' ? ` For the STS endpoint, also set AWS_ENDPOINT_URL_STS=${dsn.stsEndpoint}.` : ''),
    );
  } else if (profile !== undefined) {
    notes.push(profileHint);
  }
}
