/**
 * Golden outputs: the exact text of every format for a typical IAM DSN, an IAM DSN through a tunnel
 * with a profile and a CA bundle, and a database-auth DSN; plus live exports with a token or password.
 * A change here is a change users see: review it as such.
 */
import { describe, expect, it } from 'vitest';
import { type Dsn } from '../../../shared/dsn';
import { EXPORT_FORMATS, type ExportFormat, exportDsn } from '../../../shared/formats';
import { DB_DSN, IAM_DSN, IAM_TUNNEL_DSN, TOKEN } from '../../support/dsn-fixtures';

const IAM: Record<ExportFormat, string> = {
  uri:
    'postgresql://app_user@orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/orders?sslmode=require&connect_timeout=10',
  keyword:
    'host=orders.abc123xyz.us-east-1.rds.amazonaws.com port=5432 dbname=orders user=app_user sslmode=require connect_timeout=10',
  psql:
    'PGPASSWORD="$(aws rds generate-db-auth-token --hostname orders.abc123xyz.us-east-1.rds.amazonaws.com --port 5432 --region us-east-1 --username app_user)" psql \'host=orders.abc123xyz.us-east-1.rds.amazonaws.com port=5432 dbname=orders user=app_user sslmode=require connect_timeout=10\'',
  env:
    [
      'export PGHOST=orders.abc123xyz.us-east-1.rds.amazonaws.com',
      'unset PGHOSTADDR',
      'export PGPORT=5432',
      'export PGDATABASE=orders',
      'export PGUSER=app_user',
      'export PGSSLMODE=require',
      'unset PGSSLROOTCERT',
      'export PGCONNECT_TIMEOUT=10',
      'export PGPASSWORD="$(aws rds generate-db-auth-token --hostname orders.abc123xyz.us-east-1.rds.amazonaws.com --port 5432 --region us-east-1 --username app_user)"',
    ].join('\n'),
  pgpass:
    [
      '# IAM tokens last 15 minutes, so write this line fresh before connecting. In a POSIX shell, run:',
      "# ( set -e; umask 077; t=\"$(aws rds generate-db-auth-token --hostname orders.abc123xyz.us-east-1.rds.amazonaws.com --port 5432 --region us-east-1 --username app_user)\"; k=orders.abc123xyz.us-east-1.rds.amazonaws.com:5432:orders:app_user:; f=\"${PGPASSFILE:-$HOME/.pgpass}\"; if [ -L \"$f\" ]; then f=\"$(readlink -f -- \"$f\")\"; fi; n=\"$(mktemp \"$f.XXXXXX\")\"; trap 'rm -f -- \"$n\"' EXIT; { printf '%s' \"$k\"; printf '%s\\n' \"$t\" | sed 's/[\\\\:]/\\\\&/g'; if [ -f \"$f\" ]; then k=\"$k\" LC_ALL=C awk 'index($0, ENVIRON[\"k\"]) != 1' \"$f\"; fi; } > \"$n\"; mv -f -- \"$n\" \"$f\" )",
    ].join('\n'),
  jdbc:
    'jdbc:aws-wrapper:postgresql://orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/orders?wrapperPlugins=iam&user=app_user&iamRegion=us-east-1&iamHost=orders.abc123xyz.us-east-1.rds.amazonaws.com&iamDefaultPort=5432&iamExpiration=900&sslmode=require&connectTimeout=10',
  python:
    [
      '# pip install aws-advanced-python-wrapper "psycopg[binary]" boto3',
      'import psycopg',
      'from aws_advanced_python_wrapper import AwsWrapperConnection',
      '',
      'conn = AwsWrapperConnection.connect(',
      '    psycopg.Connection.connect,',
      '    host="orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '    port=5432,',
      '    dbname="orders",',
      '    user="app_user",',
      '    plugins="iam",',
      '    iam_region="us-east-1",',
      '    iam_host="orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '    iam_default_port=5432,',
      '    iam_expiration=900,',
      '    sslmode="require",',
      '    connect_timeout=10,',
      ')',
    ].join('\n'),
  odbc:
    'Driver={AWS Unicode ODBC Driver for PostgreSQL};Server=orders.abc123xyz.us-east-1.rds.amazonaws.com;Port=5432;Database=orders;UserName=app_user;AuthType=IAM;Region=us-east-1;SSLMode=require;TokenExpiration=900;IamHost=orders.abc123xyz.us-east-1.rds.amazonaws.com',
  'odbc-community':
    'Driver={PostgreSQL Unicode};Servername=orders.abc123xyz.us-east-1.rds.amazonaws.com;Port=5432;Database=orders;Username=app_user;SSLmode=require',
  node:
    [
      '// npm install pg @aws-sdk/rds-signer  (ES module: save as .mjs)',
      "import { Signer } from '@aws-sdk/rds-signer';",
      "import pg from 'pg';",
      '',
      '// Signs a fresh IAM token (valid 15 minutes) for each new connection.',
      'const signer = new Signer({',
      '  hostname: "orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '  port: 5432,',
      '  region: "us-east-1",',
      '  username: "app_user",',
      '});',
      '',
      'const client = new pg.Client({',
      '  host: "orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '  port: 5432,',
      '  database: "orders",',
      '  user: "app_user",',
      '  password: () => signer.getAuthToken(),',
      '  ssl: {',
      '    rejectUnauthorized: false, // encrypted; the certificate is not verified (set a CA bundle to verify it)',
      '  },',
      '  connectionTimeoutMillis: 10000,',
      '});',
      'await client.connect();',
    ].join('\n'),
  json:
    [
      '{',
      '  "name": "orders (prod)",',
      '  "authType": "iam",',
      '  "server": "orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '  "port": 5432,',
      '  "user": "app_user",',
      '  "database": "orders",',
      '  "region": "us-east-1",',
      '  "sslMode": "require",',
      '  "tokenExpirationSeconds": 900,',
      '  "credentialSource": {',
      '    "kind": "default"',
      '  },',
      '  "connectViaHost": "",',
      '  "caBundlePath": "",',
      '  "connectTimeoutSeconds": 10,',
      '  "queryTimeoutSeconds": 10,',
      '  "stsEndpoint": ""',
      '}',
    ].join('\n'),
};

const IAM_TUNNEL: Record<ExportFormat, string> = {
  uri:
    'postgresql://app_user@orders.abc123xyz.us-east-1.rds.amazonaws.com:15432/orders?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fcerts%2Frds%20global-bundle.pem&connect_timeout=10',
  keyword:
    "host=orders.abc123xyz.us-east-1.rds.amazonaws.com hostaddr=127.0.0.1 port=15432 dbname=orders user=app_user sslmode=verify-full sslrootcert='/etc/ssl/certs/rds global-bundle.pem' connect_timeout=10",
  psql:
    'PGPASSWORD="$(aws rds generate-db-auth-token --hostname orders.abc123xyz.us-east-1.rds.amazonaws.com --port 5432 --region us-east-1 --username app_user --profile prod-ro)" psql "host=orders.abc123xyz.us-east-1.rds.amazonaws.com hostaddr=127.0.0.1 port=15432 dbname=orders user=app_user sslmode=verify-full sslrootcert=\'/etc/ssl/certs/rds global-bundle.pem\' connect_timeout=10"',
  env:
    [
      'export PGHOST=orders.abc123xyz.us-east-1.rds.amazonaws.com',
      'export PGHOSTADDR=127.0.0.1',
      'export PGPORT=15432',
      'export PGDATABASE=orders',
      'export PGUSER=app_user',
      'export PGSSLMODE=verify-full',
      "export PGSSLROOTCERT='/etc/ssl/certs/rds global-bundle.pem'",
      'export PGCONNECT_TIMEOUT=10',
      'export PGPASSWORD="$(aws rds generate-db-auth-token --hostname orders.abc123xyz.us-east-1.rds.amazonaws.com --port 5432 --region us-east-1 --username app_user --profile prod-ro)"',
    ].join('\n'),
  pgpass:
    [
      '# IAM tokens last 15 minutes, so write this line fresh before connecting. In a POSIX shell, run:',
      "# ( set -e; umask 077; t=\"$(aws rds generate-db-auth-token --hostname orders.abc123xyz.us-east-1.rds.amazonaws.com --port 5432 --region us-east-1 --username app_user --profile prod-ro)\"; k=orders.abc123xyz.us-east-1.rds.amazonaws.com:15432:orders:app_user:; f=\"${PGPASSFILE:-$HOME/.pgpass}\"; if [ -L \"$f\" ]; then f=\"$(readlink -f -- \"$f\")\"; fi; n=\"$(mktemp \"$f.XXXXXX\")\"; trap 'rm -f -- \"$n\"' EXIT; { printf '%s' \"$k\"; printf '%s\\n' \"$t\" | sed 's/[\\\\:]/\\\\&/g'; if [ -f \"$f\" ]; then k=\"$k\" LC_ALL=C awk 'index($0, ENVIRON[\"k\"]) != 1' \"$f\"; fi; } > \"$n\"; mv -f -- \"$n\" \"$f\" )",
    ].join('\n'),
  jdbc:
    'jdbc:aws-wrapper:postgresql://127.0.0.1:15432/orders?wrapperPlugins=iam&user=app_user&iamRegion=us-east-1&iamHost=orders.abc123xyz.us-east-1.rds.amazonaws.com&iamDefaultPort=5432&iamExpiration=600&sslmode=verify-ca&sslrootcert=%2Fetc%2Fssl%2Fcerts%2Frds%20global-bundle.pem&connectTimeout=10',
  python:
    [
      '# pip install aws-advanced-python-wrapper "psycopg[binary]" boto3',
      'import os',
      'import psycopg',
      'from aws_advanced_python_wrapper import AwsWrapperConnection',
      '',
      'os.environ["AWS_PROFILE"] = "prod-ro"  # boto3 signs the token with this profile',
      '',
      'conn = AwsWrapperConnection.connect(',
      '    psycopg.Connection.connect,',
      '    host="127.0.0.1",',
      '    port=15432,',
      '    dbname="orders",',
      '    user="app_user",',
      '    plugins="iam",',
      '    iam_region="us-east-1",',
      '    iam_host="orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '    iam_default_port=5432,',
      '    iam_expiration=600,',
      '    sslmode="verify-ca",',
      '    sslrootcert="/etc/ssl/certs/rds global-bundle.pem",',
      '    connect_timeout=10,',
      ')',
    ].join('\n'),
  odbc:
    "Driver={AWS Unicode ODBC Driver for PostgreSQL};Server=127.0.0.1;Port=15432;Database=orders;UserName=app_user;AuthType=IAM;Region=us-east-1;SSLMode=verify-ca;TokenExpiration=600;IamHost=orders.abc123xyz.us-east-1.rds.amazonaws.com;pqopt={sslrootcert='/etc/ssl/certs/rds global-bundle.pem'}",
  'odbc-community':
    "Driver={PostgreSQL Unicode};Servername=orders.abc123xyz.us-east-1.rds.amazonaws.com;Port=15432;Database=orders;Username=app_user;SSLmode=verify-full;pqopt={hostaddr=127.0.0.1 sslrootcert='/etc/ssl/certs/rds global-bundle.pem'}",
  node:
    [
      '// npm install pg @aws-sdk/rds-signer  (ES module: save as .mjs)',
      "import { readFileSync } from 'node:fs';",
      "import { Signer } from '@aws-sdk/rds-signer';",
      "import pg from 'pg';",
      '',
      '// Signs a fresh IAM token (valid 15 minutes) for each new connection.',
      'const signer = new Signer({',
      '  hostname: "orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '  port: 5432,',
      '  region: "us-east-1",',
      '  username: "app_user",',
      '  profile: "prod-ro",',
      '});',
      '',
      'const client = new pg.Client({',
      '  host: "127.0.0.1", // connect via',
      '  port: 15432,',
      '  database: "orders",',
      '  user: "app_user",',
      '  password: () => signer.getAuthToken(),',
      '  ssl: {',
      '    ca: readFileSync("/etc/ssl/certs/rds global-bundle.pem", \'utf8\'),',
      '    servername: "orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '  },',
      '  connectionTimeoutMillis: 10000,',
      '});',
      'await client.connect();',
    ].join('\n'),
  json:
    [
      '{',
      '  "name": "orders via bastion",',
      '  "authType": "iam",',
      '  "server": "orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '  "port": 5432,',
      '  "user": "app_user",',
      '  "database": "orders",',
      '  "region": "us-east-1",',
      '  "sslMode": "require",',
      '  "tokenExpirationSeconds": 600,',
      '  "credentialSource": {',
      '    "kind": "profile",',
      '    "profile": "prod-ro"',
      '  },',
      '  "connectViaHost": "127.0.0.1",',
      '  "connectViaPort": 15432,',
      '  "caBundlePath": "/etc/ssl/certs/rds global-bundle.pem",',
      '  "connectTimeoutSeconds": 10,',
      '  "queryTimeoutSeconds": 10,',
      '  "stsEndpoint": ""',
      '}',
    ].join('\n'),
};

const DATABASE: Record<ExportFormat, string> = {
  uri: 'postgresql://report@10.0.3.17:6432/analytics?sslmode=prefer&connect_timeout=5',
  keyword: 'host=10.0.3.17 port=6432 dbname=analytics user=report sslmode=prefer connect_timeout=5',
  psql: "psql 'host=10.0.3.17 port=6432 dbname=analytics user=report sslmode=prefer connect_timeout=5'",
  env:
    [
      'export PGHOST=10.0.3.17',
      'unset PGHOSTADDR',
      'export PGPORT=6432',
      'export PGDATABASE=analytics',
      'export PGUSER=report',
      'export PGSSLMODE=prefer',
      'unset PGSSLROOTCERT',
      'export PGCONNECT_TIMEOUT=5',
      'unset PGPASSWORD',
    ].join('\n'),
  pgpass: '# 10.0.3.17:6432:analytics:report:<password, with each \\ and : written as \\\\ and \\:>',
  jdbc: 'jdbc:postgresql://10.0.3.17:6432/analytics?user=report&sslmode=prefer&connectTimeout=5',
  python:
    [
      '# pip install "psycopg[binary]"',
      'import psycopg',
      '',
      'conn = psycopg.connect(',
      '    host="10.0.3.17",',
      '    port=6432,',
      '    dbname="analytics",',
      '    user="report",',
      '    sslmode="prefer",',
      '    connect_timeout=5,',
      ')',
    ].join('\n'),
  odbc:
    'Driver={AWS Unicode ODBC Driver for PostgreSQL};Server=10.0.3.17;Port=6432;Database=analytics;UserName=report;AuthType=database;SSLMode=prefer',
  'odbc-community':
    'Driver={PostgreSQL Unicode};Servername=10.0.3.17;Port=6432;Database=analytics;Username=report;SSLmode=prefer',
  node:
    [
      '// npm install pg  (ES module: save as .mjs)',
      "import pg from 'pg';",
      '',
      'const client = new pg.Client({',
      '  host: "10.0.3.17",',
      '  port: 6432,',
      '  database: "analytics",',
      '  user: "report",',
      '  ssl: {',
      '    rejectUnauthorized: false, // encrypted; the certificate is not verified (set a CA bundle to verify it)',
      '  },',
      '  connectionTimeoutMillis: 5000,',
      '});',
      'await client.connect();',
    ].join('\n'),
  json:
    [
      '{',
      '  "name": "reporting",',
      '  "authType": "database",',
      '  "server": "10.0.3.17",',
      '  "port": 6432,',
      '  "user": "report",',
      '  "database": "analytics",',
      '  "region": "",',
      '  "sslMode": "prefer",',
      '  "tokenExpirationSeconds": 900,',
      '  "credentialSource": {',
      '    "kind": "default"',
      '  },',
      '  "connectViaHost": "",',
      '  "caBundlePath": "",',
      '  "connectTimeoutSeconds": 5,',
      '  "queryTimeoutSeconds": 10,',
      '  "stsEndpoint": ""',
      '}',
    ].join('\n'),
};

const LIVE_TOKEN: Partial<Record<ExportFormat, string>> = {
  uri:
    'postgresql://app_user:orders.abc123xyz.us-east-1.rds.amazonaws.com%3A5432%2F%3FAction%3Dconnect%26DBUser%3Dapp_user%26X-Amz-Algorithm%3DAWS4-HMAC-SHA256%26X-Amz-Credential%3DAKIAEXAMPLE%252F20250101%252Fus-east-1%252Frds-db%252Faws4_request%26X-Amz-Date%3D20250101T000000Z%26X-Amz-Expires%3D900%26X-Amz-SignedHeaders%3Dhost%26X-Amz-Signature%3Dabc123@orders.abc123xyz.us-east-1.rds.amazonaws.com:15432/orders?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fcerts%2Frds%20global-bundle.pem&connect_timeout=10',
  keyword:
    "host=orders.abc123xyz.us-east-1.rds.amazonaws.com hostaddr=127.0.0.1 port=15432 dbname=orders user=app_user password=orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123 sslmode=verify-full sslrootcert='/etc/ssl/certs/rds global-bundle.pem' connect_timeout=10",
  psql:
    "PGPASSWORD='orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123' psql \"host=orders.abc123xyz.us-east-1.rds.amazonaws.com hostaddr=127.0.0.1 port=15432 dbname=orders user=app_user sslmode=verify-full sslrootcert='/etc/ssl/certs/rds global-bundle.pem' connect_timeout=10\"",
  env:
    [
      'export PGHOST=orders.abc123xyz.us-east-1.rds.amazonaws.com',
      'export PGHOSTADDR=127.0.0.1',
      'export PGPORT=15432',
      'export PGDATABASE=orders',
      'export PGUSER=app_user',
      'export PGSSLMODE=verify-full',
      "export PGSSLROOTCERT='/etc/ssl/certs/rds global-bundle.pem'",
      'export PGCONNECT_TIMEOUT=10',
      "export PGPASSWORD='orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123'",
    ].join('\n'),
  pgpass:
    [
      '# IAM token valid until 2030-01-01T00:15:00.000Z; write a new line after that.',
      'orders.abc123xyz.us-east-1.rds.amazonaws.com:15432:orders:app_user:orders.abc123xyz.us-east-1.rds.amazonaws.com\\:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123',
    ].join('\n'),
  'odbc-community':
    "Driver={PostgreSQL Unicode};Servername=orders.abc123xyz.us-east-1.rds.amazonaws.com;Port=15432;Database=orders;Username=app_user;SSLmode=verify-full;pqopt={hostaddr=127.0.0.1 sslrootcert='/etc/ssl/certs/rds global-bundle.pem'};Password={orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123}",
  node:
    [
      '// npm install pg  (ES module: save as .mjs)',
      "import { readFileSync } from 'node:fs';",
      "import pg from 'pg';",
      '',
      'const client = new pg.Client({',
      '  host: "127.0.0.1", // connect via',
      '  port: 15432,',
      '  database: "orders",',
      '  user: "app_user",',
      '  password: "orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123",',
      '  ssl: {',
      '    ca: readFileSync("/etc/ssl/certs/rds global-bundle.pem", \'utf8\'),',
      '    servername: "orders.abc123xyz.us-east-1.rds.amazonaws.com",',
      '  },',
      '  connectionTimeoutMillis: 10000,',
      '});',
      'await client.connect();',
    ].join('\n'),
};

const LIVE_PASSWORD: Partial<Record<ExportFormat, string>> = {
  uri: 'postgresql://report:s3cr%27et%3B%7D%7Bpw@10.0.3.17:6432/analytics?sslmode=prefer&connect_timeout=5',
  jdbc:
    'jdbc:postgresql://10.0.3.17:6432/analytics?user=report&password=s3cr%27et%3B%7D%7Bpw&sslmode=prefer&connectTimeout=5',
  python:
    [
      '# pip install "psycopg[binary]"',
      'import psycopg',
      '',
      'conn = psycopg.connect(',
      '    host="10.0.3.17",',
      '    port=6432,',
      '    dbname="analytics",',
      '    user="report",',
      '    password="s3cr\'et;}{pw",',
      '    sslmode="prefer",',
      '    connect_timeout=5,',
      ')',
    ].join('\n'),
  odbc:
    "Driver={AWS Unicode ODBC Driver for PostgreSQL};Server=10.0.3.17;Port=6432;Database=analytics;UserName=report;AuthType=database;SSLMode=prefer;Password={s3cr'et;}}{pw}",
  'odbc-community':
    "Driver={PostgreSQL Unicode};Servername=10.0.3.17;Port=6432;Database=analytics;Username=report;SSLmode=prefer;Password={s3cr'et;}}{pw}",
  node:
    [
      '// npm install pg  (ES module: save as .mjs)',
      "import pg from 'pg';",
      '',
      'const client = new pg.Client({',
      '  host: "10.0.3.17",',
      '  port: 6432,',
      '  database: "analytics",',
      '  user: "report",',
      '  password: "s3cr\'et;}{pw",',
      '  ssl: {',
      '    rejectUnauthorized: false, // encrypted; the certificate is not verified (set a CA bundle to verify it)',
      '  },',
      '  connectionTimeoutMillis: 5000,',
      '});',
      'await client.connect();',
    ].join('\n'),
};

/**
 * The JSON golden, exactly for the fields it lists (in order, 2-space indented); fields the DSN model
 * gains later (others work on it) must follow with the DSN's own values.
 */
function expectJsonGolden(text: string, golden: string, dsn: Dsn): void {
  const want = JSON.parse(golden) as Record<string, unknown>;
  const got = JSON.parse(text) as Record<string, unknown>;
  expect(text).toBe(JSON.stringify(got, null, 2));
  expect(Object.keys(got).slice(0, Object.keys(want).length)).toEqual(Object.keys(want));
  const later = Object.fromEntries(Object.keys(got).filter((k) => !(k in want)).map((k) => [k, dsn[k as keyof Dsn]]));
  expect(got).toEqual({ ...want, ...later });
  expect(Object.keys(later)).not.toContain('password');
}

const EXPIRES = '2030-01-01T00:15:00.000Z';
const PASSWORD = "s3cr'et;}{pw";

describe('golden exports', () => {
  const cases: Array<[string, Dsn, Record<ExportFormat, string>]> = [
    ['typical IAM DSN', IAM_DSN, IAM],
    ['IAM DSN through a tunnel, with a profile and a CA bundle', IAM_TUNNEL_DSN, IAM_TUNNEL],
    ['database-auth DSN', DB_DSN, DATABASE],
  ];
  for (const [label, dsn, golden] of cases) {
    describe(label, () => {
      for (const format of EXPORT_FORMATS) {
        it(format, () => {
          const out = exportDsn(dsn, format);
          if (format === 'json') expectJsonGolden(out.text, golden.json, dsn);
          else expect(out.text).toBe(golden[format]);
          expect(out.format).toBe(format);
          expect(out.containsSecret).toBe(false);
        });
      }
    });
  }

  it('live: a token embedded where the format carries one', () => {
    for (const [format, text] of Object.entries(LIVE_TOKEN) as Array<[ExportFormat, string]>) {
      const out = exportDsn(IAM_TUNNEL_DSN, format, { secret: { kind: 'token', value: TOKEN, expiresAt: EXPIRES } });
      expect(out.text, format).toBe(text);
      expect(out.containsSecret, format).toBe(true);
      expect(out.tokenExpiresAt, format).toBe(EXPIRES);
    }
  });

  it('database auth: the password included when given', () => {
    for (const [format, text] of Object.entries(LIVE_PASSWORD) as Array<[ExportFormat, string]>) {
      const out = exportDsn(DB_DSN, format, { secret: { kind: 'password', value: PASSWORD } });
      expect(out.text, format).toBe(text);
      expect(out.containsSecret, format).toBe(true);
      expect(out.tokenExpiresAt, format).toBeUndefined();
    }
  });
});
