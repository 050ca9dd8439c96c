/**
 * The `ssh -L` command an export of a tunnelled DSN asks the user to run first: it forwards
 * 127.0.0.1:LOCAL to what the bastion dials (remoteHost/remotePort, default Server:Port) through
 * the same bastion, jump hosts, user, key file and known-hosts file as the app. Every word is
 * quoted for POSIX shells; the strings of the export then use `hostaddr=127.0.0.1 port=LOCAL`
 * while host (TLS, .pgpass) and the token's signature stay the Server's.
 */
import type { Dsn } from '../dsn';
import { type SshNetwork, sshOf, tunnelDestination, tunnelLocalEnd } from '../network';
import { shellQuote } from './quoting';

function hostPort(host: string, port: number | undefined): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === undefined || port === 22 ? h : `${h}:${port}`;
}

/** `ssh …` as argv for `ssh`'s tunnel, before quoting. */
export function sshForwardArgv(dsn: Dsn, ssh: SshNetwork): string[] {
  const local = tunnelLocalEnd(ssh);
  const destination = tunnelDestination(dsn, ssh);
  const remote = destination.host.includes(':') ? `[${destination.host}]` : destination.host;
  const argv = ['ssh', '-N', '-o', 'ExitOnForwardFailure=yes', '-L', `${local.host}:${local.port}:${remote}:${destination.port}`];
  if (ssh.port !== undefined) argv.push('-p', String(ssh.port));
  if (ssh.jumpHosts !== undefined && ssh.jumpHosts.length > 0) {
    argv.push('-J', ssh.jumpHosts.map((j) => `${j.user === '' ? '' : `${j.user}@`}${hostPort(j.host, j.port)}`).join(','));
  }
  if (ssh.auth === 'key' && ssh.identityFile !== undefined) argv.push('-i', ssh.identityFile, '-o', 'IdentitiesOnly=yes');
  if (ssh.auth === 'password') argv.push('-o', 'PreferredAuthentications=password,keyboard-interactive');
  if (ssh.knownHostsFile !== undefined) argv.push('-o', `UserKnownHostsFile=${ssh.knownHostsFile}`);
  if (ssh.keepAliveSeconds !== undefined && ssh.keepAliveSeconds > 0) argv.push('-o', `ServerAliveInterval=${ssh.keepAliveSeconds}`);
  // `--` keeps a destination that starts with "-" from being read as an option.
  argv.push('--', ssh.user === '' ? ssh.host : `${ssh.user}@${ssh.host}`);
  return argv;
}

/** The tunnel command and its notes for a DSN with an SSH network; undefined for any other. */
export function sshTunnelRecipe(dsn: Dsn): { command: string; notes: string[] } | undefined {
  const ssh = sshOf(dsn);
  if (ssh === undefined) return undefined;
  const local = tunnelLocalEnd(ssh);
  const destination = tunnelDestination(dsn, ssh);
  const command = sshForwardArgv(dsn, ssh).map(shellQuote).join(' ');
  const notes = [
    `Run the ssh command first (in another terminal; it stays open): it forwards ${local.host}:${local.port} through ${ssh.host} to ${destination.host}:${destination.port}. The string below connects to ${local.host} port ${local.port} while naming ${dsn.server}, so TLS and the IAM token stay those of ${dsn.server}:${dsn.port}.`,
  ];
  if (ssh.auth === 'password') notes.push('ssh asks for the bastion password itself: it is not part of the export.');
  if (ssh.auth === 'key') notes.push('ssh asks for the key file\'s passphrase itself, if it has one (or uses ssh-agent).');
  return { command, notes };
}
