/** DSNs the format tests share: a typical IAM DSN, one through a tunnel with a CA bundle, and a database-auth DSN. */
import { defaultDsn, type Dsn, dsnSchema } from '../../shared/dsn';

/** IAM, default credentials, straight to the endpoint. */
export const IAM_DSN: Dsn = dsnSchema.parse({
  ...defaultDsn(),
  name: 'orders (prod)',
  server: 'orders.abc123xyz.us-east-1.rds.amazonaws.com',
  user: 'app_user',
  database: 'orders',
  region: 'us-east-1',
});

/** IAM through a local tunnel on another port, with a named profile and a CA bundle. */
export const IAM_TUNNEL_DSN: Dsn = dsnSchema.parse({
  ...IAM_DSN,
  name: 'orders via bastion',
  credentialSource: { kind: 'profile', profile: 'prod-ro' },
  connectViaHost: '127.0.0.1',
  connectViaPort: 15432,
  caBundlePath: '/etc/ssl/certs/rds global-bundle.pem',
  tokenExpirationSeconds: 600,
});

/** Database authentication to an IP address. */
export const DB_DSN: Dsn = dsnSchema.parse({
  ...defaultDsn(),
  name: 'reporting',
  authType: 'database',
  server: '10.0.3.17',
  port: 6432,
  user: 'report',
  database: 'analytics',
  sslMode: 'prefer',
  connectTimeoutSeconds: 5,
});

/** A token as RDS makes them: a presigned URL without the scheme (it holds ':', '&', '=' and '%'). */
export const TOKEN =
  'orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123';
