/** fast-check arbitraries for valid DSNs whose free-text fields hold hostile characters. */
import fc from 'fast-check';
import { defaultDsn, type Dsn, dsnSchema } from '../../shared/dsn';

/** Characters that break naive quoting in some format: quotes, escapes, separators, unicode. */
export const HOSTILE_UNITS = [
  'a', 'Z', '0', '_', '-', '.', ' ', "'", '"', '\\', '$', '`', '!', '*', '(', ')', ':', '@', '/', '?', '#', '&', '=', '%', '+', ';',
  '{', '}', ',', '[', ']', '<', '>', '|', '~', '^', '\t', 'é', 'ß', '字', '😀', '\u00a0', '$(pwned)', '`pwned`', '%41', '%zz', '}}',
] as const;

/** A string of hostile pieces, optionally without line breaks (for line-based consumers). */
export function hostileString(maxLength: number, opts: { newlines?: boolean } = {}): fc.Arbitrary<string> {
  const units = opts.newlines === true ? [...HOSTILE_UNITS, '\n'] : [...HOSTILE_UNITS];
  return fc
    .array(fc.constantFrom(...units), { minLength: 1, maxLength: 12 })
    .map((parts) => {
      // Cut by code points so that no emoji is split into a lone surrogate.
      const points = Array.from(parts.join('').trim());
      while (points.join('').length > maxLength) points.pop();
      return points.join('').trim();
    })
    .filter((s) => s.length > 0);
}

const RDS_HOSTS = [
  'orders.abc123xyz.us-east-1.rds.amazonaws.com',
  'billing.cluster-cx1y2z.eu-west-1.rds.amazonaws.com',
  'px.proxy-q1w2e3.ap-south-1.rds.amazonaws.com',
  'db-1.c9akciq32.rds.cn-north-1.amazonaws.com.cn',
  'db.internal.example.com',
];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1', 'cn-north-1', 'us-gov-west-1'];
const TUNNELS = ['127.0.0.1', '10.20.30.40', '::1', 'fd00::5', 'bastion.example.net'];
const port = fc.integer({ min: 1, max: 65535 });

/** A role to assume, sometimes with an external ID and an MFA device. */
const assumeRole: fc.Arbitrary<NonNullable<Dsn['assumeRole']>> = fc.record({
  roleArn: fc.constantFrom('arn:aws:iam::123456789012:role/db-connect', 'arn:aws-cn:iam::210987654321:role/path/to/ro-user'),
  sessionName: fc.stringMatching(/^[\w+=,.@-]{2,20}$/),
  externalId: fc.oneof(fc.constant(''), fc.stringMatching(/^[\w+=,.@:/-]{1,30}$/)),
  durationSeconds: fc.integer({ min: 900, max: 43200 }),
  mfaSerial: fc.constantFrom('', 'arn:aws:iam::123456789012:mfa/alice'),
});

export interface DsnArbitraryOptions {
  /** Allow line breaks in user, database, name and CA path. */
  newlines?: boolean;
  authType?: Dsn['authType'];
}

/** Any DSN that passes dsnSchema, with hostile user, database, name and CA bundle path. */
export function dsnArbitrary(opts: DsnArbitraryOptions = {}): fc.Arbitrary<Dsn> {
  const text = (max: number) => hostileString(max, { newlines: opts.newlines ?? false });
  // Built once per auth type (not in a chain, which would rebuild every arbitrary per sample).
  const forAuth = (auth: Dsn['authType']) =>
    fc.record({
      name: text(100),
      authType: fc.constant(auth),
      server: auth === 'iam' ? fc.constantFrom(...RDS_HOSTS) : fc.constantFrom(...RDS_HOSTS, '10.0.3.17', '2001:db8::7', 'pg.local'),
      port,
      user: text(63),
      database: text(63),
      region: auth === 'iam' ? fc.constantFrom(...REGIONS) : fc.constantFrom('', ...REGIONS),
      sslMode: auth === 'iam' ? fc.constantFrom<Dsn['sslMode']>('allow', 'prefer', 'require') : fc.constantFrom<Dsn['sslMode']>('disable', 'allow', 'prefer', 'require'),
      tokenExpirationSeconds: fc.integer({ min: 1, max: 900 }),
      credentialSource: fc.oneof(
        fc.constant<Dsn['credentialSource']>({ kind: 'default' }),
        fc.stringMatching(/^[\w+=,.@-]{1,20}$/).map((profile): Dsn['credentialSource'] => ({ kind: 'profile', profile })),
        fc.stringMatching(/^[A-Z0-9]{16}$/).map((id): Dsn['credentialSource'] => ({ kind: 'static', accessKeyId: `AKIA${id}` })),
      ),
      assumeRole: fc.option(assumeRole, { nil: undefined }),
      stsEndpoint: fc.constantFrom('', 'https://sts.us-east-1.amazonaws.com', 'http://127.0.0.1:4566/sts'),
      connectViaHost: fc.constantFrom('', '', ...TUNNELS),
      connectViaPort: fc.option(port, { nil: undefined }),
      caBundlePath: fc.oneof(fc.constant(''), text(200).map((p) => `/${p}`)),
      connectTimeoutSeconds: fc.integer({ min: 1, max: 120 }),
      queryTimeoutSeconds: fc.integer({ min: 1, max: 300 }),
    });
  const record = opts.authType !== undefined ? forAuth(opts.authType) : fc.oneof(forAuth('iam'), forAuth('database'));
  return record
    // Fields added to the model later keep their defaults, so the arbitrary stays valid.
    .map((d) => ({ ...defaultDsn(), ...d, connectViaPort: d.connectViaHost === '' ? undefined : d.connectViaPort }))
    .map((d) => {
      const parsed = dsnSchema.safeParse(d);
      // Fail loudly rather than filter forever when the model gains a rule this arbitrary misses.
      if (!parsed.success) throw new Error(`dsnArbitrary made an invalid DSN: ${JSON.stringify(parsed.error.issues)}`);
      return parsed.data;
    });
}
