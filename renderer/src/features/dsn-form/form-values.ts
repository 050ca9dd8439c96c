/**
 * What the DSN form holds (strings and maybe-numbers, as typed) and how it maps to the
 * {@link DsnInput} the schema validates and IPC carries.
 */
import { assumeRoleSchema, credentialSourceSchema, defaultDsn, dsnFieldsSchema, type AuthType, type DsnEnvironment, type SavedDsn, type SslMode } from '../../../../shared/dsn';
import { formatJumpList, networkOf, parseJumpList, type SshAuthMethod } from '../../../../shared/network';
import { regionFromEndpoint } from '../../../../shared/region';

export type CredentialKind = 'default' | 'profile' | 'static';

/** The session name a new role assumption starts with. */
export const DEFAULT_ROLE_SESSION_NAME = 'iam-dsn-manager';
/** The role session duration a new role assumption starts with. */
export const DEFAULT_ROLE_DURATION_SECONDS = 3600;

/** The assume-role fields as typed. */
export interface AssumeRoleFormValues {
  roleArn: string;
  sessionName: string;
  externalId: string;
  durationSeconds: number | undefined;
  mfaSerial: string;
}

/** Which network the form's section shows. */
export type NetworkKind = 'direct' | 'connect-via' | 'ssh';

/** The SSH tunnel's fields as typed (connect via keeps today's connectViaHost/connectViaPort fields). */
export interface NetworkFormValues {
  kind: NetworkKind;
  host: string;
  port: number | undefined;
  user: string;
  auth: SshAuthMethod;
  identityFile: string;
  /** ProxyJump list as typed: `user@host:port, host2`. */
  jumpHosts: string;
  knownHostsFile: string;
  remoteHost: string;
  remotePort: number | undefined;
  localPort: number | undefined;
  keepAliveSeconds: number | undefined;
}

/** The form's values. Number fields are `undefined` when empty and `NaN` when not a number. */
export interface DsnFormValues {
  id: string | undefined;
  name: string;
  environment: DsnEnvironment;
  tags: string[];
  /** Not a field: the ★ in the editor's header and the library row. */
  favorite: boolean;
  authType: AuthType;
  server: string;
  port: number | undefined;
  user: string;
  database: string;
  region: string;
  sslMode: SslMode;
  tokenExpirationSeconds: number | undefined;
  /** Every kind's fields at once, so switching kinds keeps what was typed. */
  credentialSource: { kind: CredentialKind; profile: string; accessKeyId: string };
  /** Write-only (static keys): empty keeps the stored secret. */
  secretAccessKey: string;
  /** Write-only (static keys): empty keeps the stored token. */
  sessionToken: string;
  clearStaticKeys: boolean;
  assumeRoleEnabled: boolean;
  assumeRole: AssumeRoleFormValues;
  stsEndpoint: string;
  connectViaHost: string;
  connectViaPort: number | undefined;
  network: NetworkFormValues;
  /** Write-only (SSH password login): empty keeps the stored one. */
  sshPassword: string;
  clearSshPassword: boolean;
  caBundlePath: string;
  connectTimeoutSeconds: number | undefined;
  queryTimeoutSeconds: number | undefined;
  /** Write-only: empty keeps the stored password. */
  password: string;
  clearPassword: boolean;
}

/** Field paths the form shows; server field errors with other keys are shown above the form. */
export const FORM_FIELD_PATHS = [
  'name',
  'environment',
  'tags',
  'favorite',
  'authType',
  'server',
  'port',
  'user',
  'database',
  'region',
  'sslMode',
  'tokenExpirationSeconds',
  'credentialSource.kind',
  'credentialSource.profile',
  'credentialSource.accessKeyId',
  'secretAccessKey',
  'sessionToken',
  'clearStaticKeys',
  'assumeRoleEnabled',
  'assumeRole.roleArn',
  'assumeRole.sessionName',
  'assumeRole.externalId',
  'assumeRole.durationSeconds',
  'assumeRole.mfaSerial',
  'stsEndpoint',
  'connectViaHost',
  'connectViaPort',
  'network.kind',
  'network.host',
  'network.port',
  'network.user',
  'network.auth',
  'network.identityFile',
  'network.jumpHosts',
  'network.knownHostsFile',
  'network.remoteHost',
  'network.remotePort',
  'network.localPort',
  'network.keepAliveSeconds',
  'sshPassword',
  'clearSshPassword',
  'caBundlePath',
  'connectTimeoutSeconds',
  'queryTimeoutSeconds',
  'password',
  'clearPassword',
] as const;
export type FormFieldPath = (typeof FORM_FIELD_PATHS)[number];

export function isFormFieldPath(path: string): path is FormFieldPath {
  return (FORM_FIELD_PATHS as readonly string[]).includes(path);
}

/** Object-level error paths and the control that shows them. */
const SHOWN_ON: Record<string, FormFieldPath> = {
  credentialSource: 'credentialSource.kind',
  assumeRole: 'assumeRoleEnabled',
};

/** Form paths of nested errors shown on one field (a tag's error on the tags field). */
function collapsed(path: string): string {
  return /^tags\.\d+$/.test(path) ? 'tags' : path;
}

/** The form field an error path belongs to (`credentialSource` itself is shown on its kind select). */
export function formFieldFor(path: string): FormFieldPath | undefined {
  // Every jump host's error is shown on the one ProxyJump field; `network` itself on its kind.
  if (path.startsWith('network.jumpHosts')) return 'network.jumpHosts';
  if (path === 'network') return 'network.kind';
  const mapped = SHOWN_ON[path] ?? collapsed(path);
  return isFormFieldPath(mapped) ? mapped : undefined;
}

/** The form's starting values: a saved DSN, or the defaults of a new one. */
export function toFormValues(saved?: SavedDsn): DsnFormValues {
  const d = saved ?? defaultDsn();
  const source = d.credentialSource;
  const role = d.assumeRole;
  return {
    id: saved?.id,
    name: d.name,
    environment: d.environment,
    tags: [...d.tags],
    favorite: d.favorite,
    authType: d.authType,
    server: d.server,
    port: d.port,
    user: d.user,
    database: d.database,
    region: d.region,
    sslMode: d.sslMode,
    tokenExpirationSeconds: d.tokenExpirationSeconds,
    credentialSource: {
      kind: source.kind,
      profile: source.kind === 'profile' ? source.profile : '',
      accessKeyId: source.kind === 'static' ? source.accessKeyId : '',
    },
    secretAccessKey: '',
    sessionToken: '',
    clearStaticKeys: false,
    assumeRoleEnabled: role !== undefined,
    assumeRole: {
      roleArn: role?.roleArn ?? '',
      sessionName: role?.sessionName ?? DEFAULT_ROLE_SESSION_NAME,
      externalId: role?.externalId ?? '',
      durationSeconds: role?.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS,
      mfaSerial: role?.mfaSerial ?? '',
    },
    stsEndpoint: d.stsEndpoint,
    ...networkFormValues(d),
    sshPassword: '',
    clearSshPassword: false,
    caBundlePath: d.caBundlePath,
    connectTimeoutSeconds: d.connectTimeoutSeconds,
    queryTimeoutSeconds: d.queryTimeoutSeconds,
    password: '',
    clearPassword: false,
  };
}

/** The network section's values of a DSN: connect via in today's fields, the SSH tunnel in `network`. */
function networkFormValues(d: Parameters<typeof networkOf>[0]): Pick<DsnFormValues, 'connectViaHost' | 'connectViaPort' | 'network'> {
  const n = networkOf(d);
  const ssh = n.kind === 'ssh' ? n : undefined;
  return {
    connectViaHost: n.kind === 'connect-via' ? n.host : '',
    connectViaPort: n.kind === 'connect-via' ? n.port : undefined,
    network: {
      kind: n.kind,
      host: ssh?.host ?? '',
      port: ssh?.port ?? 22,
      user: ssh?.user ?? '',
      auth: ssh?.auth ?? 'agent',
      identityFile: ssh?.identityFile ?? '',
      jumpHosts: ssh?.jumpHosts === undefined ? '' : formatJumpList(ssh.jumpHosts),
      knownHostsFile: ssh?.knownHostsFile ?? '',
      remoteHost: ssh?.remoteHost ?? '',
      remotePort: ssh?.remotePort,
      localPort: ssh?.localPort,
      keepAliveSeconds: ssh?.keepAliveSeconds,
    },
  };
}

/** The SSH network in the schema's shape; empty optional fields are left out. */
function sshNetworkOf(v: DsnFormValues): Record<string, unknown> {
  const n = v.network;
  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  const jumps = parseJumpList(n.jumpHosts);
  const out: Record<string, unknown> = { kind: 'ssh', host: n.host.trim(), port: n.port, user: n.user.trim(), auth: n.auth };
  const optional: Record<string, unknown> = {
    identityFile: n.auth === 'key' ? text(n.identityFile) : undefined,
    jumpHosts: jumps.length > 0 ? jumps : undefined,
    knownHostsFile: text(n.knownHostsFile),
    remoteHost: text(n.remoteHost),
    remotePort: n.remotePort,
    localPort: n.localPort,
    keepAliveSeconds: n.keepAliveSeconds,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) out[key] = value;
  return out;
}

/** The network part of the candidate: today's connect-via pair, or `network` for an SSH tunnel. */
function networkCandidate(v: DsnFormValues): Record<string, unknown> {
  const kind = v.network.kind;
  if (kind === 'connect-via') return { connectViaHost: v.connectViaHost.trim(), connectViaPort: v.connectViaPort };
  if (kind === 'direct') return { connectViaHost: '' };
  const out: Record<string, unknown> = { connectViaHost: '', network: sshNetworkOf(v) };
  if (v.network.auth === 'password' && v.sshPassword !== '') out.sshPassword = v.sshPassword;
  if (v.clearSshPassword) out.clearSshPassword = true;
  return out;
}

/** A number input's text as a number: `undefined` when empty, `NaN` when not a plain decimal number. */
export function parseNumberInput(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
}

const isWhole = (n: number | undefined, min: number, max: number): n is number =>
  n !== undefined && Number.isInteger(n) && n >= min && n <= max;

/** The credential source object of the chosen kind, exactly in the schema's shape. */
function credentialSourceOf(v: DsnFormValues): Record<string, unknown> {
  const { kind, profile, accessKeyId } = v.credentialSource;
  if (kind === 'profile') return { kind, profile };
  if (kind === 'static') return { kind, accessKeyId: accessKeyId.trim() };
  return { kind: 'default' };
}

function assumeRoleOf(v: DsnFormValues): Record<string, unknown> {
  const r = v.assumeRole;
  return { roleArn: r.roleArn, sessionName: r.sessionName, externalId: r.externalId, durationSeconds: r.durationSeconds, mfaSerial: r.mfaSerial };
}

/** Write-only secrets of a static source: sent only when typed (or when asked to clear). */
function staticSecretsOf(v: DsnFormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.secretAccessKey !== '') out.secretAccessKey = v.secretAccessKey;
  if (v.sessionToken !== '') out.sessionToken = v.sessionToken;
  if (v.clearStaticKeys) out.clearStaticKeys = true;
  return out;
}

export interface CandidateOptions {
  /** The DSN as saved has a secret key or session token: a source other than static keys drops them. */
  hasStoredStaticKeys?: boolean;
}

/**
 * The object handed to the schema: the same shape as `DsnInput`, not yet validated. Fields that
 * do not apply to the chosen authentication are left out or reset, so a hidden field never
 * blocks a save: the other credential kinds' fields, the role unless "Assume a role" is ticked,
 * the password unless database auth, and (for database auth, where the IAM section is hidden)
 * invalid IAM-only values.
 */
export function toDsnInputCandidate(v: DsnFormValues, options: CandidateOptions = {}): Record<string, unknown> {
  const iam = v.authType === 'iam';
  const defaults = defaultDsn();
  const source = credentialSourceOf(v);
  const credentialSource = iam || credentialSourceSchema.safeParse(source).success ? source : { kind: 'default' };
  const role = v.assumeRoleEnabled ? assumeRoleOf(v) : undefined;
  const assumeRole = role !== undefined && (iam || assumeRoleSchema.safeParse(role).success) ? role : undefined;
  const staticKind = iam && credentialSource.kind === 'static';
  const stsEndpoint = v.stsEndpoint.trim();
  return {
    ...(v.id !== undefined ? { id: v.id } : {}),
    name: v.name,
    environment: v.environment,
    tags: v.tags,
    favorite: v.favorite,
    authType: v.authType,
    server: v.server.trim(),
    port: v.port,
    user: v.user,
    database: v.database,
    region: v.region.trim(),
    sslMode: v.sslMode,
    tokenExpirationSeconds:
      iam || isWhole(v.tokenExpirationSeconds, 1, defaults.tokenExpirationSeconds)
        ? v.tokenExpirationSeconds
        : defaults.tokenExpirationSeconds,
    credentialSource,
    ...(assumeRole !== undefined ? { assumeRole } : {}),
    stsEndpoint: iam || dsnFieldsSchema.shape.stsEndpoint.safeParse(stsEndpoint).success ? stsEndpoint : '',
    ...networkCandidate(v),
    caBundlePath: v.caBundlePath.trim(),
    connectTimeoutSeconds: v.connectTimeoutSeconds,
    queryTimeoutSeconds: v.queryTimeoutSeconds,
    ...(staticKind ? staticSecretsOf(v) : credentialSource.kind !== 'static' && options.hasStoredStaticKeys === true ? { clearStaticKeys: true } : {}),
    ...(!iam && typeof v.password === 'string' && v.password !== '' ? { password: v.password } : {}),
    ...(!iam && v.clearPassword ? { clearPassword: true } : {}),
  };
}

/** True when the region should follow the server name: empty, or equal to what the name says. */
export function regionFollowsServer(region: string, server: string): boolean {
  const r = region.trim();
  return r === '' || r === regionFromEndpoint(server);
}
