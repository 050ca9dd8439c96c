/** Host name and IP address checks shared by the form and the main process. */
import { z } from 'zod';

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
const hostname = z.hostname();

/** True for a DNS host name (RFC 1123, at most 253 characters); a dotted-digits string is not one. */
export function isHostName(value: string): boolean {
  if (/^[\d.]+$/.test(value)) return false;
  return hostname.safeParse(value).success;
}

/** True for an IPv4 or IPv6 literal (brackets allowed around IPv6). */
export function isIpAddress(value: string): boolean {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return ipv4.safeParse(bare).success || ipv6.safeParse(bare).success;
}

/** True for a host name or an IP literal. */
export function isHostOrIp(value: string): boolean {
  return isHostName(value) || isIpAddress(value);
}

/**
 * The host name an IAM token is signed for: DNS names ignore case and botocore (the AWS CLI)
 * signs the lower-cased name, and RDS refuses a token signed for the fully qualified form with
 * its final dot, so both are normalised here. The one rule for the signer, the recipes, the
 * drivers' `iamHost` and the local checks, so that all of them agree on one token.
 */
export function signingHost(server: string): string {
  return server.trim().toLowerCase().replace(/\.$/, '');
}

/** What the form says when the token is signed for another spelling of Server than typed; undefined when it is the same. */
export function signingHostNote(server: string): string | undefined {
  const signed = signingHost(server);
  if (signed === server || signed === '') return undefined;
  return `The token is signed for ${signed} (DNS names ignore case${/\.\s*$/.test(server) ? ', and RDS refuses a final dot' : ''}).`;
}
