/**
 * The plan of a tunnel before any socket opens: the hops (jump hosts, then the bastion) with the
 * address, port, user and key files each uses after ~/.ssh/config, the agent socket, and what the
 * bastion dials. The DSN's own values win over the config, as command-line options do for ssh.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Dsn } from '../../../shared/dsn';
import { DEFAULT_KEEPALIVE_SECONDS, parseJumpHost, type SshAuthMethod, type SshNetwork, tunnelDestination } from '../../../shared/network';
import { err, ok, type Result } from '../../../shared/result';
import { knownHostsName } from './known-hosts';
import { expandHome } from '../files/home';
import { resolveSshHost, type SshConfigContext, type SshHostSettings } from './ssh-config';

/** One SSH connection of the chain. */
export interface SshHop {
  /** `user@host:port`, for notes and messages. */
  label: string;
  /** The address to connect to (HostName after ~/.ssh/config). */
  host: string;
  port: number;
  user: string;
  /** The name known_hosts lists it under (`host` or `[host]:port`). */
  knownName: string;
  /** Key files for `key` authentication, in order (the DSN's, else ~/.ssh/config's). */
  identityFiles: string[];
}

/** Everything a tunnel needs except its secrets. */
export interface TunnelPlan {
  /** Jump hosts in order, the bastion last. */
  hops: SshHop[];
  auth: SshAuthMethod;
  /** The agent's socket (or `pageant`), for `agent` authentication. */
  agent: string | undefined;
  /** The DSN's known-hosts file, read instead of ~/.ssh/known_hosts. */
  knownHostsFile: string | undefined;
  /** What the bastion dials. */
  destination: { host: string; port: number };
  keepAliveMs: number;
}

/** What planning reads from the machine (synchronously: the config is small). */
export interface SshEnvironment extends SshConfigContext {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** ~/.ssh/config's text, '' when there is none. */
  configText: string;
}

const DEFAULT_IDENTITIES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];

function hop(settings: SshHostSettings, user: string | undefined, port: number | undefined, fallbackUser: string, env: SshEnvironment): SshHop {
  const finalUser = user !== undefined && user !== '' ? user : (settings.user ?? fallbackUser);
  const finalPort = port ?? settings.port ?? 22;
  return {
    label: `${finalUser}@${settings.hostName}:${finalPort}`,
    host: settings.hostName,
    port: finalPort,
    user: finalUser,
    knownName: knownHostsName(settings.hostName, finalPort),
    identityFiles: settings.identityFiles.length > 0 ? settings.identityFiles : DEFAULT_IDENTITIES.map((f) => expandHome(f, env.home)),
  };
}

/** Builds the plan of `dsn`'s tunnel; SSH_CONFIG_UNSUPPORTED when ~/.ssh/config would need a program. */
export function buildTunnelPlan(dsn: Dsn, ssh: SshNetwork, env: SshEnvironment): Result<TunnelPlan> {
  const bastionSettings = resolveSshHost(ssh.host, env.configText, env);
  if (!bastionSettings.ok) return bastionSettings;
  const bastion = hop(bastionSettings.value, ssh.user, ssh.port, env.localUser, env);
  if (ssh.identityFile !== undefined) bastion.identityFiles = [expandHome(ssh.identityFile, env.home)];

  const jumps: SshHop[] = [];
  const given = ssh.jumpHosts ?? bastionSettings.value.proxyJump.map((text) => parseJumpHost(text));
  for (const jump of given) {
    const settings = resolveSshHost(jump.host, env.configText, env);
    if (!settings.ok) return settings;
    const h = hop(settings.value, jump.user ?? '', jump.port, bastion.user, env);
    if (ssh.identityFile !== undefined && settings.value.identityFiles.length === 0) h.identityFiles = bastion.identityFiles;
    jumps.push(h);
  }

  let agent: string | undefined;
  if (ssh.auth === 'agent') {
    const configured = bastionSettings.value.identityAgent;
    if (configured !== undefined && configured.toLowerCase() === 'none') {
      return err('SSH_AGENT_UNAVAILABLE', `~/.ssh/config turns the agent off for ${ssh.host} (IdentityAgent none).`, { hint: 'Use a key file or a password for this tunnel, or remove IdentityAgent none.' });
    }
    agent = configured !== undefined && configured !== 'SSH_AUTH_SOCK' ? configured : env.env.SSH_AUTH_SOCK;
    if ((agent === undefined || agent === '') && env.platform === 'win32') agent = 'pageant';
    if (agent === undefined || agent === '') {
      return err('SSH_AGENT_UNAVAILABLE', 'No SSH agent is running for this app: SSH_AUTH_SOCK is not set.', {
        hint: 'Start ssh-agent and add your key (eval "$(ssh-agent)"; ssh-add), and start the app from that session; or use a key file.',
      });
    }
  }
  return ok({
    hops: [...jumps, bastion],
    auth: ssh.auth,
    agent,
    knownHostsFile: ssh.knownHostsFile,
    destination: tunnelDestination(dsn, ssh),
    keepAliveMs: (ssh.keepAliveSeconds ?? DEFAULT_KEEPALIVE_SECONDS) * 1000,
  });
}

/** A process-local key, so pool keys can tell passwords apart without holding them. */
const POOL_SALT = randomBytes(32);

/**
 * The pool key of a plan: connections are shared only by requests that would log in the same way
 * (same hops, users, method, key files or agent, and the same password, compared by HMAC).
 */
export function poolKeyOf(plan: TunnelPlan, password: string | undefined): string {
  const secret = password === undefined ? '' : createHmac('sha256', POOL_SALT).update(password).digest('base64');
  return JSON.stringify([plan.hops.map((h) => [h.host, h.port, h.user, plan.auth === 'key' ? h.identityFiles : []]), plan.auth, plan.agent ?? '', plan.knownHostsFile ?? '', secret]);
}
