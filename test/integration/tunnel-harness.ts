/**
 * The private-database world the tunnel tests share: the IAM PostgreSQL inside a network namespace
 * (listening on the endpoint's own port 5432 there, unreachable from this process), real OpenSSH
 * bastions in front of it (forwarding allowed, forwarding off, PermitOpen elsewhere, a jump host
 * outside the namespace), a real ssh-agent, key pairs (one encrypted), and the app's services built
 * by the one wiring (test/support/app.ts), with a scripted user answering the SSH prompts through
 * `answerSshPrompt` as the window does.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppServices } from '../../electron/main/app-services';
import type { ConnectionTester } from '../../electron/main/connection-test/tester';
import type { TunnelService } from '../../electron/main/tunnels/tunnel-service';
import type { Dsn } from '../../shared/dsn';
import type { SshPromptRequest } from '../../shared/ipc-contract';
import type { SshNetwork } from '../../shared/network';
import { fixtureIamDsn } from '../fixture/fixture-dsn';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { createPrivateNetwork, type PrivateNetwork } from '../fixture/private-network';
import { type SshAgent, type SshBastion, sshKeygen, startSshAgent, startSshBastion } from '../fixture/ssh-bastion';
import { createTestApp } from '../support/app';

/** The endpoint name tokens are signed for; it resolves only inside the private network. */
export const ENDPOINT = 'orders.cluster-tunnel.us-east-1.rds.amazonaws.com.invalid';
export const PASSPHRASE = 'correct horse battery staple';
export const SSH_PASSWORD = 'bastion-Pa55-word';

type HostKeyRequest = Extract<SshPromptRequest, { kind: 'host-key' }>;
type PassphraseRequest = Extract<SshPromptRequest, { kind: 'passphrase' }>;

/** A scripted user at the window: what the prompts asked, and how the user answers them. */
export class ScriptedPrompts {
  readonly hostKeyQuestions: HostKeyRequest[] = [];
  readonly passphraseQuestions: PassphraseRequest[] = [];
  /** Fingerprints the "user" accepts. */
  accept = new Set<string>();
  /** Passphrases typed, in order (undefined = cancel). */
  passphrases: Array<string | undefined> = [];
  /** Where the answers go: the app's answerSshPrompt, set once the services exist. */
  answer: (requestId: string, answer: { accept: boolean } | { secret: string | null }) => void = () => undefined;

  /** The wiring's showSshPrompt: records the request and answers it on the next turn, as a window would. */
  readonly show = (request: SshPromptRequest): void => {
    if (request.kind === 'host-key') this.hostKeyQuestions.push(request);
    else this.passphraseQuestions.push(request);
    const answer = request.kind === 'host-key' ? { accept: this.accept.has(request.fingerprint) } : { secret: this.passphrases.shift() ?? null };
    setImmediate(() => this.answer(request.requestId, answer));
  };

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
  /** The app's services (one wiring) over a store in `home`. */
  services: AppServices;
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
  await mkdir(join(home, 'app'), { mode: 0o700 });
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
  const { services } = createTestApp(join(home, 'app'), {
    homedir: home,
    env: { SSH_AUTH_SOCK: agent.socket },
    showSshPrompt: prompts.show,
    tunnelFiles: { knownHostsFile: appKnownHosts, systemKnownHostsFile: join(home, 'no-system-known-hosts'), idleMs: options.idleMs ?? 2000 },
    credentialProviderFactory: () => async () => db.keys[0] ?? { accessKeyId: '', secretAccessKey: '' },
  });
  prompts.answer = (requestId, answer) => void services.ssh.answerPrompt(requestId, answer);
  const { tunnels, tester } = services;
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
    services,
    tunnels,
    tester,
    dsn(ssh, over = {}) {
      const network: SshNetwork = { kind: 'ssh', host: '127.0.0.1', user: bastion.user, auth: 'agent', ...ssh };
      // The fixture's own DSN, its socket through the tunnel instead of connect via.
      return fixtureIamDsn(db, { name: 'private orders', connectViaHost: '', connectViaPort: undefined, connectTimeoutSeconds: 5, network, ...over });
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
