/**
 * The tunnel service: for a DSN with an SSH network, a duplex stream to its database through the
 * bastion (the socket a PostgreSQL client speaks over; TLS and the token stay the Server's). Used
 * by the connection tester per attempt and, later, by the auth proxy per client connection. The
 * SSH connection under the stream is pooled (tunnel-pool.ts); a passphrase is asked only when a
 * new connection needs the key.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import ssh2, { type ParsedKey } from 'ssh2';
import type { Dsn } from '../../../shared/dsn';
import type { SshHostAlias } from '../../../shared/ipc-contract';
import { sshOf } from '../../../shared/network';
import type { AppError, Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import type { Logger } from '../platform/logger';
import type { KnownHostsPort } from './known-hosts-files';
import { Budget, type Chain, connectChain, recordPhase, type TunnelPhases } from './ssh-connector';
import { sshHostAliases } from './ssh-environment';
import { forwardFailed, hopTimeout } from './tunnel-errors';
import { buildTunnelPlan, poolKeyOf, type SshEnvironment, type TunnelPlan } from './tunnel-plan';
import { TunnelPool } from './tunnel-pool';
import type { TunnelPromptPort } from './tunnel-prompts';

/** One request for a stream. */
export interface TunnelRequest {
  /** The bastion password (`password` authentication); never logged. */
  password?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Which DSN asks, for prompts. */
  purpose: string;
}

/** A stream, or why there is none; the tunnel phases either way. */
export type TunnelOpen =
  | { ok: true; stream: Duplex; phases: TunnelPhases; route: string }
  | { ok: false; error: AppError; phases: TunnelPhases };

/** What the tester (and the proxy) need from tunnels. */
export interface TunnelPort {
  /** Opens a stream to `dsn`'s database through its SSH tunnel (the DSN must have one). */
  open(dsn: Dsn, request: TunnelRequest): Promise<TunnelOpen>;
  /** SSH connections open now. */
  openConnections(): number;
  /** Closes every SSH connection. */
  closeAll(): void;
}

export interface TunnelServiceDeps {
  knownHosts: KnownHostsPort;
  prompts: TunnelPromptPort;
  /** ~/.ssh/config and the environment, read for each new connection. */
  environment: () => SshEnvironment;
  readKeyFile?: ((path: string) => Promise<Buffer>) | undefined;
  idleMs?: number | undefined;
  logger?: Logger | undefined;
}

const MAX_PASSPHRASE_TRIES = 3;
const CANCELLED: AppError = { code: 'CANCELLED', message: 'The test was cancelled.' };

export class TunnelService implements TunnelPort {
  private readonly pool: TunnelPool;
  private readonly readKeyFile: (path: string) => Promise<Buffer>;

  constructor(private readonly deps: TunnelServiceDeps) {
    this.pool = new TunnelPool(deps.idleMs);
    this.readKeyFile = deps.readKeyFile ?? ((path) => readFile(path));
  }

  openConnections(): number {
    return this.pool.size();
  }

  closeAll(): void {
    this.pool.closeAll();
  }

  /** The Host aliases of ~/.ssh/config as they resolve now (nothing it names is run), for the bastion field. */
  hostAliases(): SshHostAlias[] {
    return sshHostAliases(this.deps.environment());
  }

  async open(dsn: Dsn, request: TunnelRequest): Promise<TunnelOpen> {
    const phases: TunnelPhases = {};
    const ssh = sshOf(dsn);
    if (ssh === undefined) return { ok: false, error: { code: 'INTERNAL', message: 'This DSN has no SSH tunnel.' }, phases };
    const plan = buildTunnelPlan(dsn, ssh, this.deps.environment());
    if (!plan.ok) {
      recordPhase(phases, 'ssh-connect', 'failed', 0, 'not started');
      return { ok: false, error: plan.error, phases };
    }
    if (plan.value.auth === 'password' && (request.password === undefined || request.password === '')) {
      recordPhase(phases, 'ssh-auth', 'failed', 0, 'no password');
      return { ok: false, error: { code: 'SSH_LOGIN_REFUSED', message: 'The SSH tunnel logs in with a password, but none is stored or entered.', hint: 'Enter the bastion password in the SSH tunnel section (it is stored encrypted with this DSN), then test again.' }, phases };
    }
    const signal = request.signal ?? new AbortController().signal;
    const timeoutSeconds = dsn.connectTimeoutSeconds;
    const key = poolKeyOf(plan.value, plan.value.auth === 'password' ? request.password : undefined);
    const t = performance.now();
    const lease = await this.pool.acquire(key, (poolSignal) => this.connect(plan.value, request, poolSignal, timeoutSeconds, phases), signal);
    if (!lease.result.ok) return { ok: false, error: signal.aborted ? CANCELLED : lease.result.error, phases };
    const chain = lease.result.value;
    if (lease.reused) {
      const hops = plan.value.hops.map((h) => h.label).join(' → ');
      recordPhase(phases, 'ssh-connect', 'ok', performance.now() - t, `shared the open SSH connection to ${hops}`);
      recordPhase(phases, 'host-key', 'ok', 0, 'verified when the connection was opened');
      recordPhase(phases, 'ssh-auth', 'ok', 0, 'logged in when the connection was opened');
    }
    const forwarded = await this.forward(chain, plan.value, timeoutSeconds, signal, phases);
    if (!forwarded.ok) {
      lease.release();
      return { ok: false, error: forwarded.error, phases };
    }
    const stream = forwarded.value;
    stream.once('close', lease.release);
    const { host, port } = plan.value.destination;
    this.deps.logger?.info('SSH forward opened', { bastion: chain.bastion.label, destination: `${host}:${port}`, reused: lease.reused });
    return { ok: true, stream, phases, route: `${chain.bastion.label} → ${host}:${port}` };
  }

  /** A new SSH connection: keys first (asking for a passphrase before the timeout starts), then the hops. */
  private async connect(plan: TunnelPlan, request: TunnelRequest, signal: AbortSignal, timeoutSeconds: number, phases: TunnelPhases): Promise<Result<Chain>> {
    const keys = plan.auth === 'key' ? await this.loadKeys(plan, request.purpose, signal) : ok(new Map<string, ParsedKey>());
    if (!keys.ok) {
      recordPhase(phases, 'ssh-auth', 'failed', 0, 'key file');
      return keys;
    }
    return connectChain({ plan, password: request.password, keys: keys.value, budget: new Budget(timeoutSeconds * 1000), timeoutSeconds, signal, purpose: request.purpose, prompts: this.deps.prompts, knownHosts: this.deps.knownHosts, phases });
  }

  /** Reads and parses the key files of every hop; asks for a passphrase (up to three times) when one is encrypted. */
  private async loadKeys(plan: TunnelPlan, purpose: string, signal: AbortSignal): Promise<Result<Map<string, ParsedKey>>> {
    const keys = new Map<string, ParsedKey>();
    const files = [...new Set(plan.hops.flatMap((h) => h.identityFiles))];
    let lastProblem: AppError | undefined;
    for (const file of files) {
      let data: Buffer;
      try {
        data = await this.readKeyFile(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        lastProblem = { code: 'SSH_KEY_UNUSABLE', message: `The key file ${file} cannot be read (${code}).`, hint: 'Check the Identity file path and that it is readable by you.' };
        continue;
      }
      let parsed = ssh2.utils.parseKey(data);
      for (let tries = 0; parsed instanceof Error && /passphrase/i.test(parsed.message) && tries < MAX_PASSPHRASE_TRIES; tries++) {
        const passphrase = await this.deps.prompts.askPassphrase({ keyFile: file, purpose, retry: tries > 0, signal });
        if (passphrase === undefined) return signal.aborted ? err('CANCELLED', 'The test was cancelled.') : err('SSH_KEY_UNUSABLE', `The key file ${file} is encrypted and no passphrase was given.`, { hint: 'Test again and enter the passphrase when asked (it is never stored), or use ssh-agent.' });
        parsed = ssh2.utils.parseKey(data, passphrase);
      }
      if (parsed instanceof Error) {
        lastProblem = /passphrase/i.test(parsed.message)
          ? { code: 'SSH_KEY_UNUSABLE', message: `The passphrase of ${file} was wrong ${MAX_PASSPHRASE_TRIES} times.`, hint: 'Check the passphrase (ssh-keygen -y -f <file> tests it), or use ssh-agent.' }
          : { code: 'SSH_KEY_UNUSABLE', message: `The key file ${file} is not a private key this app can use.`, hint: 'Use an OpenSSH or PEM private key (ed25519, ecdsa or rsa), or ssh-agent.', detail: parsed.message };
        if (lastProblem.message.includes('passphrase')) return { ok: false, error: lastProblem };
        continue;
      }
      keys.set(file, Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed);
    }
    if (keys.size > 0) return ok(keys);
    return { ok: false, error: lastProblem ?? { code: 'SSH_KEY_UNUSABLE', message: 'No key file is set for the SSH tunnel.', hint: 'Set the Identity file, or IdentityFile for the host in ~/.ssh/config.' } };
  }

  /** Opens the forward on the bastion within the connect timeout; records the forward phase. */
  private forward(chain: Chain, plan: TunnelPlan, timeoutSeconds: number, signal: AbortSignal, phases: TunnelPhases): Promise<Result<Duplex>> {
    const bastion = chain.clients[chain.clients.length - 1];
    const t = performance.now();
    const { host, port } = plan.destination;
    const deadline = AbortSignal.timeout(timeoutSeconds * 1000);
    const ended = AbortSignal.any([deadline, signal]);
    return new Promise((resolve) => {
      let done = false;
      const finish = (result: Result<Duplex>, note: string): void => {
        if (done) return;
        done = true;
        ended.removeEventListener('abort', onEnded);
        recordPhase(phases, 'forward', result.ok ? 'ok' : 'failed', performance.now() - t, note);
        resolve(result);
      };
      const onEnded = (): void => {
        if (signal.aborted) finish({ ok: false, error: CANCELLED }, 'cancelled');
        else finish({ ok: false, error: hopTimeout(chain.bastion, timeoutSeconds, 'forward') }, 'no answer');
      };
      if (ended.aborted) return onEnded();
      ended.addEventListener('abort', onEnded, { once: true });
      if (bastion === undefined) return finish(err('INTERNAL', 'No bastion connection.'), 'no connection');
      bastion.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        if (error) finish({ ok: false, error: forwardFailed(chain.bastion, plan.destination, error) }, `${host}:${port} from ${chain.bastion.label}: refused`);
        else if (done) channel.close();
        else finish({ ok: true, value: channel }, `${host}:${port} from ${chain.bastion.label}`);
      });
    });
  }
}
