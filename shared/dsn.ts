/**
 * The DSN model and its validation. The same schema validates the renderer's form and, again,
 * every payload the main process receives over IPC.
 */
import { z } from 'zod';
import { isHostName, isHostOrIp, isIpAddress } from './host';
import { type Network, networkOf, networkSchema, tunnelLocalEnd } from './network';
import { isRegionCode } from './region';

/** How the client authenticates: a signed IAM token, or a stored database password. */
export const AUTH_TYPES = ['iam', 'database'] as const;
/** libpq SSL modes we offer. `disable` is for database auth only. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require'] as const;
/** Upper bound of an RDS IAM token's life, in seconds (15 minutes). */
export const MAX_TOKEN_EXPIRATION_SECONDS = 900;
/**
 * What a DSN is used for, shown as a colour on its row and its editor (production red, like the
 * connection types of DBeaver and the tags of TablePlus). `''`: not said.
 */
export const DSN_ENVIRONMENTS = ['', 'development', 'test', 'staging', 'production'] as const;
export type DsnEnvironment = (typeof DSN_ENVIRONMENTS)[number];

/** How each environment is named to the user. */
export const ENVIRONMENT_LABELS: Record<DsnEnvironment, string> = {
  '': 'None',
  development: 'Development',
  test: 'Test',
  staging: 'Staging',
  production: 'Production',
};

export type AuthType = (typeof AUTH_TYPES)[number];
export type SslMode = (typeof SSL_MODES)[number];

/** Where the AWS credentials that sign the token come from. */
export const credentialSourceSchema = z.discriminatedUnion('kind', [
  // The SDK's default chain: env keys, shared files' default profile, SSO, process, container, IMDS.
  z.strictObject({ kind: z.literal('default') }),
  // A named profile of ~/.aws/config and ~/.aws/credentials (static, role, SSO, credential_process).
  z.strictObject({
    kind: z.literal('profile'),
    profile: z
      .string({ error: 'Profile name is required' })
      .trim()
      .min(1, 'Profile name is required')
      .max(128, 'Profile name is at most 128 characters')
      .regex(/^[\w+=,.@-]+$/, 'Profile name may use letters, digits and _+=,.@- only'),
  }),
  // Keys typed into the form: the secret key and session token are write-only (DsnInput) and stored encrypted.
  z.strictObject({
    kind: z.literal('static'),
    accessKeyId: z
      .string({ error: 'Access key ID is required' })
      .trim()
      .regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'Access key ID must look like AKIA… or ASIA… (16 or more capital letters and digits)'),
  }),
]);
export type CredentialSource = z.infer<typeof credentialSourceSchema>;

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const MFA_SERIAL = /^(?:arn:aws(?:-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:(?:mfa|u2f)\/[\w+=,.@/-]{1,256}|GAHT[0-9A-Z]{8,})$/;

/** A role assumed with the source's credentials before signing (STS AssumeRole). */
export const assumeRoleSchema = z.strictObject({
  roleArn: z.string({ error: 'Role ARN is required' }).trim().regex(ROLE_ARN, 'Role ARN must look like arn:aws:iam::123456789012:role/name'),
  sessionName: z
    .string({ error: 'Session name is required' })
    .trim()
    .regex(/^[\w+=,.@-]{2,64}$/, 'Session name must be 2–64 letters, digits or _+=,.@-'),
  externalId: z
    .string({ error: 'External ID must be text' })
    .trim()
    .regex(/^[\w+=,.@:/-]{0,1224}$/, 'External ID may use letters, digits and _+=,.@:/- only (at most 1224)'),
  durationSeconds: z
    .number({ error: 'Role session duration must be a whole number from 900 to 43200' })
    .int('Role session duration must be a whole number from 900 to 43200')
    .min(900, 'Role session duration must be a whole number from 900 to 43200')
    .max(43200, 'Role session duration must be a whole number from 900 to 43200'),
  /** Serial (ARN) of the MFA device the role's trust policy requires; '' when none. */
  mfaSerial: z.string({ error: 'MFA device must be text' }).trim().refine((v) => v === '' || MFA_SERIAL.test(v), 'MFA device must be an ARN such as arn:aws:iam::123456789012:mfa/name'),
});
export type AssumeRole = z.infer<typeof assumeRoleSchema>;

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({
      error: (issue) =>
        issue.input === undefined ? `${label} is required` : `${label} must be a whole number from ${min} to ${max}`,
    })
    .int(`${label} must be a whole number from ${min} to ${max}`)
    .min(min, `${label} must be a whole number from ${min} to ${max}`)
    .max(max, `${label} must be a whole number from ${min} to ${max}`);

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} is at most ${max} characters`)
    // NUL cannot travel in the PostgreSQL protocol and breaks every export format.
    .refine((v) => !v.includes('\0'), `${label} cannot contain a NUL character`);

/** Most tags one DSN may carry. */
export const MAX_TAGS = 20;
/** Longest tag, in characters (after trimming). */
export const MAX_TAG_LENGTH = 40;

/** One tag: trimmed text of 1–{@link MAX_TAG_LENGTH} characters, no control characters. */
export const tagSchema = z
  .string({ error: 'A tag must be text' })
  .trim()
  .min(1, 'A tag cannot be empty')
  .max(MAX_TAG_LENGTH, `A tag is at most ${MAX_TAG_LENGTH} characters`)
  .refine((v) => !/\p{Cc}/u.test(v), 'A tag cannot contain control characters');

/** The tags of a DSN: at most {@link MAX_TAGS}, each once (ignoring case). */
export const tagsSchema = z
  .array(tagSchema, { error: 'Tags must be a list of text' })
  .max(MAX_TAGS, `At most ${MAX_TAGS} tags`)
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((tag, index) => {
      const key = foldName(tag);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index], message: `Tag "${tag}" is listed twice` });
      seen.add(key);
    });
  });

/**
 * How names compare, wherever a name must be unique or is looked up: DSN names in the store and
 * the library file, tags, and the CLI's `iam-dsn test NAME`. Trimmed, ignoring case (one locale,
 * so every process folds alike).
 */
export function foldName(name: string): string {
  return name.trim().toLocaleLowerCase('en-US');
}

/** How tags compare: {@link foldName}. */
export const tagKey = foldName;

/** The fields of a DSN, before the cross-field rules. Secrets are never part of this object. */
export const dsnFieldsSchema = z.strictObject({
  name: requiredText('Name', 100),
  authType: z.enum(AUTH_TYPES, { error: 'Authentication must be "iam" or "database"' }),
  server: requiredText('Server', 253),
  port: wholeNumber('Port', 1, 65535),
  user: requiredText('User name', 63),
  database: requiredText('Database', 63),
  region: z.string({ error: 'Region must be text' }).trim().max(32, 'Region is at most 32 characters'),
  sslMode: z.enum(SSL_MODES, { error: 'SSL mode must be one of disable, allow, prefer, require' }),
  tokenExpirationSeconds: wholeNumber('Token expiration', 1, MAX_TOKEN_EXPIRATION_SECONDS),
  credentialSource: credentialSourceSchema,
  /** Today's connect-via pair, still read and written; `network` (below) takes over when set. */
  connectViaHost: z.string({ error: 'Connect via host must be text' }).trim().max(253, 'Connect via host is at most 253 characters').default(''),
  connectViaPort: wholeNumber('Connect via port', 1, 65535).optional(),
  /** Where the socket goes (direct, connect via, SSH tunnel); absent: the connect-via pair decides (see {@link networkOf}). */
  network: networkSchema.optional(),
  caBundlePath: z.string({ error: 'CA bundle path must be text' }).trim().max(4096, 'CA bundle path is too long'),
  connectTimeoutSeconds: wholeNumber('Connect timeout', 1, 120),
  queryTimeoutSeconds: wholeNumber('Query timeout', 1, 300),
  /** Assume this role on top of the credential source; absent when none. */
  assumeRole: assumeRoleSchema.optional(),
  /** STS endpoint URL for role assumption and GetCallerIdentity (VPC endpoint, FIPS, tests); '' = the SDK's default. */
  stsEndpoint: z
    .string({ error: 'STS endpoint must be text' })
    .trim()
    .max(2048, 'STS endpoint is too long')
    .refine((v) => v === '' || /^https?:\/\/[^\s/]+(?:\/[^\s]*)?$/.test(v), 'STS endpoint must be an http(s) URL such as https://sts.us-east-1.amazonaws.com'),
  /** Labels for finding and filtering DSNs; a DSN saved before tags existed has none. */
  tags: tagsSchema.default(() => []),
  /** What the DSN is used for; a DSN saved before environments existed has none. */
  environment: z.enum(DSN_ENVIRONMENTS, { error: 'Environment must be one of development, test, staging, production (or empty)' }).default(''),
  /** Pinned at the top of the library. */
  favorite: z.boolean({ error: 'Favorite must be true or false' }).default(false),
});

/**
 * The label of every DSN field, as the form shows it: imports and errors name fields with these,
 * never with the internal key. Total, so a new field cannot go without a label.
 */
export const DSN_FIELD_LABELS: Record<keyof z.infer<typeof dsnFieldsSchema>, string> = {
  name: 'Name',
  authType: 'Authentication',
  server: 'Server',
  port: 'Port',
  user: 'User name',
  database: 'Database',
  region: 'Region',
  sslMode: 'SSL mode',
  tokenExpirationSeconds: 'Token expiration',
  credentialSource: 'Credential source',
  connectViaHost: 'Connect via host',
  connectViaPort: 'Connect via port',
  network: 'Network',
  caBundlePath: 'CA bundle path',
  connectTimeoutSeconds: 'Connect timeout',
  queryTimeoutSeconds: 'Query timeout',
  assumeRole: 'Role to assume',
  stsEndpoint: 'STS endpoint',
  tags: 'Tags',
  environment: 'Environment',
  favorite: 'Favorite',
};

type Ctx = z.RefinementCtx;

function addIssue(ctx: Ctx, path: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [path], message });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that is not well-formed UTF-16 cannot be percent-encoded, sent, or stored faithfully. */
function checkWellFormed(value: unknown, path: string, ctx: Ctx): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) addIssue(ctx, path, `${path} contains an invalid character (a lone UTF-16 surrogate)`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) checkWellFormed(inner, path === '' ? key : `${path}.${key}`, ctx);
  }
}

/** Cross-field rules: what IAM authentication requires, and what a tunnel needs (tags, environment and favorite play no part). */
export function checkDsnRules(dsn: Omit<z.infer<typeof dsnFieldsSchema>, 'tags' | 'environment' | 'favorite'>, ctx: Ctx): void {
  // Also reaches the write-only secrets when the input schema runs these rules.
  checkWellFormed(dsn, '', ctx);
  if (dsn.authType === 'iam') {
    if (isIpAddress(dsn.server)) {
      addIssue(ctx, 'server', 'For IAM authentication, Server must be the endpoint host name the token is signed for, not an IP address (put the IP in "Connect via")');
    } else if (!isHostName(dsn.server)) {
      addIssue(ctx, 'server', 'Server must be a valid host name, e.g. mydb.abc123.us-east-1.rds.amazonaws.com');
    }
    if (dsn.region === '') addIssue(ctx, 'region', 'Region is required for IAM authentication');
    if (dsn.sslMode === 'disable') {
      addIssue(ctx, 'sslMode', 'SSL mode "disable" is not allowed for IAM authentication: RDS accepts IAM tokens only over TLS');
    }
  } else if (!isHostOrIp(dsn.server)) {
    addIssue(ctx, 'server', 'Server must be a host name or an IP address');
  }
  if (dsn.region !== '' && !isRegionCode(dsn.region)) {
    addIssue(ctx, 'region', 'Region must be an AWS region code such as us-east-1');
  }
  if (dsn.connectViaHost !== '' && !isHostOrIp(dsn.connectViaHost)) {
    addIssue(ctx, 'connectViaHost', 'Connect via host must be a host name or an IP address');
  }
  if (dsn.connectViaHost === '' && dsn.connectViaPort !== undefined) {
    addIssue(ctx, 'connectViaHost', 'Connect via host is required when a connect via port is set');
  }
  if (dsn.network !== undefined && dsn.network.kind !== 'direct' && dsn.connectViaHost !== '') {
    addIssue(ctx, 'network', 'Choose one network: either "network" or the older connectViaHost/connectViaPort, not both');
  }
  if (dsn.caBundlePath !== '' && !isAbsolutePath(dsn.caBundlePath)) {
    addIssue(ctx, 'caBundlePath', 'CA bundle path must be an absolute path to a PEM file');
  }
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** A DSN as the user describes it, validated with every rule. */
export const dsnSchema = dsnFieldsSchema.superRefine(checkDsnRules);
export type Dsn = z.infer<typeof dsnSchema>;

/**
 * What the form submits and IPC carries: the DSN, the id when it is already saved, and a
 * write-only database password (`undefined` keeps the stored one, `clearPassword` removes it).
 */
export const dsnInputSchema = dsnFieldsSchema
  .extend({
    /** `undefined` keeps the saved DSN's tags (none for a new one), so a form without a tags field never drops them. */
    tags: tagsSchema.optional(),
    id: z.uuid('DSN id must be a UUID').optional(),
    password: z.string({ error: 'Password must be text' }).max(1024, 'Password is at most 1024 characters').optional(),
    clearPassword: z.boolean({ error: 'clearPassword must be true or false' }).optional(),
    /** Write-only secret of a `static` credential source; `undefined` keeps the stored one. */
    secretAccessKey: z.string({ error: 'Secret access key must be text' }).max(256, 'Secret access key is at most 256 characters').optional(),
    /** Write-only session token of a `static` source (temporary ASIA… keys); `undefined` keeps the stored one. */
    sessionToken: z.string({ error: 'Session token must be text' }).max(8192, 'Session token is at most 8192 characters').optional(),
    /** Remove the stored static secret key and session token. */
    clearStaticKeys: z.boolean({ error: 'clearStaticKeys must be true or false' }).optional(),
    /** Write-only password of an SSH tunnel with password authentication; `undefined` keeps the stored one. */
    sshPassword: z.string({ error: 'SSH password must be text' }).max(1024, 'SSH password is at most 1024 characters').optional(),
    /** Remove the stored SSH password. */
    clearSshPassword: z.boolean({ error: 'clearSshPassword must be true or false' }).optional(),
  })
  .superRefine(checkDsnRules);
export type DsnInput = z.infer<typeof dsnInputSchema>;

/**
 * Keys that name a secret in a DSN-like object: DsnInput's write-only fields, and the names other
 * tools give a password or token. A pasted JSON or a library file holding one of them (ignoring
 * case) is reported as holding a secret, and the secret is never taken.
 */
export const SECRET_KEYS = ['password', 'pwd', 'passwd', 'secret', 'secretAccessKey', 'sessionToken', 'sshPassword', 'token', 'authToken'] as const;

const SECRET_KEY_SET: ReadonlySet<string> = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

/** True when `key` is one of {@link SECRET_KEYS}, ignoring case. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_SET.has(key.toLowerCase());
}

const DSN_KEYS = Object.keys(dsnFieldsSchema.shape) as Array<keyof Dsn>;
const ROLE_KEYS = Object.keys(assumeRoleSchema.shape) as Array<keyof AssumeRole>;

/** The credential source's own keys: a static source keeps its key id, never a secret key. */
function credentialSourceFields(source: CredentialSource): CredentialSource {
  switch (source.kind) {
    case 'default':
      return { kind: 'default' };
    case 'profile':
      return { kind: 'profile', profile: source.profile };
    case 'static':
      return { kind: 'static', accessKeyId: source.accessKeyId };
  }
}

/**
 * Only the DSN's own fields of `value` — a DsnInput, a SavedDsn view, a DSN read from a file: the
 * schema's keys in schema order, the credential source and the role cut to their own keys too,
 * tags `[]` when absent. No password, secret key, token, id, flag or date rides along into a store
 * file, a log line or an export. Nothing is validated: parse the result when the input was not.
 */
export function dsnFieldsOf(value: Dsn | DsnInput): Dsn {
  const out: Record<string, unknown> = {};
  for (const key of DSN_KEYS) if (value[key] !== undefined) out[key] = value[key];
  out.credentialSource = credentialSourceFields(value.credentialSource);
  const role = value.assumeRole;
  if (role !== undefined) out.assumeRole = Object.fromEntries(ROLE_KEYS.map((key) => [key, role[key]]));
  // Tags are optional in an input (absent keeps the saved ones: the store decides), never in a Dsn.
  out.tags ??= [];
  // Every key was copied from a value of the DSN's own type; optional ones may be absent, as in Dsn.
  return out as Dsn;
}

/** A saved DSN as the renderer sees it: never the password, only whether one is stored. */
export interface SavedDsn extends Dsn {
  id: string;
  /** A database password is stored (encrypted, or for this session only). */
  hasPassword: boolean;
  /** The password is kept for this session only because no OS encryption is available. */
  passwordSessionOnly: boolean;
  /** A secret access key is stored for a `static` credential source. */
  hasSecretAccessKey: boolean;
  /** A session token is stored for a `static` credential source. */
  hasSessionToken: boolean;
  /** A password is stored for the SSH tunnel's bastion. */
  hasSshPassword: boolean;
  updatedAt: string;
}

/** The values a new DSN starts with. */
export function defaultDsn(): Dsn {
  return {
    name: '',
    authType: 'iam',
    server: '',
    port: 5432,
    user: '',
    database: 'postgres',
    region: '',
    sslMode: 'require',
    tokenExpirationSeconds: MAX_TOKEN_EXPIRATION_SECONDS,
    credentialSource: { kind: 'default' },
    connectViaHost: '',
    connectViaPort: undefined,
    network: undefined,
    caBundlePath: '',
    connectTimeoutSeconds: 10,
    queryTimeoutSeconds: 10,
    assumeRole: undefined,
    stsEndpoint: '',
    tags: [],
    environment: '',
    favorite: false,
  };
}

/** Field errors keyed by dotted path, as IPC carries them. */
export type FieldErrors = Record<string, string[]>;

/** Flattens a zod error into field errors keyed by dotted path (`credentialSource.profile`). */
export function toFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * The host and port a client's socket goes to: the connect-via target, for an SSH tunnel the local
 * end of its exported `ssh -L` recipe, else the server.
 */
export function socketTarget(dsn: Dsn): { host: string; port: number } {
  const network: Network = networkOf(dsn);
  switch (network.kind) {
    case 'direct':
      return { host: dsn.server, port: dsn.port };
    case 'connect-via':
      return { host: network.host, port: network.port ?? dsn.port };
    case 'ssh':
      return tunnelLocalEnd(network);
  }
}

/**
 * The name a DSN gets when none is given (an unnamed form, an import without one):
 * "user@first-label-of-server", else `fallback`; at most 100 characters.
 */
export function suggestedDsnName(dsn: Partial<Pick<Dsn, 'user' | 'server'>>, fallback = 'New DSN'): string {
  const host = dsn.server?.trim().split('.')[0]?.replace(/^\[|\]$/g, '');
  const name = [dsn.user?.trim(), host].filter((p): p is string => p !== undefined && p !== '').join('@');
  return (name === '' ? fallback : name).slice(0, 100);
}
