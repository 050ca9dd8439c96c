/**
 * Acceptance 1–2 of the SSH tunnel: Test connection reaches a database that only a bastion can
 * reach (real sshd, real ssh-agent, the IAM PostgreSQL in its own network namespace), through an
 * agent key, an encrypted key whose passphrase is asked and answered, a password, and a two-hop
 * ProxyJump; the verifier accepts a token signed for the endpoint name, never for 127.0.0.1.
 */
import net from 'node:net';
import type { ConnectionTestReport } from '../../shared/connection-test';
import { ENDPOINT, PASSPHRASE, SSH_PASSWORD, startTunnelWorld, type TunnelWorld } from './tunnel-harness';
import { requireTool } from '../support/require-tool';

let world: TunnelWorld;

const HAS_OPENSSH = requireTool('openssh', 'tunnel-connect: Test connection through real sshd bastions');

describe.skipIf(!HAS_OPENSSH)('tunnel-connect', () => {
  beforeAll(async () => {
    world = await startTunnelWorld();
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  });

  beforeEach(async () => {
    world.prompts.reset();
    world.tunnels.closeAll();
    await world.knowHosts(world.bastion.knownHostsLine, world.jump.knownHostsLine);
  });

  function phase(report: ConnectionTestReport, name: string) {
    return report.phases.find((p) => p.name === name);
  }

  function expectSuccess(report: ConnectionTestReport): void {
    if (report.outcome !== 'success') throw new Error(`test failed: ${JSON.stringify(report.error)} ${JSON.stringify(report.phases)}`);
    expect(report.phases.map((p) => p.name)).toEqual(['sign', 'ssh-connect', 'host-key', 'ssh-auth', 'forward', 'tcp', 'tls', 'auth', 'query']);
    for (const name of ['ssh-connect', 'host-key', 'ssh-auth', 'forward', 'tcp', 'tls', 'auth', 'query']) expect(phase(report, name)?.status).toBe(name === 'sign' ? 'ok' : 'ok');
    expect(report.server?.currentUser).toBe(world.db.iamUser);
    // TLS named the endpoint through the tunnel: the CA bundle verified it for ENDPOINT.
    expect(phase(report, 'tls')?.note).toContain(`verified against ${world.db.caPath} for ${ENDPOINT}`);
    expect(report.token?.signedFor).toBe(`${ENDPOINT}:5432`);
  }

  describe('the private database', () => {
    it('is not reachable from here: nothing listens on 127.0.0.1:5432 in this namespace for it', async () => {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port: world.db.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      // (Something else on this machine could use 5432; then it is at least not our fixture.)
      if (reached) expect(await world.db.verifierLog()).toEqual([]);
      else expect(reached).toBe(false);
    });
  });

  describe('Test connection through an SSH bastion', () => {
    it('logs in with a key held by a real ssh-agent; the token is signed for the endpoint, not 127.0.0.1', async () => {
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, auth: 'agent' }));
      expectSuccess(report);
      expect(phase(report, 'host-key')?.note).toContain(`${world.bastion.fingerprint} known (~/.ssh/known_hosts:1)`);
      expect(phase(report, 'ssh-auth')?.note).toContain('(agent)');
      expect(phase(report, 'forward')?.note).toContain(`${ENDPOINT}:5432`);
      expect(report.server?.connectedTo).toBe(`${world.bastion.user}@127.0.0.1:${world.bastion.port} → ${ENDPOINT}:5432`);
      const log = await world.db.verifierLog();
      expect(log.at(-1)).toMatch(new RegExp(`^accept user=${world.db.iamUser} `));
      expect(log.join('\n')).not.toMatch(/wrong-host/);
      expect(await world.bastion.log()).toMatch(/Accepted publickey for iamdsn-ssh/);
    });

    it('a token signed for the local end instead (what a naive tunnel does) is refused by the verifier', async () => {
      // Server "localhost" (the certificate names it too) while the bastion still dials the endpoint.
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, remoteHost: ENDPOINT, remotePort: 5432 }, { server: 'localhost', caBundlePath: world.db.caPath }));
      expect(report.error?.code).toBe('PAM_AUTH_FAILED');
      expect((await world.db.verifierLog()).at(-1)).toMatch(/^reject user=iam_user reason=wrong-host host=localhost/);
    });

    it('asks for the passphrase of an encrypted key, uses it once, and logs in', async () => {
      world.prompts.passphrases = ['wrong guess', PASSPHRASE];
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, auth: 'key', identityFile: world.keys.encrypted }));
      expectSuccess(report);
      expect(world.prompts.passphraseQuestions.map((q) => [q.keyFile, q.retry])).toEqual([
        [world.keys.encrypted, false],
        [world.keys.encrypted, true],
      ]);
      expect(JSON.stringify(report)).not.toContain(PASSPHRASE);
    });

    it('refuses an encrypted key when the passphrase prompt is cancelled, without connecting', async () => {
      const before = world.bastion.connections();
      world.prompts.passphrases = [undefined];
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, auth: 'key', identityFile: world.keys.encrypted }));
      expect(report.error?.code).toBe('SSH_KEY_UNUSABLE');
      expect(report.error?.message).toContain('no passphrase was given');
      expect(world.bastion.connections()).toBe(before);
    });

    it('logs in with a password', async () => {
      const report = await world.tester.test(world.dsn({ port: world.bastion.port, auth: 'password' }), { sshPassword: SSH_PASSWORD });
      expectSuccess(report);
      expect(await world.bastion.log()).toMatch(/Accepted password for iamdsn-ssh/);
      expect(JSON.stringify(report)).not.toContain(SSH_PASSWORD);
    });

    it('goes through a jump host (ProxyJump) that cannot reach the database itself', async () => {
      const report = await world.tester.test(
        world.dsn({ port: world.bastion.port, auth: 'agent', jumpHosts: [{ host: '127.0.0.1', port: world.jump.port, user: world.jump.user }] }),
      );
      expectSuccess(report);
      expect(phase(report, 'ssh-connect')?.note).toContain(`through ${world.jump.user}@127.0.0.1:${world.jump.port}`);
      expect(phase(report, 'host-key')?.note).toContain('jump host');
      expect(await world.jump.log()).toMatch(/Accepted publickey/);
    });

    it('resolves a ~/.ssh/config Host alias with ProxyJump, without running anything', async () => {
      const { writeFile } = await import('node:fs/promises');
      const { join } = await import('node:path');
      await writeFile(
        join(world.home, '.ssh', 'config'),
        [
          'Host jump-box',
          '  HostName 127.0.0.1',
          `  Port ${world.jump.port}`,
          `  User ${world.jump.user}`,
          'Host private-bastion',
          '  HostName 127.0.0.1',
          `  Port ${world.bastion.port}`,
          `  User ${world.bastion.user}`,
          '  ProxyJump jump-box',
          'Host evil',
          '  ProxyCommand touch /tmp/iamdsn-should-never-exist',
          'Host *',
          `  IdentityFile ${world.keys.agent}`,
          '',
        ].join('\n'),
      );
      try {
        const report = await world.tester.test(world.dsn({ host: 'private-bastion', port: undefined, user: '', auth: 'key' }));
        expectSuccess(report);
        const refused = await world.tester.test(world.dsn({ host: 'evil', port: undefined, auth: 'agent' }));
        expect(refused.error?.code).toBe('SSH_CONFIG_UNSUPPORTED');
        expect(refused.error?.message).toContain('ProxyCommand');
        const { existsSync } = await import('node:fs');
        expect(existsSync('/tmp/iamdsn-should-never-exist')).toBe(false);
      } finally {
        await writeFile(join(world.home, '.ssh', 'config'), '');
      }
    });
  });
});
