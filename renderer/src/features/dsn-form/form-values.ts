/**
 * What the DSN form holds (strings and maybe-numbers, as typed) and how it maps to the
 * {@link DsnInput} the schema validates and IPC carries.
 */
import { credentialSourceSchema, defaultDsn, type AuthType, type SavedDsn, type SslMode } from '../../../../shared/dsn';
import { regionFromEndpoint } from '../../../../shared/region';

export type CredentialKind = 'default' | 'profile';

/** The form's values. Number fields are `undefined` when empty and `NaN` when not a number. */
export interface DsnFormValues {
  id: string | undefined;
  name: string;
  authType: AuthType;
  server: string;
  port: number | undefined;
  user: string;
  database: string;
  region: string;
  sslMode: SslMode;
  tokenExpirationSeconds: number | undefined;
  credentialSource: { kind: CredentialKind; profile: string };
  connectViaHost: string;
  connectViaPort: number | undefined;
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
  'connectViaHost',
  'connectViaPort',
  'caBundlePath',
  'connectTimeoutSeconds',
  'queryTimeoutSeconds',
  'password',
  'clearPassword',
] as const;
export type FormFieldPath = (typeof FORM_FIELD_PATHS)[number];

/** Fields inside the collapsible "Advanced" section. */
export const ADVANCED_FIELDS = ['connectViaHost', 'connectViaPort', 'caBundlePath', 'connectTimeoutSeconds', 'queryTimeoutSeconds'] as const;

export function isFormFieldPath(path: string): path is FormFieldPath {
  return (FORM_FIELD_PATHS as readonly string[]).includes(path);
}

/** The form field an error path belongs to (`credentialSource` itself is shown on its kind select). */
export function formFieldFor(path: string): FormFieldPath | undefined {
  const mapped = path === 'credentialSource' ? 'credentialSource.kind' : path;
  return isFormFieldPath(mapped) ? mapped : undefined;
}

/** The form's starting values: a saved DSN, or the defaults of a new one. */
export function toFormValues(saved?: SavedDsn): DsnFormValues {
  const d = saved ?? defaultDsn();
  return {
    id: saved?.id,
    name: d.name,
    authType: d.authType,
    server: d.server,
    port: d.port,
    user: d.user,
    database: d.database,
    region: d.region,
    sslMode: d.sslMode,
    tokenExpirationSeconds: d.tokenExpirationSeconds,
    credentialSource: {
      kind: d.credentialSource.kind,
      profile: d.credentialSource.kind === 'profile' ? d.credentialSource.profile : '',
    },
    connectViaHost: d.connectViaHost,
    connectViaPort: d.connectViaPort,
    caBundlePath: d.caBundlePath,
    connectTimeoutSeconds: d.connectTimeoutSeconds,
    queryTimeoutSeconds: d.queryTimeoutSeconds,
    password: '',
    clearPassword: false,
  };
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

/**
 * The object handed to the schema: the same shape as `DsnInput`, not yet validated. Fields that
 * do not apply to the chosen authentication are left out or reset, so a hidden field never
 * blocks a save: the profile name unless a named profile is chosen, the password unless database
 * auth, and (for database auth, where the IAM section is hidden) invalid IAM-only values.
 */
export function toDsnInputCandidate(v: DsnFormValues): Record<string, unknown> {
  const iam = v.authType === 'iam';
  const defaults = defaultDsn();
  const profile = { kind: 'profile', profile: v.credentialSource.profile };
  const credentialSource =
    v.credentialSource.kind === 'profile' && (iam || credentialSourceSchema.safeParse(profile).success)
      ? profile
      : { kind: 'default' };
  return {
    ...(v.id !== undefined ? { id: v.id } : {}),
    name: v.name,
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
    connectViaHost: v.connectViaHost.trim(),
    connectViaPort: v.connectViaPort,
    caBundlePath: v.caBundlePath.trim(),
    connectTimeoutSeconds: v.connectTimeoutSeconds,
    queryTimeoutSeconds: v.queryTimeoutSeconds,
    ...(!iam && typeof v.password === 'string' && v.password !== '' ? { password: v.password } : {}),
    ...(!iam && v.clearPassword ? { clearPassword: true } : {}),
  };
}

/** True when the region should follow the server name: empty, or equal to what the name says. */
export function regionFollowsServer(region: string, server: string): boolean {
  const r = region.trim();
  return r === '' || r === regionFromEndpoint(server);
}
