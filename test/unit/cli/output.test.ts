/** What the CLI prints: the readable report, errors, the DSN table; untrusted text made terminal-safe. */
import { formatDsnTable, formatError, formatReport, plain } from '../../../electron/cli/output';
import type { ConnectionTestReport } from '../../../shared/connection-test';
import type { SavedDsn } from '../../../shared/dsn';
import { dbDsn, iamDsn } from '../../support/fakes';
import { describeCredentials, maskAccessKeyId } from '../../../electron/main/credentials/describe';

const success: ConnectionTestReport = {
  outcome: 'success',
  startedAt: '2030-01-01T12:00:00.000Z',
  totalMs: 57,
  phases: [
    { name: 'sign', status: 'ok', durationMs: 12, note: 'new token signed for db.example:5432 in us-east-1' },
    { name: 'tcp', status: 'ok', durationMs: 1, note: '127.0.0.1:6543' },
    { name: 'tls', status: 'ok', durationMs: 9, note: 'verified' },
    { name: 'auth', status: 'ok', durationMs: 30, note: 'IAM token accepted' },
    { name: 'query', status: 'ok', durationMs: 5, note: 'PostgreSQL 15.8' },
  ],
  server: { serverVersion: '15.8', currentUser: 'iam_user', database: 'appdb', tls: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' }, connectedTo: '127.0.0.1:6543', rdsIamMember: true },
  token: { signedFor: 'db.example:5432', region: 'us-east-1', reuseUntil: '2030-01-01T12:15:00.000Z', expiresAt: '2030-01-01T12:15:00.000Z', fromCache: false },
  identity: { source: 'the default AWS credential chain', accessKeyIdMasked: 'AKIA…WXYZ', callerArn: 'arn:aws:iam::123456789012:user/me' },
};

describe('formatReport', () => {
  it('success: the phases with ms and the server, token and identity facts', () => {
    const text = formatReport(success, '"prod"');
    expect(text).toContain('Connection test of "prod": success in 57 ms (started 2030-01-01T12:00:00.000Z)');
    expect(text).toContain('  sign   ok     12 ms  new token signed for db.example:5432 in us-east-1\n');
    expect(text).toContain('  auth   ok     30 ms  IAM token accepted\n');
    expect(text).toContain('Server:   PostgreSQL 15.8; user iam_user, member of rds_iam; database appdb; TLSv1.3 TLS_AES_256_GCM_SHA384; connected to 127.0.0.1:6543');
    expect(text).toContain('Token:    signed for db.example:5432 in us-east-1; reused until 2030-01-01T12:15:00.000Z, expires 2030-01-01T12:15:00.000Z');
    expect(text).toContain('Identity: the default AWS credential chain; key AKIA…WXYZ; arn:aws:iam::123456789012:user/me');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('failure: the code, the message, the hint lines and the detail', () => {
    const failure: ConnectionTestReport = {
      outcome: 'failure',
      startedAt: '2030-01-01T12:00:00.000Z',
      totalMs: 40,
      phases: success.phases.map((p) => (p.name === 'auth' ? { ...p, status: 'failed' } : p.name === 'query' ? { name: 'query', status: 'skipped', durationMs: 0 } : p)),
      error: { code: 'PAM_AUTH_FAILED', message: 'The database refused the IAM token.', hint: 'Check:\n• rds_iam\n• the region', detail: 'PAM authentication failed for user "x"\u001b[2J' },
    };
    const text = formatReport(failure, 'file x.json');
    expect(text).toContain('Connection test of file x.json: failure (PAM_AUTH_FAILED) after 40 ms');
    expect(text).toContain('  auth   failed      30 ms  IAM token accepted\n');
    expect(text).toContain('  query  skipped      0 ms\n');
    expect(text).toContain('Error:    The database refused the IAM token.');
    expect(text).toContain('Hint:     Check:\n          • rds_iam\n          • the region');
    expect(text).toContain('Detail:   PAM authentication failed for user "x"?[2J');
    expect(text).not.toContain('\u001b');
  });
});

describe('formatError', () => {
  it('message with code, then field errors, hint and detail', () => {
    const text = formatError({ code: 'VALIDATION', message: 'The DSN file x.json is not valid (1 problem).', fieldErrors: { port: ['Port must be a whole number from 1 to 65535'] }, hint: 'See docs/cli.md.' });
    expect(text).toBe('iam-dsn: The DSN file x.json is not valid (1 problem). [VALIDATION]\n  port: Port must be a whole number from 1 to 65535\nHint:   See docs/cli.md.\n');
  });
});

describe('plain', () => {
  it('keeps newlines and tabs, replaces other control characters', () => {
    expect(plain('a\tb\nc\u0007\u001b[31m\u009b')).toBe('a\tb\nc??[31m?');
  });
});

describe('the DSN table', () => {
  it('lists name, auth, server, user, database, region and credentials, never a secret', () => {
    const view = (over: Partial<SavedDsn>): SavedDsn => ({ ...iamDsn(), id: 'x', hasPassword: false, passwordSessionOnly: false, hasSecretAccessKey: false, hasSessionToken: false, hasSshPassword: false, updatedAt: '', ...over });
    const text = formatDsnTable([
      view({ name: 'prod', connectViaHost: '127.0.0.1', connectViaPort: 6543, credentialSource: { kind: 'profile', profile: 'app' } }),
      view({ ...dbDsn(), name: 'local', hasPassword: true }),
      view({ name: 'keys', credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLEEXAMPLE01' } }),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +AUTH +SERVER +USER +DATABASE +REGION +CREDENTIALS$/);
    expect(lines[1]).toMatch(/^prod +iam +mydb\.cluster-abc123\.us-east-1\.rds\.amazonaws\.com:5432 via 127\.0\.0\.1:6543 +app_user +postgres +us-east-1 +AWS profile "app"$/);
    expect(lines[2]).toMatch(/^local +database +127\.0\.0\.1:5432 +db_user +postgres +- +password saved$/);
    expect(lines[3]).toMatch(/typed keys AKIA…LE01$/);
  });

  it('masks access key ids and describes sources as the app does', () => {
    expect(maskAccessKeyId('AKIAEXAMPLEEXAMPLE01')).toBe('AKIA…LE01');
    expect(describeCredentials({ credentialSource: { kind: 'default' } })).toBe('the default AWS credential chain');
  });
});
