/**
 * Secret canary: a recipe export never holds a secret; a live export holds it exactly when the format
 * can carry it, and says so (containsSecret, tokenExpiresAt).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dsn } from '../../../shared/dsn';
import { EXPORT_FORMATS, exportAll, exportDsn, formatCarriesSecret } from '../../../shared/formats';
import { dsnArbitrary } from '../../support/dsn-arbitraries';
import { DB_DSN, IAM_DSN, IAM_TUNNEL_DSN } from '../../support/dsn-fixtures';

const CANARY = 'CANARY-7f3a9c-SECRET';
const EXPIRES = '2030-01-01T00:15:00.000Z';

describe('secret canary', () => {
  it('recipe mode: no output holds the canary, even when the DSN object carries a password field', () => {
    for (const dsn of [IAM_DSN, IAM_TUNNEL_DSN, DB_DSN]) {
      // A DsnInput (with its write-only password) is structurally a Dsn: its extra field must not leak.
      const carrier = { ...dsn, password: CANARY, id: CANARY } as Dsn;
      for (const out of exportAll(carrier)) {
        expect(out.text, out.format).not.toContain(CANARY);
        expect(out.notes.join('\n'), out.format).not.toContain(CANARY);
        expect(out.containsSecret, out.format).toBe(false);
        expect(out.tokenExpiresAt, out.format).toBeUndefined();
      }
    }
  });

  it('live mode: the canary is in the text exactly when the format carries it, and containsSecret says so', () => {
    for (const dsn of [IAM_DSN, IAM_TUNNEL_DSN, DB_DSN]) {
      const kind = dsn.authType === 'iam' ? 'token' : 'password';
      for (const format of EXPORT_FORMATS) {
        const out = exportDsn(dsn, format, { secret: { kind, value: CANARY, expiresAt: EXPIRES } });
        const carries = formatCarriesSecret(format, dsn.authType);
        expect(out.text.includes(CANARY), `${format} ${dsn.name}`).toBe(carries);
        expect(out.containsSecret, `${format} ${dsn.name}`).toBe(carries);
        expect(out.tokenExpiresAt, `${format} ${dsn.name}`).toBe(carries && kind === 'token' ? EXPIRES : undefined);
        expect(out.notes.join('\n')).not.toContain(CANARY);
        if (!carries && format !== 'json') expect(out.notes.join('\n'), format).toMatch(/not embedded|not included|signs/);
      }
    }
  });

  it('the carrying formats are the libpq ones, node and odbc-community; the wrappers sign their own tokens', () => {
    expect(EXPORT_FORMATS.filter((f) => formatCarriesSecret(f, 'iam'))).toEqual(['uri', 'keyword', 'psql', 'env', 'pgpass', 'odbc-community', 'node']);
    expect(EXPORT_FORMATS.filter((f) => formatCarriesSecret(f, 'database'))).toEqual(EXPORT_FORMATS.filter((f) => f !== 'json'));
  });

  it('a secret of the wrong kind, or holding NUL, is left out with a note', () => {
    const wrong = exportDsn(IAM_DSN, 'uri', { secret: { kind: 'password', value: CANARY } });
    expect(wrong.text).not.toContain(CANARY);
    expect(wrong.containsSecret).toBe(false);
    expect(wrong.notes.join('\n')).toMatch(/password was given for a DSN with IAM authentication/);
    const nul = exportDsn(DB_DSN, 'keyword', { secret: { kind: 'password', value: `${CANARY}\0x` } });
    expect(nul.text).not.toContain(CANARY);
    expect(nul.notes.join('\n')).toMatch(/NUL/);
  });

  it('property: for arbitrary DSNs, containsSecret is true exactly when the text holds the secret', () => {
    fc.assert(
      fc.property(dsnArbitrary(), fc.boolean(), (dsn, live) => {
        const kind = dsn.authType === 'iam' ? 'token' : 'password';
        for (const out of exportAll(dsn, live ? { secret: { kind, value: CANARY } } : {})) {
          expect(out.containsSecret, out.format).toBe(out.text.includes(CANARY));
          if (!live) expect(out.text).not.toContain(CANARY);
        }
      }),
      { numRuns: 200 },
    );
  });
});
