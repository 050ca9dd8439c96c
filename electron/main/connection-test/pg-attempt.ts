/**
 * One connection attempt with `pg`: TCP to the connect-via target, optional TLS, login, one test
 * query. Observes the socket to time each phase, enforces its own deadlines (AbortSignal.timeout)
 * and honours an abort signal. It never throws: it resolves with facts or with the failure and the phase it hit.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Client } from 'pg';
import type { ServerFacts } from '../../../shared/connection-test';
import { type Dsn, socketTarget } from '../../../shared/dsn';
import { certFacts, type PeerCertFacts } from './cert-facts';
import { TesterError } from './tester-error';

/** The phases an attempt goes through (signing happens before). */
export type AttemptPhase = 'tcp' | 'tls' | 'auth' | 'query';

/** Start and end of a phase, from `performance.now()`. */
export interface Span {
  start: number;
  end?: number | undefined;
}

/** Why an attempt ended without facts: cancelled, a deadline, or an error to diagnose. */
export type AttemptFailure = { kind: 'cancelled' } | { kind: 'timeout' } | { kind: 'error'; error: unknown };

/** The result of one attempt. `peerCert` is the server's certificate once a TLS handshake completed. */
export type AttemptOutcome =
  | { ok: true; facts: Omit<ServerFacts, 'connectedTo'>; spans: Partial<Record<AttemptPhase, Span>>; peerCert?: PeerCertFacts | undefined }
  | { ok: false; failure: AttemptFailure; phase: AttemptPhase; spans: Partial<Record<AttemptPhase, Span>>; peerCert?: PeerCertFacts | undefined };

/** What one attempt needs. */
export interface AttemptOptions {
  dsn: Dsn;
  /** pg `ssl` options, or null for a plaintext attempt. */
  tls: tls.ConnectionOptions | null;
  /** Gives the secret when the server asks for one; may throw a {@link TesterError}. */
  password: () => Promise<string>;
  /** Refuse to hand the secret over a connection that is not TLS (IAM tokens). */
  secretNeedsTls: boolean;
  signal?: AbortSignal | undefined;
  /** An open stream to the server (an SSH forward) used instead of a TCP socket to the connect-via target. */
  stream?: Duplex | undefined;
}

/** Gives an already connected stream the parts of net.Socket that pg calls before it speaks. */
function asPgSocket(stream: Duplex): net.Socket {
  const shim = Object.assign(stream, {
    connect: () => {
      process.nextTick(() => stream.emit('connect'));
      return shim;
    },
    setNoDelay: () => shim,
    setKeepAlive: () => shim,
    ref: () => shim,
    unref: () => shim,
  });
  // pg only uses the socket members above and the Duplex ones; the rest of net.Socket is never reached.
  return shim as unknown as net.Socket;
}

/**
 * The test query. `iam` is whether current_user is a member of rds_iam, NULL on a server without
 * that role (the OID form of pg_has_role never raises, and is only reached for an existing role).
 */
const TEST_QUERY = [
  "SELECT current_setting('server_version') AS v, current_user AS u, current_database() AS d,",
  "CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'rds_iam')",
  "THEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = 'rds_iam' AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER'))",
  'END AS iam',
].join(' ');

interface TestRow {
  v: string;
  u: string;
  d: string;
  iam: boolean | null;
}
/** How long a polite close may take after success before the socket is destroyed. */
const END_GRACE_MS = 1000;

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** pg's fields that fall back to environment variables (PGOPTIONS, PGREPLICATION) even when set falsy. */
interface EnvSensitiveParams {
  connectionParameters?: { options?: unknown; replication?: unknown; binary?: unknown };
  replication?: unknown;
}

/** Runs one attempt. See the module comment. */
export function runAttempt(opts: AttemptOptions): Promise<AttemptOutcome> {
  const { dsn } = opts;
  const target = socketTarget(dsn);
  const spans: Partial<Record<AttemptPhase, Span>> = {};
  let phase: AttemptPhase = 'tcp';
  let tlsFacts: ServerFacts['tls'] = null;
  let peerCert: PeerCertFacts | undefined;
  let rawSocket: net.Socket | undefined;
  const now = (): number => performance.now();
  const enter = (next: AttemptPhase): void => {
    const t = now();
    const current = spans[phase];
    if (current !== undefined && current.end === undefined) current.end = t;
    phase = next;
    spans[next] = { start: t };
  };

  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    /** The deadline of the phase running now (connect, then the query), as a signal. */
    let deadline: AbortSignal | undefined;

    // Every field is set explicitly so that PG* environment variables and ~/.pgpass play no part.
    const client = new Client({
      host: stripBrackets(dsn.server),
      port: dsn.port,
      user: dsn.user,
      database: dsn.database,
      password: async () => {
        const stream = client.connection.stream;
        if (opts.secretNeedsTls && !(stream instanceof tls.TLSSocket && stream.encrypted)) {
          throw new TesterError('PLAINTEXT_REFUSED', 'The IAM token was not sent: the connection is not encrypted.', 'IAM tokens are only ever sent over TLS. Use sslmode require.');
        }
        return opts.password();
      },
      ssl: opts.tls ?? false,
      sslnegotiation: 'postgres',
      application_name: 'iam-dsn-manager',
      client_encoding: 'UTF8',
      keepAlive: false,
      connectionTimeoutMillis: dsn.connectTimeoutSeconds * 1000,
      query_timeout: dsn.queryTimeoutSeconds * 1000,
      // The socket always goes to the connect-via target while pg keeps `host` = the server, so
      // TLS SNI and the token's host stay the server name (pg calls connect(port, host)).
      stream: () => {
        if (opts.stream !== undefined) {
          const tunnelled = asPgSocket(opts.stream);
          tunnelled.once('connect', () => enter(opts.tls ? 'tls' : 'auth'));
          rawSocket = tunnelled;
          return tunnelled;
        }
        const socket = new net.Socket();
        const connect = socket.connect.bind(socket);
        socket.connect = (() => connect({ host: stripBrackets(target.host), port: target.port })) as net.Socket['connect'];
        socket.once('connect', () => enter(opts.tls ? 'tls' : 'auth'));
        rawSocket = socket;
        return socket;
      },
    });
    const params = client as unknown as EnvSensitiveParams;
    if (params.connectionParameters !== undefined) {
      params.connectionParameters.options = undefined;
      params.connectionParameters.replication = undefined;
      params.connectionParameters.binary = false;
    }
    params.replication = undefined;

    // Errors after the outcome is known (a late close) must not crash the process.
    client.on('error', () => undefined);
    client.connection.on('sslconnect', () => {
      const stream = client.connection.stream;
      if (!(stream instanceof tls.TLSSocket)) return;
      stream.once('secureConnect', () => {
        const cipher = stream.getCipher();
        tlsFacts = { version: stream.getProtocol() ?? 'unknown', cipher: cipher.standardName ?? cipher.name };
        peerCert = certFacts(stream.getPeerCertificate(false));
        enter('auth');
      });
    });

    const destroy = (): void => {
      client.connection.stream.destroy();
      rawSocket?.destroy();
    };
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      deadline?.removeEventListener('abort', onDeadline);
      opts.signal?.removeEventListener('abort', onAbort);
      const span = spans[phase];
      if (span !== undefined && span.end === undefined) span.end = now();
      if (!outcome.ok) destroy();
      resolve(outcome);
    };
    const fail = (failure: AttemptFailure): void => finish({ ok: false, failure, phase, spans, peerCert });
    const onAbort = (): void => fail({ kind: 'cancelled' });
    const onDeadline = (): void => fail({ kind: 'timeout' });
    const arm = (ms: number): void => {
      deadline?.removeEventListener('abort', onDeadline);
      deadline = AbortSignal.timeout(ms);
      deadline.addEventListener('abort', onDeadline, { once: true });
    };

    if (opts.signal?.aborted) {
      fail({ kind: 'cancelled' });
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    spans.tcp = { start: now() };
    arm(dsn.connectTimeoutSeconds * 1000);

    const run = async (): Promise<void> => {
      await client.connect();
      enter('query');
      // A server that logs in and then never answers is cut off by this deadline, not only by pg's.
      arm(dsn.queryTimeoutSeconds * 1000);
      const result = await client.query<TestRow>(TEST_QUERY);
      const row = result.rows[0];
      if (row === undefined) throw new Error('The test query returned no row.');
      const rdsIamMember = typeof row.iam === 'boolean' ? row.iam : undefined;
      finish({ ok: true, facts: { serverVersion: row.v, currentUser: row.u, database: row.d, tls: tlsFacts, rdsIamMember }, spans, peerCert });
      closePolitely(client, destroy);
    };
    run().catch((error: unknown) => fail({ kind: 'error', error }));
  });
}

/** Sends Terminate and waits briefly; destroys the socket if the server does not close. */
function closePolitely(client: Client, destroy: () => void): void {
  const grace = AbortSignal.timeout(END_GRACE_MS);
  grace.addEventListener('abort', destroy, { once: true });
  client
    .end()
    .catch(() => undefined)
    .finally(() => grace.removeEventListener('abort', destroy));
}
