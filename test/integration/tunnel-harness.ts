/**
 * The private-database world the tunnel tests share: the IAM PostgreSQL inside a network namespace
 * (listening on the endpoint's own port 5432 there, unreachable from this process), real OpenSSH
 * bastions in front of it (forwarding allowed, forwarding off, PermitOpen elsewhere, a jump host
 * outside the namespace), a real ssh-agent, key pairs (one encrypted), and the app's tunnel service
 * and tester wired as the app wires them, with a scripted prompt in place of the window.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../electron/main/adapters/system-clock';
import { ConnectionTester } from '../../electron/main/services/connection-tester';
import { TokenSigner } from '../../electron/main/services/signer';
import { KnownHostsFiles } from '../../electron/main/tunnels/known-hosts-files';
import { systemSshEnvironment } from '../../electron/main/tunnels/ssh-environment';
import type { HostKeyQuestion, PassphraseQuestion, TunnelPromptPort } from '../../electron/main/tunnels/tunnel-prompts';
import { TunnelService } from '../../electron/main/tunnels/tunnel-service';
import { defaultDsn, type Dsn } from '../../shared/dsn';
import type { SshNetwork } from '../../shared/network';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { createPrivateNetwork, type PrivateNetwork } from '../fixture/private-network';
import { type SshAgent, type SshBastion, sshKeygen, startSshAgent, startSshBastion } from '../fixture/ssh-bastion';

/** The endpoint name tokens are signed for; it resolves only inside the private network. */
export const ENDPOINT = 'orders.cluster-tunnel.us-east-1.rds.amazonaws.com.invalid';
export const PASSPHRASE = 'correct horse battery staple';
export const SSH_PASSWORD = 'bastion-Pa55-word';

/** What a test's prompts were asked, and how they answer. */
export class ScriptedPrompts implements TunnelPromptPort {
  readonly hostKeyQuestions: HostKeyQuestion[] = [];
  readonly passphraseQuestions: PassphraseQuestion[] = [];
  /** Fingerprints the "user" accepts. */
  accept = new Set<string>();
  /** Passphrases typed, in order (undefined = cancel). */
  passphrases: Array<string | undefined> = [];

  async confirmHostKey(q: HostKeyQuestion): Promise<boolean> {
    this.hostKeyQuestions.push(q);
    return this.accept.has(q.fingerprint);
  }

  async askPassphrase(q: PassphraseQuestion): Promise<string | undefined> {
    this.passphraseQuestions.push(q);
    return this.passphrases.shift();
  }

  reset(): void {
    this.hostKeyQuestions.length = 0;
    this.passphraseQuestions.length = 0;
    this.accept.clear();
    this.passphrases = [];
  }
}

export interface TunnelWorld {
  network: PrivateNetwork;
  db: IamPostgresInternals;
  agent: SshAgent;
  keys: { agent: string; encrypted: string; stranger: string };
  bastion: SshBastion;
  noForwarding: SshBastion;
  permitElsewhere: SshBastion;
  jump: SshBastion;
  home: string;
  appKnownHosts: string;
  userKnownHosts: string;
  prompts: ScriptedPrompts;
  tunnels: TunnelService;
  tester: ConnectionTester;
  /** An IAM DSN for the private database through `ssh`. */
  dsn(ssh: Partial<SshNetwork>, over?: Partial<Dsn>): Dsn;
  /** Writes the user's known_hosts with these lines. */
  knowHosts(...lines: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startTunnelWorld(options: { idleMs?: number } = {}): Promise<TunnelWorld> {
  const network = await createPrivateNetwork({ [ENDPOINT]: '127.0.0.1' });
  const home = await mkdtemp(join(tmpdir(), 'iamdsn-home-'));
  await mkdir(join(home, '.ssh'), { mode: 0o700 });
  const [db, agentKey, encryptedKey, strangerKey, agent] = await Promise.all([
    startIamPostgres({ endpointHost: ENDPOINT, endpointPort: 5432, netnsExec: network.exec, maxConnections: 80 }),
    sshKeygen(home, 'id_agent'),
    sshKeygen(home, 'id_encrypted', PASSPHRASE),
    sshKeygen(home, 'id_stranger'),
    startSshAgent(),
  ]);
  await agent.add(agentKey.path);
  const authorizedKeys = [agentKey.publicKey, encryptedKey.publicKey];
  const [bastion, noForwarding, permitElsewhere, jump] = await Promise.all([
    startSshBastion({ netnsExec: network.exec, authorizedKeys, password: SSH_PASSWORD }),
    startSshBastion({ netnsExec: network.exec, authorizedKeys, allowTcpForwarding: 'no' }),
    startSshBastion({ netnsExec: network.exec, authorizedKeys, permitOpen: ['replica.internal:5432'] }),
    // Outside the namespace: it cannot reach the database, only the next bastion.
    startSshBastion({ authorizedKeys }),
  ]);
  const appKnownHosts = join(home, 'app', 'known_hosts');
  const userKnownHosts = join(home, '.ssh', 'known_hosts');
  const prompts = new ScriptedPrompts();
  const tunnels = new TunnelService({
    knownHosts: new KnownHostsFiles({ appFile: appKnownHosts, home, systemFile: join(home, 'no-system-known-hosts') }),
    prompts,
    environment: () => systemSshEnvironment({ home, env: { SSH_AUTH_SOCK: agent.socket } }),
    idleMs: options.idleMs ?? 2000,
  });
  const signer = new TokenSigner({
    clock: systemClock,
    credentialProviderFactory: () => async () => db.keys[0] ?? { accessKeyId: '', secretAccessKey: '' },
  });
  const tester = new ConnectionTester({ signer, clock: systemClock, tunnels });
  return {
    network,
    db,
    agent,
    keys: { agent: agentKey.path, encrypted: encryptedKey.path, stranger: strangerKey.path },
    bastion,
    noForwarding,
    permitElsewhere,
    jump,
    home,
    appKnownHosts,
    userKnownHosts,
    prompts,
    tunnels,
    tester,
    dsn(ssh, over = {}) {
      const network: SshNetwork = { kind: 'ssh', host: '127.0.0.1', user: bastion.user, auth: 'agent', ...ssh };
      return {
        ...defaultDsn(),
        name: 'private orders',
        server: ENDPOINT,
        port: 5432,
        user: db.iamUser,
        database: db.database,
        region: db.region,
        caBundlePath: db.caPath,
        connectTimeoutSeconds: 5,
        network,
        ...over,
      };
    },
    async knowHosts(...lines) {
      await writeFile(userKnownHosts, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    },
    async stop() {
      tunnels.closeAll();
      await Promise.all([bastion.stop(), noForwarding.stop(), permitElsewhere.stop(), jump.stop(), agent.stop()].map((p) => p.catch(() => undefined)));
      await db.stop().catch(() => undefined);
      await network.remove();
      await rm(home, { recursive: true, force: true });
    },
  };
}
