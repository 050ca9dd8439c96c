/**
 * OpenSSH's known_hosts format as pure functions: which lines name a host (plain patterns with `*`,
 * `?` and `!`, `[host]:port`, hashed `|1|salt|hash` entries), what the `@revoked` and
 * `@cert-authority` markers mean, the SHA256 fingerprint of a key, and the line to append for an
 * accepted key. A host key is never accepted silently: the answer says known, unknown, changed or
 * revoked, and the caller asks the user only for unknown.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** One usable line of a known_hosts file. */
export interface KnownHostLine {
  marker: 'revoked' | 'cert-authority' | undefined;
  /** The host field as written: comma-separated patterns, or one `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  /** The key blob (SSH wire format), base64 as in the file. */
  keyBase64: string;
  /** Where it is, for messages: `~/.ssh/known_hosts:12`. */
  where: string;
}

/** What the known_hosts files say about the key a host presented. */
export type HostKeyVerdict =
  | { kind: 'known'; where: string }
  /**
   * Not listed. `certAuthority`: a `@cert-authority` line names this host (where it is) — a key
   * signed by that CA would be trusted by OpenSSH, but this client only sees plain host keys.
   */
  | { kind: 'unknown'; certAuthority?: string | undefined }
  /** The host is listed with other keys of this type (or only other types): never accepted. */
  | { kind: 'changed'; where: string; knownTypes: string[] }
  | { kind: 'revoked'; where: string };

/** Splits a known_hosts text into its usable lines; comments, blank and malformed lines are skipped. */
export function parseKnownHosts(text: string, label: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostLine['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else return; // an unknown marker: OpenSSH ignores the line too
    }
    const [hosts, keyType, keyBase64] = fields;
    if (hosts === undefined || keyType === undefined || keyBase64 === undefined) return;
    out.push({ marker, hosts, keyType, keyBase64, where: `${label}:${index + 1}` });
  });
  return out;
}

/** The name known_hosts uses for a host: `host` on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return port === 22 ? bare.toLowerCase() : `[${bare.toLowerCase()}]:${port}`;
}

/** OpenSSH's pattern match (known_hosts, ssh_config Host): `*` any run, `?` one character, case-insensitive. */
export function globMatch(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name.toLowerCase());
}

/** `|1|salt|hash`: HMAC-SHA1 of the name with the salt. */
function hashedMatch(field: string, name: string): boolean {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const expected = createHmac('sha1', salt).update(name).digest('base64');
  return expected === parts[3];
}

/** Whether a line's host field names `name` (a `!pattern` match excludes it). */
export function hostFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) return hashedMatch(hosts, name);
  return patternListMatches(hosts.split(','), name);
}

/** OpenSSH's pattern lists: some pattern matches and no negated `!pattern` does. */
export function patternListMatches(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The SHA256 fingerprint as OpenSSH prints it: `SHA256:` + unpadded base64. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside a wire-format key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`…). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length <= 0 || length > 64 || keyBlob.length < 4 + length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/**
 * Checks a presented key against known_hosts lines, as OpenSSH does: a revoked key is refused
 * wherever it is listed; a listed key of the host is known; the host listed only with other keys
 * is a changed key; otherwise unknown. `@cert-authority` lines never make a key known: ssh2
 * negotiates no host certificates, so the key presented is the plain one and the CA cannot vouch
 * for it (OpenSSH too falls back to plain entries, and asks, when it gets no certificate). An
 * unknown key of a host a CA line names says where that line is, for the prompt to tell the user.
 */
export function checkHostKey(lines: readonly KnownHostLine[], name: string, keyBlob: Buffer): HostKeyVerdict {
  const keyBase64 = keyBlob.toString('base64');
  const revoked = lines.find((l) => l.marker === 'revoked' && l.keyBase64 === keyBase64);
  if (revoked !== undefined) return { kind: 'revoked', where: revoked.where };
  const forHost = lines.filter((l) => l.marker === undefined && hostFieldMatches(l.hosts, name));
  const same = forHost.find((l) => l.keyBase64 === keyBase64);
  if (same !== undefined) return { kind: 'known', where: same.where };
  const type = keyTypeOf(keyBlob);
  const sameType = forHost.find((l) => l.keyType === type);
  if (sameType !== undefined) return { kind: 'changed', where: sameType.where, knownTypes: [type] };
  // Listed only with keys of other types: OpenSSH would offer those algorithms first; we refuse too.
  if (forHost.length > 0) return { kind: 'changed', where: forHost[0]?.where ?? '', knownTypes: [...new Set(forHost.map((l) => l.keyType))] };
  const authority = lines.find((l) => l.marker === 'cert-authority' && hostFieldMatches(l.hosts, name));
  return { kind: 'unknown', certAuthority: authority?.where };
}

/** The line to append for an accepted key: the name hashed (like `HashKnownHosts yes`), then type and key. */
export function knownHostsLine(name: string, keyBlob: Buffer, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}
