/**
 * Acceptance 3 of the SSH tunnel: each refusal with its own code and hint, against real sshd —
 * unknown host key (asked; refused → no login attempted; accepted → remembered), changed and
 * revoked host keys (never asked, refused loudly), a wrong user or key (with the methods the
 * server offers), forwarding disabled (AllowTcpForwarding no) or not permitted (PermitOpen), the
 * bastion unreachable, a bastion that stalls (timeout at the DSN's connect timeout), and a
 * database the bastion cannot reach.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { refusedPort, stalledServer } from '../fixture/net-fixtures';
import { sshKeygen, startSshBastion } from '../fixture/ssh-bastion';
import { startTunnelWorld, type TunnelWorld } from './tunnel-harness';
import { requireTool } from '../support/require-tool';

let world: TunnelWorld;

const HAS_OPENSSH = requireTool('openssh', 'tunnel-refusals: each refusal against real sshd');

describe.skipIf(!HAS_OPENSSH)('tunnel-refusals', () => {
  beforeAll(async () => {
    world = await startTunnelWorld();
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  });

  beforeEach(async () => {
    world.prompts.reset();
    world.tunnels.closeAll();
    await rm(world.appKnownHosts, { force: true });
    await world.knowHosts(world.bastion.knownHostsLine, world.noForwarding.knownHostsLine, world.permitElsewhere.knownHostsLine);
  });

  /**
   * What real OpenSSH says about a bastion's host key with the user's known_hosts (verbose, no
   * config, no agent, no key: the login fails after the host key check, which is all this asks).
   * Asynchronous: the bastion's listener lives in this process.
   */
  function openSshProbe(port: number): Promise<string> {
    const args = ['-v', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${world.userKnownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'IdentityAgent=none', '-o', 'IdentityFile=/dev/null', '-o', 'ConnectTimeout=30', '-p', String(port), 'iamdsn-ssh@127.0.0.1', 'true'];
    return new Promise((resolve) => execFile('ssh', args, { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: world.home } }, (_error, _stdout, stderr) => resolve(stderr)));
  }

  function failedPhase(report: ConnectionTestReport): string | undefined {
    return report.phases.find((p) => p.status === 'failed')?.name;
  }

  describe('host keys', () => {
    it('asks about an unknown key with its SHA256 fingerprint; refused, no login is attempted', async () => {
      await world.knowHosts();
      const report = await world.tester.test(world.dsn({ port: world.bastion.port }));
      expect(world.prompts.hostKeyQuestions).toHaveLength(1);
      expect(world.prompts.hostKeyQuestions[0]).toMatchObject({ host: '127.0.0.1', port: world.bastion.port, keyType: 'ssh-ed25519', fingerprint: world.bastion.fingerprint });
      expect(report.error?.code).toBe('SSH_HOST_KEY_UNKNOWN');
      expect(report.error?.hint).toContain(world.bastion.fingerprint);
      expect(failedPhase(report)).toBe('host-key');
      expect(await world.bastion.log()).not.toMatch(/Accepted publickey.*\n(?![\s\S]*Accepted)/);
      expect(await readFile(world.appKnownHosts, 'utf8').catch(() => '')).toBe('');
    });

    it('remembers a key the user accepted (hashed, in the app file only) and does not ask again', async () => {
      await world.knowHosts();
      world.prompts.accept.add(world.bastion.fingerprint);
      const first = await world.tester.test(world.dsn({ port: world.bastion.port }));
      expect(first.outcome).toBe('success');
      world.tunnels.closeAll();
      const second = await world.tester.test(world.dsn({ port: world.bastion.port }));
      expect(second.outcome).toBe('success');
      expect(world.prompts.hostKeyQuestions).toHaveLength(1);
      const remembered = await readFile(world.appKnownHosts, 'utf8');
      expect(remembered).toMatch(/^\|1\|[^ ]+ ssh-ed25519 /m);
      expect(remembered).not.toContain('127.0.0.1');
      expect(await readFile(world.userKnownHosts, 'utf8')).toBe('');
      expect(second.phases.find((p) => p.name === 'host-key')?.note).toContain(`known (${world.appKnownHosts}:`);
    });

    it('refuses a changed host key loudly and never asks', async () => {
      await world.knowHosts(`[127.0.0.1]:${world.bastion.port} ${world.jump.hostKey}`);
      const report = await world.tester.test(world.dsn({ port: world.bastion.port }));
      expect(report.error?.code).toBe('SSH_HOST_KEY_CHANGED');
      expect(report.error?.message).toMatch(/WARNING: the host key .* has CHANGED/);
      expect(report.error?.hint).toContain('man-in-the-middle');
      expect(report.error?.hint).toContain(world.bastion.fingerprint);
      expect(world.prompts.hostKeyQuestions).toHaveLength(0);
    });

    it('a bastion whose host certificate OpenSSH trusts through @cert-authority: asked all the same, naming the CA line', async () => {
      const ca = await sshKeygen(world.home, `host_ca_${Date.now()}`);
      const stranger = await sshKeygen(world.home, `other_ca_${Date.now()}`);
      const agentKey = (await readFile(`${world.keys.agent}.pub`, 'utf8')).trim();
      const certified = await startSshBastion({ netnsExec: world.network.exec, authorizedKeys: [agentKey], hostCaKey: ca.path });
      try {
        const trustLine = (key: string) => `@cert-authority [127.0.0.1]:${certified.port} ${key}`;
        // Ground truth: real OpenSSH trusts the certificate through that line (and not through another CA's).
        await world.knowHosts(trustLine(ca.publicKey));
        const trusted = await openSshProbe(certified.port);
        expect(trusted).toMatch(/Server host certificate: ssh-ed25519-cert-v01@openssh\.com/);
        expect(trusted).toMatch(/is known and matches the ED25519-CERT host certificate/);
        expect(trusted).not.toMatch(/Host key verification failed/);
        await world.knowHosts(trustLine(stranger.publicKey));
        expect(await openSshProbe(certified.port)).toMatch(/Host key verification failed/);

        // The app sees the plain key only (ssh2 negotiates no certificates): unknown, asked, the CA line named.
        await world.knowHosts(trustLine(ca.publicKey));
        const report = await world.tester.test(world.dsn({ port: certified.port }));
        expect(world.prompts.hostKeyQuestions.map((q) => [q.fingerprint, q.certAuthority])).toEqual([[certified.fingerprint, '~/.ssh/known_hosts:1']]);
        expect(report.error?.code).toBe('SSH_HOST_KEY_UNKNOWN');
        expect(report.error?.hint).toContain('~/.ssh/known_hosts:1 trusts a certificate authority for this host');
        // Accepted: remembered as a plain key, and the next test goes through.
        world.prompts.accept.add(certified.fingerprint);
        expect((await world.tester.test(world.dsn({ port: certified.port }))).outcome).toBe('success');
      } finally {
        await certified.stop();
      }
    });

    it('refuses a key marked @revoked, even when another line lists it', async () => {
      await world.knowHosts(world.bastion.knownHostsLine, `@revoked * ${world.bastion.hostKey}`);
      const report = await world.tester.test(world.dsn({ port: world.bastion.port }));
      expect(report.error?.code).toBe('SSH_HOST_KEY_REVOKED');
      expect(world.prompts.hostKeyQuestions).toHaveLength(0);
    });
  });

  describe('login', () => {
    it('a key the bastion does not know: SSH_LOGIN_REFUSED naming the methods it offers', async () => {
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, auth: 'key', identityFile: world.keys.stranger }));
      expect(report.error?.code).toBe('SSH_LOGIN_REFUSED');
      expect(report.error?.message).toContain('it accepts: publickey, password');
      expect(failedPhase(report)).toBe('ssh-auth');
    });

    it('a wrong user: SSH_LOGIN_REFUSED', async () => {
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, user: 'nobody-here' }));
      expect(report.error?.code).toBe('SSH_LOGIN_REFUSED');
      expect(report.error?.message).toContain('nobody-here@127.0.0.1');
    });

    it('a wrong password: SSH_LOGIN_REFUSED, and the password appears nowhere', async () => {
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, auth: 'password' }), { sshPassword: 'not-the-password' });
      expect(report.error?.code).toBe('SSH_LOGIN_REFUSED');
      expect(JSON.stringify(report)).not.toContain('not-the-password');
    });
  });

  describe('forwarding', () => {
    it('AllowTcpForwarding no: SSH_FORWARD_REFUSED at the forward phase', async () => {
      const report = await world.tester.test(world.dsn({ port: world.noForwarding.port }));
      expect(report.error?.code).toBe('SSH_FORWARD_REFUSED');
      expect(report.error?.hint).toContain('AllowTcpForwarding no');
      expect(failedPhase(report)).toBe('forward');
      expect(await world.noForwarding.log()).toMatch(/refused local port forward/);
    });

    it('PermitOpen elsewhere: SSH_FORWARD_REFUSED naming PermitOpen', async () => {
      const report = await world.tester.test(world.dsn({ port: world.permitElsewhere.port }));
      expect(report.error?.code).toBe('SSH_FORWARD_REFUSED');
      expect(report.error?.hint).toContain('PermitOpen');
    });

    it('the database is not reachable from the bastion: SSH_FORWARD_FAILED', async () => {
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, remotePort: 5999 }));
      expect(report.error?.code).toBe('SSH_FORWARD_FAILED');
      expect(report.error?.message).toContain(':5999');
      expect(report.error?.hint).toContain('Connection refused');
    });
  });

  describe('the bastion itself', () => {
    it('unreachable (connection refused): SSH_UNREACHABLE at ssh-connect', async () => {
      const report = await world.tester.test(world.dsn({ port: await refusedPort() }));
      expect(report.error?.code).toBe('SSH_UNREACHABLE');
      expect(report.error?.message).toContain('connection refused');
      expect(failedPhase(report)).toBe('ssh-connect');
    });

    it('a name that does not resolve: SSH_UNREACHABLE', async () => {
      const report = await world.tester.test(world.dsn({ host: 'bastion.example.invalid', port: 22 }));
      expect(report.error?.code).toBe('SSH_UNREACHABLE');
      expect(report.error?.message).toContain('does not resolve');
    });

    it('stalls after accepting: SSH_TIMEOUT at the DSN connect timeout', async () => {
      const stalled = await stalledServer();
      try {
        const t = performance.now();
        const report = await world.tester.test(world.dsn({ port: stalled.port }, { connectTimeoutSeconds: 2 }));
        const took = performance.now() - t;
        expect(report.error?.code).toBe('SSH_TIMEOUT');
        expect(report.error?.message).toContain('(2 s)');
        expect(took).toBeGreaterThanOrEqual(1900);
        expect(took).toBeLessThan(10_000);
      } finally {
        await stalled.close();
      }
    });
  });
});
