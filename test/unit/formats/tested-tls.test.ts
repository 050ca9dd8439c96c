/**
 * Exports say what the connection test does: an IAM DSN's allow/prefer export as require (a token
 * only goes over TLS), a CA bundle exports as verify-full where the client checks the server's own
 * name, and as verify-ca with a plain note where it cannot (a tunnel in the URL). And a live
 * export carries a masked copy of its text for the screen.
 */
import { describe, expect, it } from 'vitest';
import { type Dsn, dsnSchema } from '../../../shared/dsn';
import { EXPORT_FORMATS, exportDsn } from '../../../shared/formats';
import { DB_DSN, IAM_DSN, IAM_TUNNEL_DSN, TOKEN } from '../../support/dsn-fixtures';

const iamPrefer: Dsn = dsnSchema.parse({ ...IAM_DSN, sslMode: 'prefer' });
const direct: Dsn = dsnSchema.parse({ ...IAM_DSN, caBundlePath: '/etc/ssl/rds.pem' });

describe('sslmode of an export', () => {
  it.each(['uri', 'keyword', 'psql', 'env', 'odbc-community'] as const)('IAM with prefer: %s says sslmode=require, and why', (format) => {
    const out = exportDsn(iamPrefer, format);
    expect(out.text).toMatch(/(sslmode|PGSSLMODE|SSLmode)=require/i);
    expect(out.text).not.toMatch(/prefer/);
    expect(out.notes.join(' ')).toMatch(/an IAM token is only ever sent over TLS/);
  });

  it.each(['uri', 'keyword', 'psql', 'env', 'odbc-community', 'jdbc', 'python', 'odbc'] as const)('a CA bundle, no tunnel: %s verifies the chain and the name (verify-full)', (format) => {
    expect(exportDsn(direct, format).text).toMatch(/verify-full/);
  });

  it('through a tunnel, JDBC, Python and the AWS ODBC driver check the tunnel name, so they say verify-ca and why; libpq keeps verify-full', () => {
    for (const format of ['jdbc', 'python', 'odbc'] as const) {
      const out = exportDsn(IAM_TUNNEL_DSN, format);
      expect(out.text).toMatch(/verify-ca/);
      expect(out.notes.join(' ')).toMatch(/checks the certificate's name against 127\.0\.0\.1 \(the tunnel\), not orders\.abc123xyz/);
    }
    expect(exportDsn(IAM_TUNNEL_DSN, 'uri').text).toContain('sslmode=verify-full');
  });

  it('the Node snippet never switches the name check off', () => {
    for (const dsn of [direct, IAM_TUNNEL_DSN]) expect(exportDsn(dsn, 'node').text).not.toContain('checkServerIdentity');
  });

  it('database authentication keeps its own prefer', () => {
    expect(exportDsn(DB_DSN, 'uri').text).toContain('sslmode=prefer');
  });
});

describe('masked text of a live export', () => {
  it('every format that carries the token has a masked copy without it', () => {
    for (const format of EXPORT_FORMATS) {
      const out = exportDsn(IAM_DSN, format, { secret: { kind: 'token', value: TOKEN } });
      if (!out.containsSecret) {
        expect(out.maskedText).toBeUndefined();
        continue;
      }
      expect(out.maskedText, format).toContain('HIDDEN_TOKEN');
      expect(out.maskedText, format).not.toContain('X-Amz-Signature');
      expect(out.text, format).toMatch(/X-Amz-Signature/);
    }
  });

  it('a password too', () => {
    const out = exportDsn(DB_DSN, 'psql', { secret: { kind: 'password', value: 'CANARY-pw' } });
    expect(out.maskedText).toContain('HIDDEN_PASSWORD');
    expect(out.maskedText).not.toContain('CANARY-pw');
  });
});
