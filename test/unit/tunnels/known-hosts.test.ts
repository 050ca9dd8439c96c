/** known_hosts matching as OpenSSH does it: ports, patterns, hashed names, markers; and the line we append. */
import { createHash } from 'node:crypto';
import { checkHostKey, fingerprintSha256, knownHostsLine, knownHostsName, parseKnownHosts } from '../../../electron/main/tunnels/known-hosts';

/** A wire-format key blob of `type` (string type, then a fake body). */
function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
}

const KEY = blob('ssh-ed25519', 'bastion-key');
const OTHER = blob('ssh-ed25519', 'someone-else');
const RSA = blob('ssh-rsa', 'rsa-key');
const b64 = (b: Buffer) => b.toString('base64');

it('names hosts as known_hosts does: bare on port 22, [host]:port otherwise', () => {
  expect(knownHostsName('Bastion.Example.com', 22)).toBe('bastion.example.com');
  expect(knownHostsName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
});

it('known, unknown, changed and revoked', () => {
  const lines = parseKnownHosts([`# comment`, `[10.0.0.5]:2222,bastion ssh-ed25519 ${b64(KEY)}`, `other.example.com ssh-ed25519 ${b64(OTHER)}`, 'garbage'].join('\n'), 'kh');
  expect(checkHostKey(lines, '[10.0.0.5]:2222', KEY)).toEqual({ kind: 'known', where: 'kh:2' });
  expect(checkHostKey(lines, 'bastion', KEY).kind).toBe('known');
  // Port 22 of the same address is another host.
  expect(checkHostKey(lines, '10.0.0.5', KEY).kind).toBe('unknown');
  expect(checkHostKey(lines, 'other.example.com', KEY)).toMatchObject({ kind: 'changed', where: 'kh:3' });
  // Listed only with a key of another type: still not silently accepted.
  expect(checkHostKey(parseKnownHosts(`h ssh-rsa ${b64(RSA)}`, 'kh'), 'h', KEY)).toMatchObject({ kind: 'changed', knownTypes: ['ssh-rsa'] });
  const revoked = parseKnownHosts(`h ssh-ed25519 ${b64(KEY)}\n@revoked * ssh-ed25519 ${b64(KEY)}`, 'kh');
  expect(checkHostKey(revoked, 'h', KEY)).toEqual({ kind: 'revoked', where: 'kh:2' });
});

it('wildcards and negation; @cert-authority lines never make a key known', () => {
  const lines = parseKnownHosts(`*.example.com,!evil.example.com ssh-ed25519 ${b64(KEY)}\n@cert-authority *.corp ssh-ed25519 ${b64(KEY)}`, 'kh');
  expect(checkHostKey(lines, 'db.example.com', KEY).kind).toBe('known');
  expect(checkHostKey(lines, 'evil.example.com', KEY).kind).toBe('unknown');
  // A CA vouches for certificates only; the plain key stays unknown, and the verdict says which line would have vouched.
  expect(checkHostKey(lines, 'x.corp', KEY)).toEqual({ kind: 'unknown', certAuthority: 'kh:2' });
  expect(checkHostKey(lines, 'evil.example.com', KEY)).toEqual({ kind: 'unknown', certAuthority: undefined });
  // A CA line is no "other key" of the host either: never a changed key.
  expect(checkHostKey(parseKnownHosts(`@cert-authority h ssh-ed25519 ${b64(OTHER)}`, 'kh'), 'h', KEY)).toEqual({ kind: 'unknown', certAuthority: 'kh:1' });
});

it('appends hashed lines that match the name and nothing else', () => {
  const line = knownHostsLine('[127.0.0.1]:2201', KEY, Buffer.alloc(20, 7));
  expect(line).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
  expect(line).not.toContain('127.0.0.1');
  const lines = parseKnownHosts(line, 'app');
  expect(checkHostKey(lines, '[127.0.0.1]:2201', KEY).kind).toBe('known');
  expect(checkHostKey(lines, '[127.0.0.1]:2202', KEY).kind).toBe('unknown');
});

it('fingerprints like ssh-keygen: SHA256 of the blob, unpadded base64', () => {
  expect(fingerprintSha256(KEY)).toBe(`SHA256:${createHash('sha256').update(KEY).digest('base64').replace(/=+$/, '')}`);
});
