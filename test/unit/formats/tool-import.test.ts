/**
 * Library import from other tools' files, made by hand from each tool's documented format
 * (test/fixture/tool-files: pgAdmin 4's servers.json, DBeaver's data-sources.json, libpq's
 * pg_service.conf and .pgpass) with hostile values in them: markup and bidi controls in names,
 * prototype keys, a port that is a command, a host with a line break, passwords in clear (canaries),
 * commands that must never run, files that must never be read, and TLS that must not be weakened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importToolFile, MAX_TOOL_ENTRIES, type ToolImport } from '../../../shared/formats';

const FILES = join(__dirname, '../../fixture/tool-files');
const read = (name: string): ToolImport => {
  const result = importToolFile(readFileSync(join(FILES, name), 'utf8'));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const entry = (imported: ToolImport, name: string) => imported.entries.find((e) => e.dsn.name === name);
const skip = (imported: ToolImport, name: string) => imported.skipped.find((s) => s.name === name);

describe('pgAdmin 4 servers.json', () => {
  const imported = read('servers.json');

  it('reads servers into DSNs: group and tags as tags, the environment from them, ConnectionParameters as libpq keys', () => {
    expect(imported.format).toBe('pgadmin');
    expect(entry(imported, 'reports replica')?.dsn).toMatchObject({
      server: 'reports.c9akciq32.rds.cn-north-1.amazonaws.com.cn',
      authType: 'iam',
      region: 'cn-north-1',
      database: 'reports',
      user: 'bi',
      sslMode: 'require',
      tags: ['Staging'],
      environment: 'staging',
    });
    const legacy = imported.entries.find((e) => e.source === 'server 2');
    // pgAdmin 6's top-level SSLMode and a port given as text; markup stays text, the bidi override (it showed "exe.png") goes, with a note.
    expect(legacy?.dsn).toMatchObject({ name: 'legacy <img src=x onerror=alert(1)> gnp.exe', server: '10.0.3.17', port: 6432, sslMode: 'prefer', authType: 'database' });
    expect(legacy?.notes.join(' ')).toMatch(/SSH tunnel/);
    expect(legacy?.notes).toContain('Invisible or control characters were removed from the name.');
  });

  it('PasswordExecCommand with a token recipe means IAM (region and profile read, the command never run); the passfile is never read', () => {
    const writer = entry(imported, 'orders writer');
    expect(writer?.dsn).toMatchObject({ authType: 'iam', region: 'eu-central-1', credentialSource: { kind: 'profile', profile: 'prod-db' }, environment: 'production', tags: ['Production', 'orders'] });
    expect(writer?.ignored.map((i) => i.key)).toContain('ConnectionParameters.passfile');
    expect(JSON.stringify(imported)).not.toContain('/etc/shadow');
  });

  it('verify-full keeps full verification: with sslrootcert it is the CA bundle; without one the server is skipped, never downgraded', () => {
    expect(entry(imported, 'orders writer')?.dsn).toMatchObject({ sslMode: 'require', caBundlePath: '/etc/ssl/certs/rds-global-bundle.pem' });
    expect(skip(imported, 'verify without a root certificate')?.reason).toMatch(/sslmode=verify-full but names no root certificate/);
  });

  it('skips what cannot be a DSN, saying why; a duplicate name gets a number; a password in clear is never taken', () => {
    expect(skip(imported, 'through a service')?.reason).toMatch(/pg_service\.conf entry “orders-ro”/);
    expect(skip(imported, 'port is a command')?.reason).toBe("Port '5432; DROP TABLE users' is not a number.");
    expect(skip(imported, 'host with a line break')?.reason).toMatch(/Server must be a host name or an IP address/);
    expect(imported.skipped.find((s) => s.source === 'server 8')?.reason).toMatch(/not an object/);
    const second = entry(imported, 'orders writer (2)');
    expect(second?.dsn).toMatchObject({ user: 'app_reader', authType: 'database' });
    expect(second?.secretFound).toBe(true);
    expect(JSON.stringify(imported)).not.toContain('CANARY-pgadmin-pw');
  });

  it('a "__proto__" server is an ordinary entry; Object.prototype is untouched', () => {
    expect(entry(imported, 'prototype')?.source).toBe('server __proto__');
    expect(({} as Record<string, unknown>).Name).toBeUndefined();
  });
});

describe('DBeaver data-sources.json', () => {
  const imported = read('data-sources.json');

  it('reads PostgreSQL connections: folder as tag, connection type as environment, the SSL handler; an RDS host without a saved password is IAM', () => {
    expect(imported.format).toBe('dbeaver');
    expect(entry(imported, 'billing (prod)')?.dsn).toMatchObject({
      server: 'billing.abc123xyz.us-west-2.rds.amazonaws.com',
      authType: 'iam',
      region: 'us-west-2',
      user: 'billing_app',
      sslMode: 'require',
      tags: ['AWS/Production'],
      environment: 'production',
    });
    expect(entry(imported, 'constructor')?.dsn.environment).toBe('staging');
    expect(entry(imported, 'from a URL')?.dsn).toMatchObject({ server: 'reports.abc123xyz.eu-west-1.rds.amazonaws.com', user: 'bi', environment: 'test' });
  });

  it('never takes a password, never runs an event command or a bootstrap query', () => {
    const dev = entry(imported, 'local dev');
    expect(dev?.dsn).toMatchObject({ authType: 'database', user: 'dev', port: 5433, sslMode: 'prefer', environment: 'development' });
    expect(dev?.secretFound).toBe(true);
    expect(dev?.ignored.map((i) => i.key)).toEqual(expect.arrayContaining(['save-password', 'auth-properties.password', 'bootstrap']));
    expect(entry(imported, 'billing (prod)')?.ignored.map((i) => i.key)).toContain('events');
    const text = JSON.stringify(imported);
    expect(text).not.toContain('CANARY-dbeaver-pw');
    expect(text).not.toContain('attacker.invalid');
    expect(text).not.toContain('DROP SCHEMA');
  });

  it('skips other databases and a port that is an object', () => {
    expect(skip(imported, 'a MySQL one')?.reason).toMatch(/only PostgreSQL/);
    expect(skip(imported, 'port not a number')?.reason).toBe('Port is not text or a whole number.');
  });
});

describe('pg_service.conf', () => {
  const imported = read('pg_service.conf');

  it('one DSN per service, named after it, read as libpq reads the file (leading blanks too)', () => {
    expect(imported.format).toBe('pg-service');
    expect(entry(imported, 'orders-ro')?.dsn).toMatchObject({
      server: 'orders-ro.cluster-ro-c0ffee12ab34.eu-central-1.rds.amazonaws.com',
      authType: 'iam',
      sslMode: 'require',
      caBundlePath: '/etc/ssl/certs/rds-global-bundle.pem',
    });
    expect(entry(imported, 'analytics')?.dsn).toMatchObject({ server: '10.0.3.17', port: 6432, authType: 'database', sslMode: 'prefer' });
    expect(imported.notes.join(' ')).toMatch(/1 line before the first \[service\] was ignored/);
  });

  it('skips each service libpq would refuse, with its line; never takes the password', () => {
    expect(skip(imported, 'spaces around equals')?.reason).toMatch(/^line 21: “host ” has spaces before “=”/);
    expect(skip(imported, 'no equals')?.reason).toMatch(/^line 26: no "="/);
    expect(skip(imported, 'nested')?.reason).toMatch(/^line 30: a nested service=/);
    expect(skip(imported, 'verify without root')?.reason).toMatch(/names no root certificate/);
    expect(skip(imported, 'unix socket')?.reason).toMatch(/Unix-socket directory/);
    expect(JSON.stringify(imported)).not.toContain('CANARY-service-pw');
  });
});

describe('.pgpass entries', () => {
  const imported = read('pgpass');

  it('an entry whose password is an IAM token is IAM, its region from the token scope; other passwords mean database auth, never imported', () => {
    expect(imported.format).toBe('pgpass');
    expect(imported.entries.find((e) => e.source === 'line 2')?.dsn).toMatchObject({ authType: 'iam', region: 'eu-central-1', database: 'orders', user: 'app_user' });
    const report = imported.entries.find((e) => e.source === 'line 3');
    expect(report?.dsn).toMatchObject({ name: 'report@10.0.3.17', authType: 'database', port: 5432, database: 'postgres' });
    expect(report?.notes.join(' ')).toMatch(/port is \* \(any\): 5432 was taken/);
    const text = JSON.stringify(imported);
    expect(text).not.toContain('CANARY-pgpass');
    expect(text).not.toContain('X-Amz-Signature');
  });

  it('skips wildcard hosts, and reads escapes as libpq does', () => {
    expect(imported.skipped.find((s) => s.source === 'line 4')?.reason).toMatch(/matches any host/);
    expect(imported.skipped.find((s) => s.source === 'line 5')?.name).toBe('us:er@db:odd/db\\name');
  });
});

describe('what is not an importable file', () => {
  it.each([
    ['plain text', 'hello world', /Not a file this app can import/],
    ['JSON of something else', '{"a": 1}', /neither a pgAdmin servers\.json/],
    ['broken JSON', '{"Servers": {', /not valid JSON/],
    ['a NUL character', '[x]\nhost=a\0', /NUL character/],
  ])('%s', (_what, text, message) => {
    const result = importToolFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('refuses more entries than it imports at once, and a file larger than 5 MB', () => {
    const many = Array.from({ length: MAX_TOOL_ENTRIES + 1 }, (_, i) => `h${i}.example.com:5432:db:u:p`).join('\n');
    const tooMany = importToolFile(many);
    expect(tooMany.ok || tooMany.error.message).toMatch(/holds 10001 entries; at most 10000/);
    const big = importToolFile(`[s]\nhost=${'a'.repeat(6 * 1024 * 1024)}`);
    expect(big.ok || big.error.message).toMatch(/larger than 5 MB/);
  });
});
