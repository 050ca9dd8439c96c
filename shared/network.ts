/**
 * How a DSN's socket reaches the database: directly, through a host:port the user forwarded
 * ("connect via"), or through an SSH tunnel the app opens itself. Whatever the path, the token is
 * signed for Server:Port and TLS names the Server: the network only decides where bytes go.
 */
import { z } from 'zod';
import { isHostOrIp } from './host';

const portNumber = (label: string) =>
  z
    .number({ error: `${label} must be a whole number from 1 to 65535` })
    .int(`${label} must be a whole number from 1 to 65535`)
    .min(1, `${label} must be a whole number from 1 to 65535`)
    .max(65535, `${label} must be a whole number from 1 to 65535`);

/** A host name, an IP literal, or (for SSH) a Host alias of ~/.ssh/config. */
const hostText = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(253, `${label} is at most 253 characters`)
    .refine((v) => isHostOrIp(v) || isSshAlias(v), `${label} must be a host name, an IP address or a Host alias of ~/.ssh/config`);

/** An SSH login name: what OpenSSH accepts (no spaces, no @, no control characters). */
const sshUser = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(64, `${label} is at most 64 characters`)
    .refine((v) => !/[\s@:\p{Cc}]/u.test(v) && !v.startsWith('-'), `${label} may not contain spaces, "@" or ":" and may not start with "-"`);

/** An absolute path, or one under the home folder (`~/.ssh/id_ed25519`). */
const filePath = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, `${label} is empty`)
    .max(4096, `${label} is too long`)
    .refine((v) => !v.includes('\0') && (v.startsWith('/') || v.startsWith('~/') || /^[a-zA-Z]:[\\/]/.test(v)), `${label} must be an absolute path or start with ~/`);

/** True for a Host alias as ~/.ssh/config may name one (letters, digits, `._-`), without wildcards. */
export function isSshAlias(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(value);
}

/** How the SSH client proves who it is. */
export const SSH_AUTH_METHODS = ['agent', 'key', 'password'] as const;
export type SshAuthMethod = (typeof SSH_AUTH_METHODS)[number];

/** One hop before the bastion (OpenSSH's ProxyJump), in order. */
export const jumpHostSchema = z.strictObject({
  host: hostText('Jump host'),
  port: portNumber('Jump host port').optional(),
  /** '' = from ~/.ssh/config, else the bastion's user. */
  user: sshUser('Jump host user').default(''),
});
export type JumpHost = z.infer<typeof jumpHostSchema>;

/** Most jump hosts before the bastion. */
export const MAX_JUMP_HOSTS = 4;

/** An SSH tunnel: the bastion, how to log in to it, and what it dials. Never a key, passphrase or password. */
export const sshNetworkSchema = z.strictObject({
  kind: z.literal('ssh'),
  /** The bastion: a host name, an IP address, or a Host alias of ~/.ssh/config (resolved when connecting). */
  host: hostText('Bastion host'),
  /** Absent: ~/.ssh/config's Port for the alias, else 22. */
  port: portNumber('Bastion port').optional(),
  /** '' = ~/.ssh/config's User for the alias, else the local user name. */
  user: sshUser('Bastion user').default(''),
  auth: z.enum(SSH_AUTH_METHODS, { error: 'SSH authentication must be "agent", "key" or "password"' }),
  /** The private key file (`key`); absent: ~/.ssh/config's IdentityFile. Its passphrase is asked when connecting, never stored. */
  identityFile: filePath('Identity file').optional(),
  jumpHosts: z.array(jumpHostSchema, { error: 'Jump hosts must be a list' }).max(MAX_JUMP_HOSTS, `At most ${MAX_JUMP_HOSTS} jump hosts`).optional(),
  /** Read instead of ~/.ssh/known_hosts (the app's own known-hosts file is read too, and is where accepted keys go). */
  knownHostsFile: filePath('Known hosts file').optional(),
  /** What the bastion dials; default Server. The token is signed for Server:Port whatever this is. */
  remoteHost: z
    .string({ error: 'Remote host must be text' })
    .trim()
    .max(253, 'Remote host is at most 253 characters')
    .refine((v) => isHostOrIp(v), 'Remote host must be a host name or an IP address')
    .optional(),
  /** What the bastion dials; default Port. */
  remotePort: portNumber('Remote port').optional(),
  /** The local port of the exported `ssh -L` recipe; default {@link DEFAULT_LOCAL_PORT}. */
  localPort: portNumber('Local port').optional(),
  /** Seconds between keep-alive messages on the SSH connection; 0 turns them off. Default 30. */
  keepAliveSeconds: z.number({ error: 'Keep-alive must be a whole number of seconds' }).int().min(0).max(3600, 'Keep-alive is at most 3600 seconds').optional(),
});
export type SshNetwork = z.infer<typeof sshNetworkSchema>;

/** Where the socket goes, as the DSN JSON spells it. */
export const networkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('direct') }),
  z.strictObject({
    kind: z.literal('connect-via'),
    host: z
      .string({ error: 'Connect via host is required' })
      .trim()
      .min(1, 'Connect via host is required')
      .max(253, 'Connect via host is at most 253 characters')
      .refine((v) => isHostOrIp(v), 'Connect via host must be a host name or an IP address'),
    /** Absent: the DSN's Port. */
    port: portNumber('Connect via port').optional(),
  }),
  sshNetworkSchema,
]);
export type Network = z.infer<typeof networkSchema>;

/** The local port an exported `ssh -L` recipe forwards from when the DSN names none. */
export const DEFAULT_LOCAL_PORT = 15432;
/** Keep-alive interval when the DSN names none. */
export const DEFAULT_KEEPALIVE_SECONDS = 30;

/** The fields of a DSN that decide its network: today's connect-via pair and the `network` object. */
export interface NetworkFields {
  server: string;
  port: number;
  connectViaHost: string;
  connectViaPort?: number | undefined;
  network?: Network | undefined;
}

/**
 * The DSN's network, one answer for every reader: `network` when set, else today's
 * `connectViaHost`/`connectViaPort` (DSNs saved before tunnels existed), else direct.
 */
export function networkOf(dsn: NetworkFields): Network {
  if (dsn.network !== undefined && dsn.network.kind !== 'direct') return dsn.network;
  if (dsn.connectViaHost !== '') return { kind: 'connect-via', host: dsn.connectViaHost, port: dsn.connectViaPort };
  return { kind: 'direct' };
}

/** What the bastion dials for the database: remoteHost/remotePort, default Server:Port. */
export function tunnelDestination(dsn: NetworkFields, ssh: SshNetwork): { host: string; port: number } {
  return { host: ssh.remoteHost ?? stripBrackets(dsn.server), port: ssh.remotePort ?? dsn.port };
}

/** The address a local client uses while an exported `ssh -L` recipe runs. */
export function tunnelLocalEnd(ssh: SshNetwork): { host: string; port: number } {
  return { host: '127.0.0.1', port: ssh.localPort ?? DEFAULT_LOCAL_PORT };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The SSH tunnel of a DSN, or undefined. */
export function sshOf(dsn: NetworkFields): SshNetwork | undefined {
  const network = networkOf(dsn);
  return network.kind === 'ssh' ? network : undefined;
}

/**
 * Whether a stored SSH password still belongs to `now`: both tunnels log in with a password to the
 * same bastion (host and port) as the same user. The store keeps it only then, and a test uses it
 * only then (the secret stays bound to the login it was typed for).
 */
export function sameSshLogin(before: NetworkFields, now: NetworkFields): boolean {
  const a = sshOf(before);
  const b = sshOf(now);
  return a !== undefined && b !== undefined && a.auth === 'password' && b.auth === 'password' && a.host === b.host && a.port === b.port && a.user === b.user;
}

/** One ProxyJump hop as OpenSSH writes it: `[user@]host[:port]` (or `[v6]:port`). */
export function parseJumpHost(text: string): { user: string | undefined; host: string; port: number | undefined } {
  const at = text.lastIndexOf('@');
  const user = at > 0 ? text.slice(0, at) : undefined;
  const rest = at > 0 ? text.slice(at + 1) : text;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed !== null) return { user, host: bracketed[1] ?? rest, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const colon = rest.lastIndexOf(':');
  if (colon > 0 && rest.indexOf(':') === colon && /^\d+$/.test(rest.slice(colon + 1))) {
    return { user, host: rest.slice(0, colon), port: Number(rest.slice(colon + 1)) };
  }
  return { user, host: rest, port: undefined };
}

/** A comma-separated ProxyJump list (as typed in the form) as jump hosts; '' gives none. */
export function parseJumpList(text: string): Array<{ host: string; port?: number | undefined; user: string }> {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const hop = parseJumpHost(part);
      return { host: hop.host, port: hop.port, user: hop.user ?? '' };
    });
}

/** Jump hosts as a ProxyJump list (`user@host:port,host2`). */
export function formatJumpList(hops: ReadonlyArray<{ host: string; port?: number | undefined; user: string }>): string {
  return hops
    .map((h) => {
      const host = h.host.includes(':') ? `[${h.host}]` : h.host;
      return `${h.user === '' ? '' : `${h.user}@`}${host}${h.port === undefined || h.port === 22 ? '' : `:${h.port}`}`;
    })
    .join(',');
}
