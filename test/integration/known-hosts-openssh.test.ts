/**
 * Our known_hosts rules against OpenSSH's own tools as ground truth: a file hashed by
 * `ssh-keygen -H` is understood, a line the app appends is found by `ssh-keygen -F`, and the
 * fingerprint shown in the host-key prompt is the one `ssh-keygen -l` prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHostKey, fingerprintSha256, knownHostsLine, parseKnownHosts } from '../../electron/main/tunnels/known-hosts';
import { requireTool } from '../support/require-tool';

let dir: string;
let keyBlob: Buffer;
let publicLine: string;

const HAS_OPENSSH = requireTool('openssh', 'known-hosts-openssh: ssh-keygen as ground truth');

describe.skipIf(!HAS_OPENSSH)('known-hosts-openssh', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamdsn-kh-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host')]);
    publicLine = readFileSync(join(dir, 'host.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    keyBlob = Buffer.from(publicLine.split(' ')[1] ?? '', 'base64');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('understands entries hashed by ssh-keygen -H', () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `[bastion.example.com]:2222 ${publicLine}\nplain.example.com ${publicLine}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('example.com');
    const lines = parseKnownHosts(text, 'kh');
    expect(checkHostKey(lines, '[bastion.example.com]:2222', keyBlob).kind).toBe('known');
    expect(checkHostKey(lines, 'plain.example.com', keyBlob).kind).toBe('known');
    expect(checkHostKey(lines, 'bastion.example.com', keyBlob).kind).toBe('unknown');
  });

  it('appends lines ssh-keygen -F finds under the same name', () => {
    const file = join(dir, 'app_known_hosts');
    writeFileSync(file, `${knownHostsLine('[127.0.0.1]:2201', keyBlob)}\n`);
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2201', '-f', file], { encoding: 'utf8' });
    expect(found).toContain('found: line 1');
    expect(() => execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2202', '-f', file], { stdio: 'pipe' })).toThrow();
  });

  it('shows the fingerprint ssh-keygen -l prints', () => {
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host.pub')], { encoding: 'utf8' }).split(/\s+/)[1];
    expect(fingerprintSha256(keyBlob)).toBe(printed);
  });
});
