import { DatabaseError } from 'pg';
import type { PhaseName } from '../../../../shared/connection-test';
import type { Dsn } from '../../../../shared/dsn';
import { diagnoseError, diagnoseTimeout } from '../../../../electron/main/connection-test/diagnosis/diagnosis';
import { iamChecklist } from '../../../../electron/main/connection-test/diagnosis/iam-checklist';
import { TesterError } from '../../../../electron/main/connection-test/tester-error';
import { dbDsn, iamDsn } from '../../../support/fakes';
import { createUserStatements } from '../../../../shared/iam-setup/setup-sql';

function sysError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

function serverError(code: string, message: string): DatabaseError {
  const e = new DatabaseError(message, message.length, 'error');
  e.code = code;
  e.severity = 'FATAL';
  return e;
}

const ctx = (dsn: Dsn, phase: PhaseName = 'auth', tls = true) => ({ dsn, phase, tls });

describe('diagnoseError: network and TLS', () => {
  it.each([
    ['ENOTFOUND', 'DNS_NOT_FOUND'],
    ['EAI_AGAIN', 'DNS_NOT_FOUND'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['EHOSTUNREACH', 'HOST_UNREACHABLE'],
    ['ENETUNREACH', 'HOST_UNREACHABLE'],
    ['ETIMEDOUT', 'CONNECT_TIMEOUT'],
    ['ECONNRESET', 'CONNECTION_CLOSED'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_UNTRUSTED_CA'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_UNTRUSTED_CA'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_UNTRUSTED_CA'],
    ['CERT_HAS_EXPIRED', 'TLS_CERT_EXPIRED'],
    ['CERT_NOT_YET_VALID', 'TLS_CERT_EXPIRED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_NAME_MISMATCH'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS_FAILED'],
  ])('%s → %s', (code, expected) => {
    const e = diagnoseError(sysError(code), ctx(iamDsn(), 'tcp'));
    expect(e.code).toBe(expected);
    expect(e.message.length).toBeGreaterThan(10);
    expect(e.detail).toContain(code === 'ETIMEDOUT' ? 'ETIMEDOUT' : 'happened');
  });

  it('names the host the socket really went to for DNS and refusals', () => {
    const dsn = iamDsn({ connectViaHost: 'bastion.example.com', connectViaPort: 6000 });
    expect(diagnoseError(sysError('ENOTFOUND'), ctx(dsn, 'tcp')).message).toContain('bastion.example.com');
    expect(diagnoseError(sysError('ECONNREFUSED'), ctx(dsn, 'tcp')).message).toContain('bastion.example.com:6000');
  });

  it("maps pg's own texts: SSL refused, connect and query timeouts, terminated", () => {
    expect(diagnoseError(new Error('The server does not support SSL connections'), ctx(iamDsn(), 'tls'))).toMatchObject({
      code: 'TLS_NOT_SUPPORTED',
      message: 'The server does not support SSL connections.',
    });
    const t = diagnoseError(new Error('timeout expired'), ctx(iamDsn({ connectTimeoutSeconds: 7 }), 'tls'));
    expect(t.code).toBe('CONNECT_TIMEOUT');
    expect(t.message).toContain('7 s');
    expect(t.message).toContain('setting up TLS');
    expect(diagnoseError(new Error('Query read timeout'), ctx(iamDsn(), 'query')).code).toBe('QUERY_TIMEOUT');
    expect(diagnoseError(new Error('Connection terminated unexpectedly'), ctx(iamDsn(), 'auth')).code).toBe('CONNECTION_CLOSED');
  });

  it('says at which phase a connect timeout hit', () => {
    expect(diagnoseTimeout(ctx(dbDsn(), 'tcp')).message).toContain('opening the TCP connection');
    expect(diagnoseTimeout(ctx(dbDsn(), 'auth')).message).toContain('logging in');
    expect(diagnoseTimeout(ctx(dbDsn({ queryTimeoutSeconds: 3 }), 'query'))).toMatchObject({ code: 'QUERY_TIMEOUT', message: expect.stringContaining('3 s') });
  });

  it('passes a TesterError through unchanged', () => {
    expect(diagnoseError(new TesterError('PASSWORD_MISSING', 'none', 'enter one'), ctx(dbDsn()))).toEqual({ code: 'PASSWORD_MISSING', message: 'none', hint: 'enter one' });
  });
});

describe('diagnoseError: server answers', () => {
  it('PAM failure on an IAM DSN → PAM_AUTH_FAILED with the checklist and raw detail', () => {
    const raw = 'PAM authentication failed for user "app_user"';
    const e = diagnoseError(serverError('28000', raw), ctx(iamDsn()));
    expect(e.code).toBe('PAM_AUTH_FAILED');
    expect(e.detail).toBe(raw);
    // PAM checks only members of rds_iam: the grant holds and is not suggested.
    expect(e.hint).not.toContain('GRANT rds_iam');
    expect(e.hint).toContain('rds-db:connect on arn:aws:rds-db:us-east-1:<account-id>:dbuser:<resource-id>/app_user');
    expect(e.hint).toContain('mydb.cluster-abc123.us-east-1.rds.amazonaws.com:5432');
    expect(e.hint).toMatch(/expired/);
    expect(e.hint).toMatch(/clock/);
  });

  it('password failure on an IAM DSN → PASSWORD_AUTH_FAILED explaining rds_iam, with the checklist', () => {
    const e = diagnoseError(serverError('28P01', 'password authentication failed for user "app_user"'), ctx(iamDsn()));
    expect(e.code).toBe('PASSWORD_AUTH_FAILED');
    expect(e.cause).toContain('not a member of rds_iam');
    expect(e.action).toEqual({ kind: 'copy', text: 'GRANT rds_iam TO app_user;', label: 'Copy GRANT rds_iam TO app_user;' });
    expect(e.hint).not.toContain('GRANT rds_iam TO app_user');
  });

  it('password failure on a database DSN has no IAM checklist', () => {
    const e = diagnoseError(serverError('28P01', 'password authentication failed for user "db_user"'), ctx(dbDsn()));
    expect(e.code).toBe('PASSWORD_AUTH_FAILED');
    expect(e.hint).not.toContain('rds_iam TO');
  });

  it.each([
    ['3D000', 'database "nope" does not exist', 'DATABASE_NOT_FOUND'],
    ['28000', 'role "ghost" does not exist', 'ROLE_NOT_FOUND'],
    ['28000', 'no pg_hba.conf entry for host "10.0.0.1", user "u", database "d", no encryption', 'NO_HBA_ENTRY'],
    ['53300', 'sorry, too many clients already', 'SERVER_ERROR'],
    ['XX000', 'something odd', 'SERVER_ERROR'],
  ])('%s %s → %s', (sqlState, text, expected) => {
    const e = diagnoseError(serverError(sqlState, text), ctx(dbDsn()));
    expect(e.code).toBe(expected);
    expect(e.detail).toBe(text);
  });

  it('suggests TLS for a pg_hba refusal of a plaintext connection', () => {
    const e = diagnoseError(serverError('28000', 'no pg_hba.conf entry for host "1.2.3.4"'), ctx(dbDsn(), 'auth', false));
    expect(e.hint).toContain('sslmode require');
  });
});

describe('iamChecklist', () => {
  it('issue 11 #13: names the resource id of the endpoint\'s kind (prx- for any proxy endpoint)', () => {
    const resourceId = (server: string): string => /\(resource id: (.*)\)\.$/m.exec(iamChecklist(iamDsn({ server })))?.[1] ?? '';
    expect(resourceId('reader.endpoint.proxy-abc123.us-east-1.rds.amazonaws.com')).toMatch(/^prx-… \(DBProxyArn\), the proxy's own/);
    expect(resourceId('app.proxy-abc123.us-east-1.rds.amazonaws.com')).toMatch(/^prx-…/);
    expect(resourceId('aurora.cluster-ro-abc123.us-east-1.rds.amazonaws.com')).toMatch(/^cluster-… \(DbClusterResourceId\)/);
    expect(resourceId('orders.abc123.us-east-1.rds.amazonaws.com')).toMatch(/^db-… \(DbiResourceId\)/);
    expect(iamChecklist(iamDsn({ server: 'db.internal.example.com' }))).toMatch(/"db-…".*"cluster-…".*"prx-…"/);
  });

  it('shows both regions when the DSN region differs from the endpoint name', () => {
    const text = iamChecklist(iamDsn({ region: 'us-west-2' }));
    expect(text).toContain('region us-west-2');
    expect(text).toContain('The endpoint name says us-east-1');
  });

  it('does not mention a mismatch when they agree or the name is not an RDS endpoint', () => {
    expect(iamChecklist(iamDsn())).not.toContain('differ');
    expect(iamChecklist(iamDsn({ server: 'db.internal.example', region: 'eu-west-1' }))).not.toContain('differ');
  });

  it('explains that the token is signed for the server, not the tunnel', () => {
    const text = iamChecklist(iamDsn({ connectViaHost: '127.0.0.1', connectViaPort: 15432 }));
    expect(text).toContain('You connect via 127.0.0.1:15432');
    expect(text).toContain('signed for the server, not the tunnel');
  });

  it('uses the partition of the region and quotes odd user names', () => {
    const text = iamChecklist(iamDsn({ server: 'db.abc.rds.cn-north-1.amazonaws.com.cn', region: 'cn-north-1', user: 'we"ird' }));
    expect(text).toContain('arn:aws-cn:rds-db:cn-north-1:');
    expect(text).toContain('GRANT rds_iam TO "we""ird";');
  });

  // Issue #9, disagreement 2: the diagnosis quoted every name ("iam_user"); the setup assistant
  // quotes only when PostgreSQL needs it. The assistant's rule wins, so both say the same SQL.
  it.each([
    ['iam_user', 'GRANT rds_iam TO iam_user;'],
    ['App_User', 'GRANT rds_iam TO "App_User";'],
    ['select', 'GRANT rds_iam TO "select";'],
    ['9lives', 'GRANT rds_iam TO "9lives";'],
    ['orders app', 'GRANT rds_iam TO "orders app";'],
  ])('quotes %s as the IAM setup assistant does: %s', (user, grant) => {
    expect(createUserStatements(user)).toContain(grant);
    expect(iamChecklist(iamDsn({ user }))).toContain(`1. The database user is granted rds_iam: ${grant}`);
    const refused = diagnoseError(serverError('28P01', `password authentication failed for user "${user}"`), ctx(iamDsn({ user })));
    expect(refused.action).toMatchObject({ kind: 'copy', text: grant });
    const unknown = diagnoseError(serverError('28000', `role "${user}" does not exist`), ctx(iamDsn({ user })));
    expect(unknown.hint).toContain(`CREATE USER ${grant.slice('GRANT rds_iam TO '.length, -1)};`);
  });
});
