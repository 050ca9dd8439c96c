/**
 * Acceptance 4 (pooling): 50 concurrent tests of different DSNs through one bastion open ONE SSH
 * connection — counted on the sshd side (connections its listener handed to sshd, and logins in
 * sshd's own log) — each over its own forward; the connection closes once idle.
 */
import { startTunnelWorld, type TunnelWorld } from './tunnel-harness';
import { requireTool } from '../support/require-tool';

let world: TunnelWorld;
const IDLE_MS = 1500;

const HAS_OPENSSH = requireTool('openssh', 'tunnel-pool: 50 tests through one real sshd');

describe.skipIf(!HAS_OPENSSH)('tunnel-pool', () => {
  beforeAll(async () => {
    world = await startTunnelWorld({ idleMs: IDLE_MS });
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  });

  function countMatches(text: string, pattern: RegExp): number {
    return text.match(pattern)?.length ?? 0;
  }

  it('50 concurrent tests through one bastion share one SSH connection, closed when idle', async () => {
    await world.knowHosts(world.bastion.knownHostsLine);
    const connectionsBefore = world.bastion.connections();
    const loginsBefore = countMatches(await world.bastion.log(), /Accepted publickey for/g);
    const acceptsBefore = (await world.db.verifierLog()).filter((l) => l.startsWith('accept')).length;

    // Different DSNs (their query timeouts differ), so the tester's own sharing of identical tests plays no part.
    const dsns = Array.from({ length: 50 }, (_, i) => world.dsn({ port: world.bastion.port }, { name: `orders ${i}`, queryTimeoutSeconds: 20 + i, connectTimeoutSeconds: 30 }));
    const reports = await Promise.all(dsns.map((dsn) => world.tester.test(dsn)));

    const failures = reports.filter((r) => r.outcome !== 'success').map((r) => r.error?.code);
    expect(failures).toEqual([]);
    const sshConnections = world.bastion.connections() - connectionsBefore;
    const sshLogins = countMatches(await world.bastion.log(), /Accepted publickey for/g) - loginsBefore;
    console.log(`50 concurrent tunnelled tests: ${sshConnections} SSH connection(s) accepted by the bastion, ${sshLogins} sshd login(s)`);
    expect(sshConnections).toBe(1);
    expect(sshLogins).toBe(1);
    // Every test logged in to PostgreSQL on its own forward with its own token check.
    const accepts = (await world.db.verifierLog()).filter((l) => l.startsWith('accept')).length - acceptsBefore;
    expect(accepts).toBe(50);
    expect(reports.filter((r) => r.phases.find((p) => p.name === 'ssh-connect')?.note?.startsWith('shared the open SSH connection'))).toHaveLength(49);

    expect(world.tunnels.openConnections()).toBe(1);
    // Closed once idle: waited for generously (the machine is shared), never before IDLE_MS.
    const idleFrom = Date.now();
    await vi.waitFor(() => expect(world.tunnels.openConnections()).toBe(0), { timeout: IDLE_MS + 30_000, interval: 100 });
    expect(Date.now() - idleFrom).toBeGreaterThanOrEqual(IDLE_MS - 100);
    await vi.waitFor(async () => expect(await world.bastion.log()).toMatch(/Disconnected from user iamdsn-ssh/), { timeout: 30_000, interval: 200 });
  }, 120_000);
});
