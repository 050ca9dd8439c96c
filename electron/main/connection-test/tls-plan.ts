/**
 * The TLS settings of a test. With a CA bundle the server is verified fully (chain and name,
 * like libpq's verify-full); without one the connection is encrypted but not verified, as libpq
 * does for sslmode require/prefer/allow (RDS certificates are not in the system trust store).
 */
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import type { Dsn } from '../../../shared/dsn';
import { err, ok, type Result } from '../../../shared/result';
import { errnoOf } from '../files/file-errors';

/** TLS options for pg's `ssl`, plus what to tell the user about them. */
export interface TlsPlan {
  options: tls.ConnectionOptions;
  /** True when the certificate chain and name are checked. */
  verified: boolean;
  note: string;
}

/** Reads a file as text; injected in tests. */
export type ReadTextFile = (path: string) => Promise<string>;

/** Reads a UTF-8 file with fs. */
export const readTextFile: ReadTextFile = (path) => readFile(path, 'utf8');

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Builds the TLS plan of `dsn`, reading and checking its CA bundle when one is set. */
export async function buildTlsPlan(dsn: Dsn, read: ReadTextFile = readTextFile): Promise<Result<TlsPlan>> {
  if (dsn.caBundlePath === '') {
    return ok({
      options: { rejectUnauthorized: false },
      verified: false,
      note: `encrypted, server certificate not verified (sslmode ${dsn.sslMode} without a CA bundle, as libpq does); set a CA bundle to verify the server`,
    });
  }
  let pem: string;
  try {
    pem = await read(dsn.caBundlePath);
  } catch (error) {
    const code = errnoOf(error);
    return err('CA_BUNDLE_UNREADABLE', `The CA bundle ${dsn.caBundlePath} cannot be read (${code}).`, {
      hint: 'Check the path and that the file is readable by you. Download the RDS bundle from https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    return err('CA_BUNDLE_UNREADABLE', `The CA bundle ${dsn.caBundlePath} holds no PEM certificate.`, {
      hint: 'The file must contain certificates in PEM form ("-----BEGIN CERTIFICATE-----"), like the RDS global-bundle.pem.',
    });
  }
  try {
    tls.createSecureContext({ ca: pem });
  } catch (error) {
    return err('CA_BUNDLE_UNREADABLE', `The CA bundle ${dsn.caBundlePath} is not a valid PEM certificate bundle.`, {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const identityHost = stripBrackets(dsn.server);
  return ok({
    options: {
      ca: pem,
      rejectUnauthorized: true,
      // Check the name against the server, whatever address the socket went to (tunnels).
      checkServerIdentity: (_host, cert) => tls.checkServerIdentity(identityHost, cert),
    },
    verified: true,
    note: `certificate verified against ${dsn.caBundlePath} for ${dsn.server}`,
  });
}
