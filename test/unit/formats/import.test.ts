/**
 * Import of each format, the mapping rules (tunnel, sslmode, auth type, region), and malformed
 * strings: each error names the part that is wrong.
 */
import { describe, expect, it } from 'vitest';
import { exportDsn, importConnectionString, type ImportOutcome } from '../../../shared/formats';
import { IAM_DSN, IAM_TUNNEL_DSN, TOKEN } from '../../support/dsn-fixtures';

const RDS = 'orders.abc123xyz.us-east-1.rds.amazonaws.com';

function imported(text: string): ImportOutcome {
  const r = importConnectionString(text);
  if (!r.ok) throw new Error(`import failed: ${r.error.message}`);
  return r.value;
}

function failure(text: string): string {
  const r = importConnectionString(text);
  if (r.ok) throw new Error(`import succeeded: ${JSON.stringify(r.value.dsn)}`);
  expect(r.error.code).toBe('VALIDATION');
  return r.error.message;
}

describe('libpq URI', () => {
  it('reads every part, decodes like libpq, keeps sslrootcert a path, and never keeps the password', () => {
    const out = imported(`postgresql://app%20user:${encodeURIComponent(TOKEN)}@${RDS}:5432/my%2Fdb?sslmode=require&sslrootcert=%2Fetc%2Fpasswd&connect_timeout=7&application_name=x`);
    expect(out.format).toBe('uri');
    expect(out.dsn).toEqual({
      server: RDS,
      port: 5432,
      user: 'app user',
      database: 'my/db',
      sslMode: 'require',
      caBundlePath: '/etc/passwd',
      connectTimeoutSeconds: 7,
      authType: 'database',
      region: 'us-east-1',
    });
    expect(out.secretFound).toBe(true);
    expect(out.ignored).toEqual([
      { key: 'password', reason: expect.stringMatching(/secret/) },
      { key: 'application_name', reason: 'a libpq option this app does not keep' },
    ]);
    expect(JSON.stringify(out)).not.toContain('X-Amz-Signature');
  });

  it('hostaddr is the tunnel; the string only knows the tunnel port', () => {
    const out = imported(exportDsn(IAM_TUNNEL_DSN, 'uri').text);
    expect(out.dsn).toMatchObject({ server: RDS, connectViaHost: '127.0.0.1', connectViaPort: 15432 });
    expect(out.dsn.port).toBeUndefined();
    expect(out.notes.join('\n')).toMatch(/tunnel's port only/);
  });

  it('postgres:// works too; verify-full keeps verification: with a root certificate it is the CA bundle, without one the form must get one', () => {
    const out = imported(`postgres://u@${RDS}/d?sslmode=verify-full`);
    expect(out.dsn.sslMode).toBe('require');
    expect(out.verification).toBe('verify-full');
    expect(out.notes.join('\n')).toMatch(/sslmode=verify-full asks to verify the server, but the string names no root certificate: set CA bundle path/);
    const withRoot = imported(`postgres://u@${RDS}/d?sslmode=verify-full&sslrootcert=/etc/ssl/rds.pem`);
    expect(withRoot.dsn).toMatchObject({ sslMode: 'require', caBundlePath: '/etc/ssl/rds.pem' });
    expect(withRoot.notes.join('\n')).toMatch(/verified against \/etc\/ssl\/rds\.pem, chain and name/);
  });

  it('errors name the part', () => {
    expect(failure('postgresql://h:abc/d')).toBe("Port 'abc' is not a number");
    expect(failure('postgresql://h:99999/d')).toBe('Port 99999 is outside 1–65535');
    expect(failure('postgresql://a,b/d')).toBe("Several hosts ('a,b'): a DSN has one server");
    expect(failure('postgresql://h/d?sslmode=%zz')).toBe("Invalid percent-encoding '%zz' in the value of 'sslmode'");
    expect(failure('postgresql://h/d?sslmode')).toBe("The URI parameter 'sslmode' at position 18 has no \"=\"");
    expect(failure('postgresql://[::1/d')).toBe('No "]" closes the IPv6 address at position 14');
    expect(failure('postgresql://h/d?sslmode=verify-some')).toBe("Sslmode 'verify-some' is not one of disable, allow, prefer, require, verify-ca, verify-full");
    expect(failure('postgresql://%2Ftmp/d')).toBe("Host '/tmp' is a Unix-socket directory: this app connects over TCP");
    expect(failure('mysql://u@h/d')).toBe("Unknown URI scheme 'mysql'");
    expect(failure('POSTGRESQL://u@h/d')).toBe("Unknown URI scheme 'POSTGRESQL' (libpq accepts postgresql:// and postgres:// in lower case only)");
  });
});

describe('libpq keyword/value', () => {
  it("follows libpq's rules: spaces around =, single quotes, backslash escapes", () => {
    const out = imported(`host = ${RDS}  port= 6432 dbname='my db' user=o\\'brien password='a\\'b c' sslmode =require`);
    expect(out.format).toBe('keyword');
    expect(out.dsn).toMatchObject({ server: RDS, port: 6432, database: 'my db', user: "o'brien", sslMode: 'require' });
    expect(out.secretFound).toBe(true);
  });

  it('an unknown keyword is ignored with the reason libpq would refuse it', () => {
    expect(imported('host=h hots=x').ignored).toEqual([{ key: 'hots', reason: 'not a libpq option (libpq would refuse the string)' }]);
  });

  it('errors name the part and the position', () => {
    const text = `host=${RDS} password='abc`;
    expect(failure(text)).toBe(`Unterminated quote in value of 'password' at position ${text.indexOf("'") + 1}`);
    expect(failure('host=h port=abc')).toBe("Port 'abc' is not a number");
    expect(failure('host=h dbname')).toBe(`Missing "=" after 'dbname' at position 8 (a value with spaces needs single quotes)`);
    // After a password, stray text is probably part of it: not echoed.
    expect(failure('host=h password=se cret')).toBe('Missing "=" after the text at position 20 (a value with spaces needs single quotes)');
    expect(failure('host=h connect_timeout=ten')).toBe("Connect_timeout 'ten' is not a number");
  });
});

describe('ODBC', () => {
  it('AWS driver keys: AuthType=IAM, Region, TokenExpiration, IamHost (with Server as the tunnel)', () => {
    const out = imported(exportDsn(IAM_TUNNEL_DSN, 'odbc').text);
    expect(out.format).toBe('odbc');
    expect(out.dsn).toEqual({
      server: RDS,
      connectViaHost: '127.0.0.1',
      connectViaPort: 15432,
      database: 'orders',
      user: 'app_user',
      authType: 'iam',
      region: 'us-east-1',
      sslMode: 'require',
      tokenExpirationSeconds: 600,
      caBundlePath: '/etc/ssl/certs/rds global-bundle.pem',
    });
    expect(out.ignored).toEqual([{ key: 'Driver', reason: 'names the ODBC driver (AWS Unicode ODBC Driver for PostgreSQL)' }]);
  });

  it('community keys, braces with }} escaping, pqopt, UID/PWD', () => {
    const out = imported('DRIVER={PostgreSQL Unicode};SERVER=db.example.com;PORT=5433;DATABASE=sales;UID=bob;PWD={p;w}}d};SSLMODE=vf;pqopt={sslrootcert=\'/ca dir/rds.pem\' connect_timeout=9}');
    expect(out.dsn).toEqual({
      server: 'db.example.com',
      port: 5433,
      database: 'sales',
      user: 'bob',
      sslMode: 'require',
      caBundlePath: '/ca dir/rds.pem',
      connectTimeoutSeconds: 9,
      authType: 'database',
    });
    expect(out.secretFound).toBe(true);
  });

  it('other AuthTypes are ignored with a reason', () => {
    expect(imported('Server=h;AuthType=okta').ignored).toContainEqual({ key: 'AuthType', reason: "authentication 'okta' is not offered by this app (IAM or database)" });
  });

  it('errors name the part', () => {
    const odbc = 'Driver={PostgreSQL Unicode};Server=h;PWD={abc';
    expect(failure(odbc)).toBe(`Unterminated "{" in value of 'PWD' at position ${odbc.lastIndexOf('{') + 1}`);
    expect(failure('Server=h;Port=5432x')).toBe("Port '5432x' is not a number");
    expect(failure('Server=h;UID={bob}x;')).toBe(`Unexpected text after "}" in value of 'UID' at position 19`);
    expect(failure('Server=h;Region=mars-1')).toBe("Region 'mars-1' is not an AWS region code such as us-east-1");
    expect(failure('Server=h;pqopt={hostaddr=\'1.2.3.4}')).toBe(`In pqopt: unterminated quote in value of 'hostaddr' at position 10`);
  });
});

describe('JDBC', () => {
  it('AWS wrapper URL: wrapperPlugins=iam, iamRegion, iamHost and iamDefaultPort give server, port and tunnel', () => {
    const out = imported(exportDsn(IAM_TUNNEL_DSN, 'jdbc').text);
    expect(out.format).toBe('jdbc');
    expect(out.dsn).toEqual({
      server: RDS,
      port: 5432,
      connectViaHost: '127.0.0.1',
      connectViaPort: 15432,
      database: 'orders',
      user: 'app_user',
      authType: 'iam',
      region: 'us-east-1',
      tokenExpirationSeconds: 600,
      sslMode: 'require',
      caBundlePath: '/etc/ssl/certs/rds global-bundle.pem',
      connectTimeoutSeconds: 10,
    });
  });

  it('plain pgjdbc: + is a space (URLDecoder), ssl=true is require, the password is found', () => {
    const out = imported(`jdbc:postgresql://${RDS}:5432/my+db?user=a+b&password=x&ssl=true`);
    expect(out.dsn).toMatchObject({ server: RDS, port: 5432, database: 'my db', user: 'a b', sslMode: 'require', authType: 'database', region: 'us-east-1' });
    expect(out.secretFound).toBe(true);
  });

  it('errors name the part', () => {
    expect(failure('jdbc:mysql://h:3306/d')).toBe("Unknown JDBC sub-protocol 'mysql' (expected jdbc:postgresql: or jdbc:aws-wrapper:postgresql:)");
    expect(failure('jdbc:postgresql://a:1,b:2/d')).toBe("Several hosts ('a:1,b:2'): a DSN has one server");
    expect(failure('jdbc:postgresql://h:port/d')).toBe("Port 'port' is not a number");
    // user:password@ in a JDBC URL is refused without quoting the password back.
    const withUserInfo = failure('jdbc:postgresql://bob:CANARY-pw@h:5432/d');
    expect(withUserInfo).toContain("'h:5432'");
    expect(withUserInfo).not.toContain('CANARY-pw');
    expect(failure('jdbc:postgresql://h/d?user=%E9')).toBe("The percent-encoded bytes in the value of 'user' are not valid UTF-8");
    expect(failure('jdbc:aws-wrapper:postgresql://h/d?iamDefaultPort=x')).toBe("Port 'x' is not a number");
  });
});

describe('JSON export', () => {
  it('round trip of every field; secrets and unknown keys are reported', () => {
    const text = JSON.stringify({ ...JSON.parse(exportDsn(IAM_TUNNEL_DSN, 'json').text), password: 'pw', id: 'x' });
    const out = imported(text);
    expect(out.dsn).toEqual(IAM_TUNNEL_DSN);
    expect(out.secretFound).toBe(true);
    expect(out.ignored).toEqual([
      { key: 'password', reason: expect.stringMatching(/secret/) },
      { key: 'id', reason: 'not a DSN field' },
    ]);
  });

  it('errors name the field or the syntax', () => {
    expect(failure('{"port": 0}')).toBe('Field \'port\': Port must be a whole number from 1 to 65535');
    expect(failure('{"port": 5432')).toMatch(/^Not valid JSON: /);
    expect(failure('["x"]')).toBe('The JSON is not an object of DSN fields');
  });
});

describe('psql command lines and PG* variables (the shell exports)', () => {
  it('the recipe makes it IAM, with the server port, region and profile from the recipe', () => {
    expect(imported(exportDsn(IAM_TUNNEL_DSN, 'psql').text).dsn).toMatchObject({
      authType: 'iam',
      server: RDS,
      port: 5432,
      connectViaHost: '127.0.0.1',
      connectViaPort: 15432,
      region: 'us-east-1',
      credentialSource: { kind: 'profile', profile: 'prod-ro' },
    });
    expect(imported(exportDsn(IAM_DSN, 'env').text).dsn).toMatchObject({ authType: 'iam', server: RDS, port: 5432, region: 'us-east-1' });
    // The env export's `unset` lines (issue 11 #9) are part of it, not something ignored.
    expect(imported(exportDsn(IAM_DSN, 'env').text).ignored).toEqual([]);
  });

  it('psql options and a live PGPASSWORD (found, not kept)', () => {
    const out = imported(`PGPASSWORD='${TOKEN}' psql -h ${RDS} -p 5433 -U bob -d sales -c 'select 1'`);
    expect(out.format).toBe('shell');
    expect(out.dsn).toMatchObject({ server: RDS, port: 5433, user: 'bob', database: 'sales', authType: 'database' });
    expect(out.secretFound).toBe(true);
    expect(out.ignored).toContainEqual({ key: '-c', reason: 'a psql option, not a connection setting' });
  });

  it('nothing runs and errors name the part', () => {
    expect(failure(`psql 'host=h`)).toBe('Unterminated single quote at position 6');
    expect(failure('export PGHOST=`pwned`')).toBe('Backquotes at position 15 are not supported: use $(…)');
    expect(failure('# just a comment mentioning generate-db-auth-token')).toBe('No psql command or PG* variable with connection settings was found');
  });
});

describe('detection', () => {
  it('unknown or empty input is a VALIDATION error with a clear message', () => {
    expect(failure('')).toBe('Paste a connection string to import.');
    expect(failure('hello world')).toBe('Unknown format: expected a postgresql:// URI, key=value pairs, an ODBC string (Key=Value;…), a jdbc: URL or the JSON export');
    expect(failure("import pg from 'pg';")).toMatch(/^This is a code snippet/);
  });

  it('tells ODBC from keyword/value', () => {
    expect(imported('Server=h;Database=d').format).toBe('odbc');
    expect(imported('Port=5432;Password=x').format).toBe('odbc');
    expect(imported("host=h password='a;b'").format).toBe('keyword');
    expect(imported('host=h;x').dsn.server).toBe('h;x');
  });
});

describe('authentication of an RDS endpoint', () => {
  it.each([
    ['a libpq URI', `postgresql://app@${RDS}/orders`],
    ['a keyword string', `host=${RDS} dbname=orders user=app`],
    ['a psql line', `psql "host=${RDS} port=5432 dbname=orders user=app sslmode=require"`],
    ['a JDBC URL', `jdbc:postgresql://${RDS}:5432/orders?user=app`],
    ['a China-region endpoint', 'postgresql://app@reports.c9akciq32.rds.cn-north-1.amazonaws.com.cn/orders'],
  ])('%s without a password is IAM, with a note to switch', (_what, text) => {
    const out = imported(text);
    expect(out.dsn.authType).toBe('iam');
    expect(out.dsn.region).toMatch(/^(us-east-1|cn-north-1)$/);
    expect(out.notes.join(' ')).toMatch(/Authentication was set to IAM: the server is an Amazon RDS endpoint and the string holds no password/);
  });

  it('with a password, or on another server, stays database authentication', () => {
    expect(imported(`postgresql://app:pw@${RDS}/orders`).dsn.authType).toBe('database');
    expect(imported('postgresql://app@db.example.com/orders').dsn.authType).toBe('database');
    expect(imported(`Driver={x};Server=${RDS};AuthType=database;UID=app`).dsn.authType).toBe('database');
  });
});

describe('SQLAlchemy and psycopg URLs', () => {
  it.each(['psycopg2', 'psycopg', 'asyncpg', 'pg8000'])('postgresql+%s:// is read as the libpq URI it carries', (driver) => {
    const out = imported(`postgresql+${driver}://app:S3cret@${RDS}:6432/orders?sslmode=require`);
    expect(out.format).toBe('sqlalchemy');
    expect(out.dsn).toMatchObject({ server: RDS, port: 6432, user: 'app', database: 'orders', sslMode: 'require', authType: 'database' });
    expect(out.secretFound).toBe(true);
    expect(JSON.stringify(out)).not.toContain('S3cret');
    expect(out.notes.join(' ')).toContain(`A SQLAlchemy URL (driver ${driver})`);
  });

  it("asyncpg's ssl=<mode> is its sslmode; without a password an RDS endpoint is IAM", () => {
    const out = imported(`postgresql+asyncpg://app@${RDS}/orders?ssl=require`);
    expect(out.dsn).toMatchObject({ sslMode: 'require', authType: 'iam' });
  });

  it('a psycopg conninfo URI is a libpq URI (psycopg hands it to libpq)', () => {
    expect(imported(`postgresql://app@${RDS}/orders?sslmode=require&target_session_attrs=read-write`).format).toBe('uri');
  });
});
