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
