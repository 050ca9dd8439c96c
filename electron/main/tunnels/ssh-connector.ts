/**
 * Opens the SSH connections of a tunnel with ssh2, hop after hop (each later hop over a forward of
 * the one before, like ProxyJump), verifying every host key against the known_hosts files and
 * asking the user about an unknown one, and records the phases: ssh-connect, host-key, ssh-auth.
 * The connect timeout is the DSN's; time spent waiting for the user is not counted.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
// ssh2 is CommonJS: Node's ESM loader finds only some of its named exports, so it is read from the default one.
import ssh2, { type AnyAuthMethod, type AuthenticationType, type Client, type ParsedKey } from 'ssh2';
import type { TunnelPhaseName } from '../../../shared/connection-test';
import { err, ok, type AppError, type Result } from '../../../shared/result';
import { checkHostKey, fingerprintSha256, keyTypeOf } from './known-hosts';
import type { KnownHostsPort } from './known-hosts-files';
import { agentFailed, authFailed, hopTimeout, hopUnreachable, sshFailed } from './tunnel-errors';
import type { SshHop, TunnelPlan } from './tunnel-plan';
import type { TunnelPromptPort } from './tunnel-prompts';

/** One tunnel phase as the report shows it. */
export interface TunnelPhaseResult {
  status: 'ok' | 'failed';
  durationMs: number;
  notes: string[];
}

/** The tunnel phases of one request. */
export type TunnelPhases = Partial<Record<TunnelPhaseName, TunnelPhaseResult>>;

/** Adds time and a note to a phase (phases add up over the hops). */
export function recordPhase(phases: TunnelPhases, name: TunnelPhaseName, status: 'ok' | 'failed', ms: number, note?: string): void {
  const current = phases[name] ?? { status: 'ok', durationMs: 0, notes: [] };
  current.durationMs += Math.max(0, ms);
  if (status === 'failed') current.status = 'failed';
  if (note !== undefined) current.notes.push(note);
  phases[name] = current;
}

/**
 * The DSN's connect timeout as a budget that stops while the user is asked something, so a
 * host-key dialog left open for a minute does not count against a 10-second timeout.
 */
export class Budget {
  private readonly started = performance.now();
  private pausedAt: number | undefined;
  private paused = 0;
  private readonly resumeWaiters: Array<() => void> = [];

  constructor(readonly totalMs: number) {}

  /** Milliseconds left (never below 0). */
  left(): number {
    const now = this.pausedAt ?? performance.now();
    return Math.max(0, this.totalMs - (now - this.started - this.paused));
  }

  pause(): void {
    this.pausedAt ??= performance.now();
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    this.paused += performance.now() - this.pausedAt;
    this.pausedAt = undefined;
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  /** Calls `onExpire` when the budget runs out (waiting out pauses); returns the cancel function. */
  watch(onExpire: () => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = (): void => {
      if (cancelled) return;
      timer = setTimeout(() => {
        if (cancelled) return;
        if (this.pausedAt !== undefined) this.resumeWaiters.push(arm);
        else if (this.left() > 0) arm();
        else onExpire();
      }, this.left());
    };
    arm();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }
}

/** What connecting a chain needs besides the plan. */
export interface ChainRequest {
  plan: TunnelPlan;
  /** For `password` authentication. */
  password: string | undefined;
  /** Parsed private keys by file, for `key` authentication (loaded before connecting). */
  keys: ReadonlyMap<string, ParsedKey>;
  budget: Budget;
  timeoutSeconds: number;
  signal: AbortSignal;
  purpose: string;
  prompts: TunnelPromptPort;
  knownHosts: KnownHostsPort;
  phases: TunnelPhases;
}

/** Connected clients, the bastion last. */
export interface Chain {
  clients: Client[];
  bastion: SshHop;
}

const CANCELLED: AppError = { code: 'CANCELLED', message: 'The test was cancelled.' };

/** Connects every hop in order; on failure, closes those already open. */
export async function connectChain(req: ChainRequest): Promise<Result<Chain>> {
  const clients: Client[] = [];
  const hops = req.plan.hops;
  for (let i = 0; i < hops.length; i++) {
    const hop = hops[i];
    if (hop === undefined) break;
    const previous = i > 0 ? { client: clients[i - 1], hop: hops[i - 1] } : undefined;
    const socket = await openSocket(hop, previous?.client, previous?.hop, req);
    if (!socket.ok) {
      for (const c of clients) c.end();
      return socket;
    }
    const client = await handshake(hop, socket.value, req, i < hops.length - 1);
    if (!client.ok) {
      socket.value.destroy();
      for (const c of clients) c.end();
      return client;
    }
    clients.push(client.value);
  }
  const bastion = hops[hops.length - 1];
  if (bastion === undefined) return err('INTERNAL', 'A tunnel without a bastion.');
  return ok({ clients, bastion });
}

/** TCP to the first hop, or a forward through the previous one; records ssh-connect. */
function openSocket(hop: SshHop, through: Client | undefined, throughHop: SshHop | undefined, req: ChainRequest): Promise<Result<Duplex>> {
  const t = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const direct = through === undefined || throughHop === undefined;
    const socket = direct && !req.signal.aborted ? net.connect({ host: hop.host, port: hop.port }) : undefined;
    const finish = (result: Result<Duplex>, note?: string): void => {
      if (done) return;
      done = true;
      stopWatch();
      req.signal.removeEventListener('abort', onAbort);
      recordPhase(req.phases, 'ssh-connect', result.ok ? 'ok' : 'failed', performance.now() - t, note);
      resolve(result);
    };
    const onAbort = (): void => {
      socket?.destroy();
      finish({ ok: false, error: CANCELLED });
    };
    const stopWatch = req.budget.watch(() => {
      socket?.destroy();
      finish({ ok: false, error: hopTimeout(hop, req.timeoutSeconds, 'connect') }, `${hop.host}:${hop.port} did not answer`);
    });
    req.signal.addEventListener('abort', onAbort, { once: true });
    if (req.signal.aborted) return onAbort();
    if (socket !== undefined) {
      socket.once('connect', () => finish({ ok: true, value: socket }, `${hop.host}:${hop.port}`));
      socket.once('error', (error) => finish({ ok: false, error: hopUnreachable(hop, error, undefined) }, `${hop.host}:${hop.port}`));
      return;
    }
    through?.forwardOut('127.0.0.1', 0, hop.host, hop.port, (error, channel) => {
      if (error) finish({ ok: false, error: hopUnreachable(hop, error, throughHop) });
      else finish({ ok: true, value: channel }, `${hop.host}:${hop.port} through ${throughHop?.label ?? ''}`);
    });
  });
}

function methodsFor(hop: SshHop, req: ChainRequest): AnyAuthMethod[] {
  const username = hop.user;
  switch (req.plan.auth) {
    case 'agent':
      return req.plan.agent === undefined ? [] : [{ type: 'agent', username, agent: req.plan.agent }];
    case 'key':
      return hop.identityFiles.flatMap((file): AnyAuthMethod[] => {
        const key = req.keys.get(file);
        return key === undefined ? [] : [{ type: 'publickey', username, key }];
      });
    case 'password':
      return req.password === undefined ? [] : [{ type: 'password', username, password: req.password }];
  }
}

/** The SSH handshake of one hop over `socket`: host key (asking when unknown), then login. */
function handshake(hop: SshHop, socket: Duplex, req: ChainRequest, isJump: boolean): Promise<Result<Client>> {
  const client = new ssh2.Client();
  const queue = methodsFor(hop, req);
  let offered: AuthenticationType[] | undefined;
  let hostKeyError: AppError | undefined;
  let hostKeyDone: number | undefined;
  const t = performance.now();
  const role = isJump ? 'jump host' : 'bastion';

  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Result<Client>): void => {
      if (done) return;
      done = true;
      stopWatch();
      req.signal.removeEventListener('abort', onAbort);
      if (!result.ok) client.end();
      resolve(result);
    };
    const onAbort = (): void => finish({ ok: false, error: CANCELLED });
    const stopWatch = req.budget.watch(() => {
      recordPhase(req.phases, hostKeyDone === undefined ? 'host-key' : 'ssh-auth', 'failed', performance.now() - (hostKeyDone ?? t));
      finish({ ok: false, error: hopTimeout(hop, req.timeoutSeconds, 'handshake') });
    });
    req.signal.addEventListener('abort', onAbort, { once: true });

    const verify = async (key: Buffer): Promise<boolean> => {
      const lines = await req.knownHosts.lines(req.plan.knownHostsFile).catch(() => []);
      const verdict = checkHostKey(lines, hop.knownName, key);
      const fingerprint = fingerprintSha256(key);
      const keyType = keyTypeOf(key);
      if (verdict.kind === 'known') return noteHostKey(true, `${role} ${hop.knownName}: ${keyType} ${fingerprint} known (${verdict.where})`);
      if (verdict.kind === 'revoked') {
        hostKeyError = { code: 'SSH_HOST_KEY_REVOKED', message: `The ${role} ${hop.knownName} presented a REVOKED host key (${fingerprint}); the connection was refused.`, hint: `${verdict.where} marks this key @revoked. Do not connect: ask the bastion's admin for its current key.` };
        return noteHostKey(false, `${keyType} ${fingerprint} is revoked (${verdict.where})`);
      }
      if (verdict.kind === 'changed') {
        hostKeyError = {
          code: 'SSH_HOST_KEY_CHANGED',
          message: `WARNING: the host key of the ${role} ${hop.knownName} has CHANGED; the connection was refused.`,
          hint: `It presented ${keyType} ${fingerprint}, but ${verdict.where} lists another key (${verdict.knownTypes.join(', ')}). Someone could be intercepting the connection (man-in-the-middle), or the bastion was rebuilt. Check the new fingerprint with its admin, then remove the old line (ssh-keygen -R '${hop.knownName}').`,
        };
        return noteHostKey(false, `${keyType} ${fingerprint} differs from ${verdict.where}`);
      }
      req.budget.pause();
      const { certAuthority } = verdict;
      const accepted = await req.prompts.confirmHostKey({ host: hop.host, port: hop.port, keyType, fingerprint, purpose: req.purpose, certAuthority, signal: req.signal }).catch(() => false);
      req.budget.resume();
      if (!accepted) {
        // A CA line for this host: say why it did not vouch for the key, or the refusal reads like a bug.
        const viaCa = certAuthority === undefined ? '' : ` ${certAuthority} trusts a certificate authority for this host, but the app checks plain host keys only (no host certificates), so the key must be known or accepted itself.`;
        hostKeyError = { code: 'SSH_HOST_KEY_UNKNOWN', message: `The host key of the ${role} ${hop.knownName} is not known and was not accepted; no connection was made.`, hint: `Its fingerprint is ${keyType} ${fingerprint}. Compare it with the one the bastion's admin gives you (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the bastion), then test again and accept it.${viaCa}` };
        return noteHostKey(false, `${keyType} ${fingerprint} not accepted`);
      }
      await req.knownHosts.remember(hop.knownName, key).catch(() => undefined);
      return noteHostKey(true, `${role} ${hop.knownName}: ${keyType} ${fingerprint} accepted and remembered in ${req.knownHosts.appFile}`);
    };
    const noteHostKey = (good: boolean, note: string): boolean => {
      hostKeyDone = performance.now();
      recordPhase(req.phases, 'host-key', good ? 'ok' : 'failed', hostKeyDone - t, note);
      return good;
    };

    client.on('ready', () => {
      recordPhase(req.phases, 'ssh-auth', 'ok', performance.now() - (hostKeyDone ?? t), `${hop.label} (${req.plan.auth})`);
      finish({ ok: true, value: client });
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (done) return;
      if (hostKeyError !== undefined) return finish({ ok: false, error: hostKeyError });
      recordPhase(req.phases, hostKeyDone === undefined ? 'host-key' : 'ssh-auth', 'failed', performance.now() - (hostKeyDone ?? t));
      if (error.level === 'client-authentication') return finish({ ok: false, error: authFailed(hop, req.plan.auth, offered) });
      if (error.level === 'agent') return finish({ ok: false, error: agentFailed(req.plan.agent ?? '', error) });
      return finish({ ok: false, error: sshFailed(hop, error) });
    });
    client.on('close', () => finish({ ok: false, error: hostKeyError ?? sshFailed(hop, new Error('The connection closed during the SSH handshake (is this an SSH server?)')) }));

    client.connect({
      sock: socket,
      username: hop.user,
      readyTimeout: 0,
      keepaliveInterval: req.plan.keepAliveMs,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer, callback: (valid: boolean) => void) => {
        void verify(key).then(callback, () => callback(false));
      },
      authHandler: (methodsLeft, _partial, next) => {
        if (Array.isArray(methodsLeft)) offered = methodsLeft;
        const method = queue.shift();
        // ssh2 documents `false` as "no more methods"; its type definitions leave that value out.
        if (method === undefined) next(false as unknown as AuthenticationType);
        else next(method);
      },
    });
  });
}
