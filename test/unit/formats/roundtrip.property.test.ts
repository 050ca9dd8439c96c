/**
 * Property: exporting a DSN and importing the text gives back every field the format carries, for
 * arbitrary valid DSNs with hostile characters in every free-text field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Dsn, socketTarget } from '../../../shared/dsn';
import { type ExportFormat, exportDsn, importConnectionString } from '../../../shared/formats';
import { isIpAddress } from '../../../shared/host';
import { testedSslMode } from '../../../shared/formats/common';
import { parseRdsEndpoint, regionFromEndpoint } from '../../../shared/region';
import { dsnArbitrary, hostileString } from '../../support/dsn-arbitraries';

const bare = (h: string): string => (h.startsWith('[') ? h.slice(1, -1) : h);

/** The tunnel as libpq strings carry it: hostaddr for an IP, nothing for a host name. */
function libpqTarget(dsn: Dsn): Partial<Dsn> {
  const t = socketTarget(dsn);
  if (dsn.connectViaHost !== '' && isIpAddress(dsn.connectViaHost)) return { connectViaHost: bare(dsn.connectViaHost), connectViaPort: t.port };
  return { port: t.port };
}

function withRegion(dsn: Dsn, expected: Partial<Dsn>, region: string | undefined): Partial<Dsn> {
  return region !== undefined ? { ...expected, region } : expected;
}

/** An export without a password read back: an RDS endpoint means IAM, anything else database authentication. */
function passwordlessAuth(server: string): Dsn['authType'] {
  return parseRdsEndpoint(bare(server)) !== undefined ? 'iam' : 'database';
}

/** The sslmode an import gives back: what the export wrote, verify-* read as require with the CA bundle. */
function importedSslMode(dsn: Dsn): Dsn['sslMode'] {
  const written = testedSslMode(dsn);
  return written === 'verify-full' || written === 'verify-ca' ? 'require' : written;
}

/** What importing the export of `dsn` in `format` must give, field by field. */
function expectedImport(format: ExportFormat, dsn: Dsn): Partial<Dsn> {
  const ca = dsn.caBundlePath !== '' ? { caBundlePath: dsn.caBundlePath } : {};
  const common = { user: dsn.user, database: dsn.database, sslMode: importedSslMode(dsn), ...ca };
  const t = socketTarget(dsn);
  const via = dsn.connectViaHost !== '';
  switch (format) {
    case 'uri':
    case 'keyword':
    case 'odbc-community': {
      const e = { ...common, server: bare(dsn.server), authType: passwordlessAuth(dsn.server), ...libpqTarget(dsn) };
      const withTimeout = format === 'odbc-community' ? e : { ...e, connectTimeoutSeconds: dsn.connectTimeoutSeconds };
      return withRegion(dsn, withTimeout, regionFromEndpoint(bare(dsn.server)));
    }
    case 'psql':
    case 'env': {
      const base = { ...common, server: bare(dsn.server), connectTimeoutSeconds: dsn.connectTimeoutSeconds };
      if (dsn.authType === 'database') return withRegion(dsn, { ...base, authType: passwordlessAuth(dsn.server), ...libpqTarget(dsn) }, regionFromEndpoint(bare(dsn.server)));
      const profile = dsn.credentialSource.kind === 'profile' ? { credentialSource: dsn.credentialSource } : {};
      // The recipe assumes the DSN's role (with its STS endpoint) before signing.
      const role = dsn.assumeRole !== undefined ? { assumeRole: dsn.assumeRole, ...(dsn.stsEndpoint !== '' ? { stsEndpoint: dsn.stsEndpoint } : {}) } : {};
      const target = libpqTarget(dsn);
      // The recipe carries the server's own port; a port that differs without hostaddr reads as a tunnel to the server.
      const tunnel =
        target.connectViaHost !== undefined
          ? target
          : t.port !== dsn.port
            ? { connectViaHost: bare(dsn.server), connectViaPort: t.port }
            : {};
      return { ...base, authType: 'iam', region: dsn.region, port: dsn.port, ...profile, ...role, ...tunnel };
    }
    case 'odbc': {
      if (dsn.authType === 'database') {
        return withRegion(dsn, { ...common, server: bare(dsn.server), authType: 'database', ...libpqTarget(dsn) }, regionFromEndpoint(bare(dsn.server)));
      }
      const e = { ...common, server: dsn.server, authType: 'iam' as const, region: dsn.region, tokenExpirationSeconds: dsn.tokenExpirationSeconds };
      return via ? { ...e, connectViaHost: bare(t.host), connectViaPort: t.port } : { ...e, port: t.port };
    }
    case 'jdbc': {
      const ssl = { ...common, connectTimeoutSeconds: dsn.connectTimeoutSeconds };
      if (dsn.authType === 'database') {
        return withRegion(dsn, { ...ssl, server: bare(t.host), port: t.port, authType: passwordlessAuth(t.host) }, regionFromEndpoint(bare(t.host)));
      }
      const e = { ...ssl, server: dsn.server, port: dsn.port, authType: 'iam' as const, region: dsn.region, tokenExpirationSeconds: dsn.tokenExpirationSeconds };
      if (via) return { ...e, connectViaHost: bare(t.host), connectViaPort: t.port };
      return t.port !== dsn.port ? { ...e, connectViaHost: dsn.server, connectViaPort: t.port } : e;
    }
    case 'json':
      return { ...dsn };
    default:
      throw new Error(`no round trip for ${format}`);
  }
}

const FORMATS: ExportFormat[] = ['uri', 'keyword', 'odbc', 'odbc-community', 'jdbc', 'json', 'psql', 'env'];

describe('export → import is the identity for the fields a format carries', () => {
  for (const format of FORMATS) {
    it(`${format}`, () => {
      fc.assert(
        fc.property(dsnArbitrary({ newlines: true }), (dsn) => {
          const out = exportDsn(dsn, format);
          const back = importConnectionString(out.text);
          if (!back.ok) throw new Error(`${back.error.message}\n${out.text}`);
          expect(back.value.dsn).toEqual(expectedImport(format, dsn));
          expect(back.value.secretFound).toBe(false);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a live secret is found, never imported', () => {
    fc.assert(
      fc.property(dsnArbitrary(), hostileString(200), fc.constantFrom<ExportFormat>('uri', 'keyword', 'psql', 'env', 'odbc-community', 'jdbc', 'odbc'), (dsn, secret, format) => {
        const kind = dsn.authType === 'iam' ? 'token' : 'password';
        const out = exportDsn(dsn, format, { secret: { kind, value: `S3CR3T${secret}` } });
        const back = importConnectionString(out.text);
        if (!back.ok) throw new Error(`${back.error.message}\n${out.text}`);
        expect(back.value.secretFound).toBe(out.containsSecret);
        expect(JSON.stringify(back.value)).not.toContain('S3CR3T');
      }),
      { numRuns: 300 },
    );
  });
});
