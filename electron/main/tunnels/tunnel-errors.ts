/**
 * What went wrong in a tunnel, as the user should read it: one code per cause (bastion
 * unreachable, stalled, host key unknown / changed / revoked, login refused with the methods the
 * server offered, forward refused by AllowTcpForwarding / PermitOpen, database unreachable from
 * the bastion) with a hint. Pure: the connector passes what it saw.
 */
import type { AppError, ErrorCode } from '../../../shared/result';
import type { SshHop } from './tunnel-plan';

function appError(code: ErrorCode, message: string, hint: string, detail?: string): AppError {
  return { code, message, hint, detail };
}

function osCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The TCP connection to a hop failed (first hop: the OS; later hops: the previous hop's forward). */
export function hopUnreachable(hop: SshHop, error: unknown, through: SshHop | undefined): AppError {
  const code = osCode(error);
  const where = `${hop.host} port ${hop.port}`;
  if (through !== undefined) {
    return appError('SSH_UNREACHABLE', `The jump host ${through.label} could not reach ${where}.`, `Check that ${hop.host}:${hop.port} is the next hop's SSH address as seen from ${through.host}, and that the jump host allows forwarding to it.`, messageOf(error));
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return appError('SSH_UNREACHABLE', `The bastion's name ${hop.host} does not resolve.`, 'Check the bastion host (or its HostName in ~/.ssh/config) and your DNS or VPN.', messageOf(error));
  }
  if (code === 'ECONNREFUSED') {
    return appError('SSH_UNREACHABLE', `Nothing accepts SSH connections at ${where} (connection refused).`, `Check the bastion's address and port, that sshd runs there, and that a security group allows your address on port ${hop.port}.`, messageOf(error));
  }
  return appError('SSH_UNREACHABLE', `The bastion ${where} cannot be reached${code !== undefined ? ` (${code})` : ''}.`, 'Check the address, your network or VPN, and the security group / firewall in front of the bastion.', messageOf(error));
}

/** No SSH handshake within the DSN's connect timeout. */
export function hopTimeout(hop: SshHop, seconds: number, stage: 'connect' | 'handshake' | 'forward'): AppError {
  const what = stage === 'connect' ? 'accept the TCP connection' : stage === 'handshake' ? 'complete the SSH handshake and login' : 'open the forward';
  return appError(
    'SSH_TIMEOUT',
    `The bastion ${hop.label} did not ${what} within the connect timeout (${seconds} s).`,
    'The bastion (or a firewall in front of it) accepts the connection but does not answer: check that sshd runs on that port and is not overloaded; raise Connect timeout if the link is slow.',
  );
}

/** The server refused every method we tried; `offered` is what it said it accepts. */
export function authFailed(hop: SshHop, tried: string, offered: readonly string[] | undefined): AppError {
  const accepts = offered !== undefined && offered.length > 0 ? offered.join(', ') : 'unknown';
  const onlyOthers = offered !== undefined && offered.length > 0 && !offered.includes(tried === 'agent' || tried === 'key' ? 'publickey' : 'password');
  return appError(
    'SSH_LOGIN_REFUSED',
    `The bastion ${hop.label} refused the login (${tried}); it accepts: ${accepts}.`,
    onlyOthers
      ? `This server does not accept ${tried === 'password' ? 'passwords' : 'keys'} for ${hop.user}: choose a method it offers.`
      : `Check the user name (${hop.user}) and that the key (or password) is the one in that user's authorized_keys on the bastion.`,
  );
}

/** The agent could not be used (socket gone, no keys). */
export function agentFailed(agent: string, error: unknown): AppError {
  return appError('SSH_AGENT_UNAVAILABLE', `The SSH agent at ${agent} could not be used.`, 'Check that ssh-agent runs and holds your key (ssh-add -l).', messageOf(error));
}

/** A channel open failure on the last hop: the forward itself. */
export function forwardFailed(bastion: SshHop, destination: { host: string; port: number }, error: unknown): AppError {
  const reason = typeof error === 'object' && error !== null && 'reason' in error ? error.reason : undefined;
  const text = messageOf(error);
  const where = `${destination.host}:${destination.port}`;
  if (reason === 1 || /administratively prohibited|open failed/i.test(text)) {
    return appError(
      'SSH_FORWARD_REFUSED',
      `The bastion ${bastion.label} refused to forward to ${where}.`,
      `Its sshd does not allow TCP forwarding for this user (AllowTcpForwarding no), or PermitOpen does not list ${where}. Ask the bastion's admin, or set Remote host/port to a target PermitOpen allows.`,
      text,
    );
  }
  return appError(
    'SSH_FORWARD_FAILED',
    `The bastion ${bastion.label} could not reach the database at ${where}.`,
    `From the bastion, ${where} is not reachable (${text.replace(/^\(SSH\) Channel open failure: /, '')}): check the endpoint name and port, that the database is up, and that its security group allows the bastion.`,
    text,
  );
}

/** Anything else the SSH layer reported. */
export function sshFailed(hop: SshHop, error: unknown): AppError {
  return appError('SSH_FAILED', `The SSH connection to ${hop.label} failed.`, 'Check the bastion and try again; the detail says what the SSH layer reported.', messageOf(error));
}
