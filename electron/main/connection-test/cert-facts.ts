/**
 * What a server certificate says (names, issuer, validity), for diagnoses. When verification fails
 * Node drops the certificate, so {@link inspectServerCertificate} reads it with a second handshake
 * that sends nothing at all: SSLRequest, TLS handshake without trust decisions, then close.
 */
import net from 'node:net';
import tls from 'node:tls';

/** The parts of a server certificate a diagnosis shows. All strings are server text. */
export interface PeerCertFacts {
  /** e.g. `CN=mydb.abc.us-east-1.rds.amazonaws.com`. */
  subject: string;
  issuer: string;
  /** Subject alternative names as Node lists them: `DNS:a`, `IP Address:127.0.0.1`. */
  altNames: string[];
  /** ISO times; undefined when the certificate's date cannot be read. */
  validFrom?: string | undefined;
  validTo?: string | undefined;
}

type NameFields = Record<string, string | string[] | undefined>;

function distinguishedName(fields: NameFields | undefined): string {
  if (fields === undefined) return '(none)';
  const parts: string[] = [];
  for (const key of ['CN', 'O', 'OU', 'C']) {
    const value = fields[key];
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${key}=${v}`);
  }
  return parts.length > 0 ? parts.join(', ').slice(0, 300) : '(none)';
}

function isoDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Facts of a certificate as Node's `getPeerCertificate()` gives it; undefined for an empty one. */
export function certFacts(cert: tls.PeerCertificate | undefined | null): PeerCertFacts | undefined {
  if (cert === undefined || cert === null || Object.keys(cert).length === 0) return undefined;
  const altNames = (cert.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .slice(0, 20);
  return {
    subject: distinguishedName(cert.subject as unknown as NameFields | undefined),
    issuer: distinguishedName(cert.issuer as unknown as NameFields | undefined),
    altNames,
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
  };
}

/** The names a certificate is valid for: its DNS/IP alternative names, else its subject CN. */
export function certNames(facts: PeerCertFacts): string[] {
  if (facts.altNames.length > 0) return facts.altNames;
  const cn = /(?:^|, )CN=([^,]+)/.exec(facts.subject)?.[1];
  return cn === undefined ? [] : [`CN:${cn}`];
}

/** True when a certificate name (`DNS:*.example.com`, `CN:host`, `IP Address:…`) covers `host`. */
export function certNameMatches(name: string, host: string): boolean {
  const colon = name.indexOf(':');
  const value = (colon < 0 ? name : name.slice(colon + 1)).trim().toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (value === h) return true;
  if (!value.startsWith('*.')) return false;
  const suffix = value.slice(1);
  return h.endsWith(suffix) && !h.slice(0, h.length - suffix.length).includes('.');
}

/** Where and how long {@link inspectServerCertificate} looks. */
export interface InspectOptions {
  /** Where the socket goes (the connect-via target). */
  host: string;
  port: number;
  /** SNI: the DSN's server name (omitted for an IP address). */
  servername: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/**
 * Reads the server's certificate with a handshake that trusts nothing and sends nothing: no
 * StartupMessage, no user name, no token. Resolves undefined on any failure or after `timeoutMs`.
 */
export function inspectServerCertificate(opts: InspectOptions): Promise<PeerCertFacts | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let secure: tls.TLSSocket | undefined;
    const unbracket = (h: string): string => (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);
    const servername = unbracket(opts.servername);
    const socket = net.connect({ host: unbracket(opts.host), port: opts.port });
    // The deadline and the caller's abort, as one signal.
    const deadline = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal === undefined ? deadline : AbortSignal.any([opts.signal, deadline]);
    const finish = (facts: PeerCertFacts | undefined): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      secure?.destroy();
      socket.destroy();
      resolve(facts);
    };
    const onAbort = (): void => finish(undefined);
    if (signal.aborted) {
      finish(undefined);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', () => finish(undefined));
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', (chunk: Buffer) => {
      if (chunk.length !== 1 || chunk[0] !== 0x53) {
        finish(undefined);
        return;
      }
      const tlsOptions: tls.ConnectionOptions = { socket, rejectUnauthorized: false };
      if (net.isIP(servername) === 0) tlsOptions.servername = servername;
      const s = tls.connect(tlsOptions);
      secure = s;
      s.on('error', () => finish(undefined));
      s.once('secureConnect', () => finish(certFacts(s.getPeerCertificate(false))));
    });
  });
}
