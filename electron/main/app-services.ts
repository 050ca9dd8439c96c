/**
 * The one wiring: builds the main process's service graph from the ports its caller brings. The
 * Electron composition root (index.ts), the CLI (electron/cli/context.ts), the bench
 * (bench/app-services.ts) and the test harnesses all call {@link createAppServices}; a new
 * service is added here once. Runs in plain Node: nothing here loads Electron.
 */
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import type { AwsProfileInfo, MfaRequest, MfaResult, RefresherStatus, SshPromptRequest } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { ConnectionTestService } from './app/connection-test-service';
import { CredentialService } from './app/credential-service';
import { DsnService } from './app/dsn-service';
import { ExportService } from './app/export-service';
import { RefresherService } from './app/refresher-service';
import { SshService } from './app/ssh-service';
import { type CallerIdentityPort, StsCallerIdentity } from './connection-test/caller-identity';
import { ConnectionTester } from './connection-test/tester';
import type { ReadTextFile } from './connection-test/tls-plan';
import { MfaBroker } from './credentials/mfa-broker';
import { type WindowControlPort, WindowService } from './app/window-service';
import { listProfiles } from './credentials/profiles';
import type { CredentialProviderFactory } from './credentials/types';
import { DsnExporter } from './export/exporter';
import { type ScheduleFn, TokenRefresher } from './iam-token/refresher';
import { storeRefreshSource } from './iam-token/refresher-source';
import { TokenSigner } from './iam-token/signer';
import { TokenFileWriter, type TokenFileWriterPort } from './iam-token/token-file-writer';
import { processOwner } from './files/pgpass-file';
import { DsnLibrary } from './library/library';
import { type ConfFactory, DsnStore } from './library/store';
import type { SecretCipher } from './platform/cipher';
import type { Clock } from './platform/clock';
import type { Logger } from './platform/logger';
import type { SaveDialogPort } from './platform/save-dialog';
import { APP_KNOWN_HOSTS_FILE, KnownHostsFiles } from './tunnels/known-hosts-files';
import { systemSshEnvironment } from './tunnels/ssh-environment';
import { TunnelPromptBroker } from './tunnels/tunnel-prompts';
import { TunnelService } from './tunnels/tunnel-service';

/** Where the store file lives and how it is opened (electron-store in the app, Conf elsewhere, a read-only view in the CLI). */
export interface StoreFilePort {
  createConf: ConfFactory;
  /** Directory of the store file (the app's userData). */
  directory: string;
  /** File name without extension; default `dsns`. */
  name?: string | undefined;
  /** The CLI: `createConf` is the whole store; no folder is made, no file read, checked or moved aside. */
  readOnly?: boolean | undefined;
}

/** Where the SSH tunnels keep and read host keys, and how long an unused SSH connection stays open. */
export interface TunnelFilesPort {
  /** The app's own known-hosts file, the only one written (keys the user accepted); default `known_hosts` beside the store file. */
  knownHostsFile?: string | undefined;
  /** The system's known-hosts file; default /etc/ssh/ssh_known_hosts. */
  systemKnownHostsFile?: string | undefined;
  /** How long an SSH connection nobody uses stays open; default 15 s. */
  idleMs?: number | undefined;
}

/** What the caller brings: the outside world, as ports. */
export interface AppPorts {
  clock: Clock;
  logger: Logger;
  cipher: SecretCipher;
  storeFile: StoreFilePort;
  /**
   * Shows an MFA request to the user (the app: a push to its window; the CLI: a terminal prompt);
   * throws when it cannot, and the signing then fails with MFA_REQUIRED.
   */
  showMfaRequest: (request: MfaRequest) => void;
  /** Tells the user whether AWS took an MFA code (the window closes its dialog); optional. */
  showMfaResult?: ((result: MfaResult) => void) | undefined;
  /** How long an MFA prompt waits; default the broker's (2 minutes). */
  mfaTimeoutMs?: number | undefined;
  /**
   * Shows an SSH tunnel's question (an unknown host key, a key file's passphrase) as showMfaRequest
   * shows MFA requests; throws when it cannot, and the question is then answered "no".
   */
  showSshPrompt: (request: SshPromptRequest) => void;
  /** How long an SSH prompt waits; default the broker's (2 minutes). */
  sshPromptTimeoutMs?: number | undefined;
  /** The tunnels' known-hosts files and idle time; defaults as {@link TunnelFilesPort} says. */
  tunnelFiles?: TunnelFilesPort | undefined;
  /** Asks where to save an export; without one, saveExport answers that saving is not available. */
  saveDialog?: SaveDialogPort | undefined;
  /** Told of every refresher status change (the app pushes it to the window; the CLI prints it). */
  onRefresherStatus?: ((status: RefresherStatus) => void) | undefined;
  /** What `~/` means in a refresher's path and where ~/.ssh is; default the OS user's home folder. */
  homedir?: string | undefined;
  /** Where libpq's default password file is (the refresher's default .pgpass); default this process's. */
  platform?: NodeJS.Platform | undefined;
  /** The environment: libpq's file location, the tunnels' SSH_AUTH_SOCK; default this process's. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The caller-ARN lookup of the test report; default STS GetCallerIdentity, `null` for none. */
  callerIdentity?: CallerIdentityPort | null | undefined;
  /** How long the report waits for that lookup; default 1.5 s. */
  callerIdentityTimeoutMs?: number | undefined;
  /** Test seams: credentials without AWS, the profile list, the CA bundle reader, the refresher's timers and files. */
  credentialProviderFactory?: CredentialProviderFactory | undefined;
  listProfiles?: (() => Promise<Result<AwsProfileInfo[]>>) | undefined;
  readTextFile?: ReadTextFile | undefined;
  schedule?: ScheduleFn | undefined;
  tokenFileWriter?: TokenFileWriterPort | undefined;
  /** The main window's controls (the app); absent, closing asks nothing (CLI, bench). */
  window?: WindowControlPort | undefined;
}

/** The application layer: what the IPC doors, the CLI and the bench call. */
export interface AppApi {
  dsns: DsnService;
  tests: ConnectionTestService;
  exports: ExportService;
  refreshers: RefresherService;
  credentials: CredentialService;
  window: WindowService;
  ssh: SshService;
}

/** The application layer and the subsystems under it (for the CLI's `token`, the bench, the harnesses). */
export interface AppServices extends AppApi {
  store: DsnStore;
  signer: TokenSigner;
  tester: ConnectionTester;
  mfa: MfaBroker;
  refresher: TokenRefresher;
  /** SSH tunnels, pooled per bastion: closed when the app quits or the CLI's command ends. */
  tunnels: TunnelService;
  /** The tunnels' open questions: answered "no" when the window that shows them goes away. */
  sshPrompts: TunnelPromptBroker;
}

/** Builds every service once, from `ports`. */
export function createAppServices(ports: AppPorts): AppServices {
  const { clock, logger } = ports;
  const store = new DsnStore({ ...ports.storeFile, cipher: ports.cipher, clock, logger });
  const mfa = new MfaBroker({ clock, logger, notify: ports.showMfaRequest, notifyResult: ports.showMfaResult, timeoutMs: ports.mfaTimeoutMs });
  const homedir = ports.homedir ?? osHomedir();
  const env = ports.env ?? process.env;
  const signer = new TokenSigner({ clock, mfa, credentialProviderFactory: ports.credentialProviderFactory, env });
  // Tunnels ask about unknown host keys and passphrases the way signing asks for MFA codes.
  const sshPrompts = new TunnelPromptBroker({ clock, logger, notify: ports.showSshPrompt, timeoutMs: ports.sshPromptTimeoutMs });
  const files = ports.tunnelFiles ?? {};
  const knownHosts = new KnownHostsFiles({ appFile: files.knownHostsFile ?? join(ports.storeFile.directory, APP_KNOWN_HOSTS_FILE), home: homedir, systemFile: files.systemKnownHostsFile });
  const tunnels = new TunnelService({ knownHosts, prompts: sshPrompts, environment: () => systemSshEnvironment({ home: homedir, env }), idleMs: files.idleMs, logger });
  // The report names the caller (STS GetCallerIdentity) when STS answers in time; it never waits long.
  const callerIdentity = ports.callerIdentity === null ? undefined : (ports.callerIdentity ?? new StsCallerIdentity());
  const tester = new ConnectionTester({ signer, clock, callerIdentity, callerIdentityTimeoutMs: ports.callerIdentityTimeoutMs, readTextFile: ports.readTextFile, tunnels });
  // The refresher keeps only .pgpass files in the user's home fresh (files/pgpass-file.ts).
  const writer = ports.tokenFileWriter ?? new TokenFileWriter({ ...processOwner(), homedir });
  const refresher = new TokenRefresher({ signer, source: storeRefreshSource(store), clock, logger, onStatus: ports.onRefresherStatus, schedule: ports.schedule, writer });
  const library = new DsnLibrary({ store, clock });
  return {
    store,
    signer,
    tester,
    mfa,
    refresher,
    tunnels,
    sshPrompts,
    dsns: new DsnService({ store, library, logger }),
    tests: new ConnectionTestService({ store, tester, logger }),
    exports: new ExportService({ store, exporter: new DsnExporter(signer), logger, saveDialog: ports.saveDialog }),
    refreshers: new RefresherService({ refresher, logger, homedir, platform: ports.platform ?? process.platform, env }),
    credentials: new CredentialService({ mfa, logger, listProfiles: ports.listProfiles ?? (() => listProfiles()) }),
    window: new WindowService({ window: ports.window, logger }),
    ssh: new SshService({ prompts: sshPrompts, hostAliases: () => tunnels.hostAliases(), logger }),
  };
}
