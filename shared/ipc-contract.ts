/**
 * The one IPC contract between the renderer and the main process. The preload builds an object
 * typed as {@link IamDsnApi}; the main process registers one handler per entry of
 * {@link IPC_CHANNELS}. Every method answers a {@link Result}; none throws, none returns a secret.
 */
import type { CommandId } from './commands';
import type { ConnectionTestReport } from './connection-test';
import type { DsnInput, SavedDsn } from './dsn';
import type { ExportFormat, ExportOutput } from './export-types';
import type { AppError, Result } from './result';

/** Where secrets are kept, as told to the user. */
export interface StoreStatus {
  /** `os` when the OS keychain encrypts secrets; `session-only` when secrets are not written. */
  secretStorage: 'os' | 'session-only';
  /** Set when a corrupt store was found at start: the path of its backup. */
  recoveredFromCorruptFile?: string | undefined;
  /** The store file's path, for the user to find. */
  storePath: string;
}

/** A Test connection request: the form's values (saved or not) and a caller-chosen request id for cancel. */
export interface TestConnectionRequest {
  requestId: string;
  dsn: DsnInput;
}

/** An export request. Secrets are included only when asked for explicitly. */
export interface ExportRequest {
  dsn: DsnInput;
  format: ExportFormat;
  /** Put a freshly signed token (iam) into the output. */
  includeToken: boolean;
  /** Put the stored database password (database auth) into the output. */
  includePassword: boolean;
}

/**
 * A Save to file request: an export request, plus an optional suggested path. Main always asks the
 * user for the path in the OS save dialog (only the file name of `path` pre-fills it): the page
 * never chooses where a file is written.
 */
export type SaveExportRequest = ExportRequest & { path?: string | undefined };

/** Where an export was saved, and with which permissions. */
export interface SavedExport {
  /** The absolute path the user chose. */
  path: string;
  /** The file's permission bits as octal text: `0600` (owner only) when it holds a secret or is a .pgpass file, else `0644`. */
  mode: '0600' | '0644';
  /** The file holds a token or a password. */
  containsSecret: boolean;
  /** ISO time when the token in the file stops working (live IAM exports). */
  tokenExpiresAt?: string | undefined;
  /** .pgpass only: the other entries of the file (other servers'), each kept byte for byte where it was. */
  keptLines: number;
  /**
   * .pgpass only: where this DSN's line went — `replaced` in place, `added` at the end, or put
   * `before-wildcard`: before an earlier line with `*` that libpq would otherwise use first.
   */
  pgpassLine?: PgpassLinePlacement | undefined;
  /** The file that was replaced had looser permissions than the new one (e.g. `0644`); absent otherwise. */
  replacedMode?: string | undefined;
}

/** Where Save to file put a DSN's `.pgpass` line (see {@link SavedExport.pgpassLine}). */
export type PgpassLinePlacement = 'replaced' | 'added' | 'before-wildcard';

/**
 * The operating system the app runs on, as the window needs it: Windows has no file modes (a
 * "mode 0600" means nothing there), macOS says Cmd. `other` for the rest.
 */
export type HostPlatform = 'darwin' | 'win32' | 'linux' | 'other';

/** Node's `process.platform` as a {@link HostPlatform}. */
export function hostPlatformOf(platform: string): HostPlatform {
  return platform === 'darwin' || platform === 'win32' || platform === 'linux' ? platform : 'other';
}

/** Why main asks the window about its unsaved changes: the window is closing, or the app quitting. */
export interface CloseRequest {
  reason: 'close' | 'quit';
}

/** The kind of an AWS shared-config profile, read from its keys. */
export type AwsProfileKind = 'static' | 'role' | 'sso' | 'process' | 'web-identity' | 'unknown';

/** A profile of ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE honoured). Never any secret. */
export interface AwsProfileInfo {
  name: string;
  kind: AwsProfileKind;
  /** The profile's `region`, offered as the DSN's default. */
  region?: string | undefined;
  /** The profile (or the role it assumes) asks for an MFA code. */
  needsMfa: boolean;
  /** The files that define it. */
  sources: Array<'config' | 'credentials'>;
}

/** Main asks the user for an MFA code while resolving credentials; answered with {@link IamDsnApi.answerMfa}. */
export interface MfaRequest {
  requestId: string;
  /** The MFA device serial (ARN) the code is for. */
  mfaSerial: string;
  /** Which DSN or profile needs it, for the dialog's text. */
  purpose: string;
  /** When main stops waiting (ISO time); the dialog closes itself then. */
  expiresAt: string;
  /** AWS rejected the code given to this same request: ask for the next one (the dialog stays open). */
  previousCodeRejected?: boolean | undefined;
}

/** Whether AWS took the code given to an {@link MfaRequest}: the dialog, kept open while AWS checks it, then closes. */
export interface MfaResult {
  requestId: string;
  accepted: boolean;
}

/**
 * Main asks the user while an SSH tunnel connects; answered with {@link IamDsnApi.answerSshPrompt}.
 * `host-key`: the bastion presented a key no known_hosts file lists (accept: remembered in the
 * app's own known-hosts file; refuse: no connection). `passphrase`: a key file is encrypted (the
 * passphrase is used once, never stored).
 */
export type SshPromptRequest =
  | {
      kind: 'host-key';
      requestId: string;
      host: string;
      port: number;
      keyType: string;
      /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
      fingerprint: string;
      purpose: string;
      expiresAt: string;
      /**
       * Where a `@cert-authority` line names this host (`~/.ssh/known_hosts:3`): OpenSSH would trust
       * a certificate from that CA, but the app checks plain host keys only, so it asks.
       */
      certAuthority?: string | undefined;
    }
  | { kind: 'passphrase'; requestId: string; keyFile: string; purpose: string; retry: boolean; expiresAt: string };

/** The answer to an {@link SshPromptRequest}: `accept` for a host key, `secret` (null cancels) for a passphrase. */
export type SshPromptAnswer = { accept: boolean } | { secret: string | null };

/** A Host alias of ~/.ssh/config as it resolves (nothing it names was run). */
export interface SshHostAlias {
  alias: string;
  hostName: string;
  port?: number | undefined;
  user?: string | undefined;
  identityFile?: string | undefined;
  proxyJump: string[];
  /** Set when the alias cannot be used (ProxyCommand, Match exec): why. */
  unsupported?: string | undefined;
}

/** What to do with an imported DSN whose name a saved DSN already has (names compare ignoring case). */
export const IMPORT_CONFLICT_MODES = ['rename', 'skip', 'replace'] as const;
/**
 * `rename`: import it as "<name> (imported)" ("… (imported 2)" …); `skip`: leave it out;
 * `replace`: the saved DSN takes the file's settings, keeping its id and the stored secrets that still apply.
 */
export type ImportConflictMode = (typeof IMPORT_CONFLICT_MODES)[number];

/** Options of {@link IamDsnApi.importLibrary}. */
export interface ImportLibraryOptions {
  onConflict: ImportConflictMode;
  /** Only report what would happen; nothing is written. */
  dryRun?: boolean | undefined;
}

/** What an import did (or, with `dryRun`, would do), by DSN name. */
export interface ImportLibraryReport {
  dryRun: boolean;
  /** Entries in the file. */
  total: number;
  /** Added under their own name. */
  imported: string[];
  /** Added under a new name because the name was taken. */
  renamed: Array<{ from: string; to: string }>;
  /** Saved DSNs that took the file's settings. */
  replaced: string[];
  /** Left out because the name was taken. */
  skipped: string[];
  /** Names in the file that saved DSNs already have, whatever the mode. */
  conflicts: string[];
}

/** A library export: JSON text without any secret, for a file or the clipboard. */
export interface LibraryExport {
  /** The JSON document (`format`, `version`, `exportedAt`, `dsns`). */
  json: string;
  /** How many DSNs it holds. */
  count: number;
  /** A file name to offer, e.g. `iam-dsns-2030-01-01.json`. */
  fileName: string;
}

/** The kinds of file a token refresher keeps fresh: a `.pgpass` file, or a file holding only the token. */
export const REFRESHER_TARGET_KINDS = ['pgpass', 'password-file'] as const;
/** One of {@link REFRESHER_TARGET_KINDS}. */
export type RefresherTargetKind = (typeof REFRESHER_TARGET_KINDS)[number];

/**
 * The file a token refresher writes. `pgpass`: the one line of the DSN (host = the server name,
 * port = the port libpq connects to, database, user) is replaced or added, every other line kept
 * byte for byte; the file must not be readable by group or others. `password-file`: the token and
 * a newline, nothing else. Either is replaced atomically with mode 0600.
 */
export interface RefresherTarget {
  kind: RefresherTargetKind;
  /** Absolute path (a leading `~/` means the user's home folder). */
  path: string;
}

/** Options of {@link IamDsnApi.startRefresher}. */
export interface StartRefresherRequest {
  /** A saved IAM DSN. */
  dsnId: string;
  target: RefresherTarget;
}

/** `running`: refreshing on schedule; `error`: the last refresh failed (retried when `nextRefreshAt` is set); `stopped`: by the user, or on quit. */
export type RefresherState = 'running' | 'stopped' | 'error';

/** What a DSN's token refresher is doing. Never holds the token. */
export interface RefresherStatus {
  dsnId: string;
  /** The file, with `~/` expanded. */
  target: RefresherTarget;
  state: RefresherState;
  /** When the file last got a fresh token (ISO time), or null. */
  lastRefreshAt: string | null;
  /** When the next refresh (or retry) is due (ISO time); null when none is scheduled. */
  nextRefreshAt: string | null;
  /** When the token now in the file stops working (ISO time), or null. */
  tokenExpiresAt: string | null;
  /** How many times the file was written since the start. */
  refreshCount: number;
  /** For `pgpass`: the `host:port:database:user` fields of the line kept fresh, escaped as in the file. */
  pgpassEntry?: string | undefined;
  /** Why the last refresh failed; cleared by the next success. */
  lastError?: AppError | undefined;
}

/** Everything the renderer may ask of the main process. */
export interface IamDsnApi {
  listDsns(): Promise<Result<SavedDsn[]>>;
  saveDsn(input: DsnInput): Promise<Result<SavedDsn>>;
  /** Deletes a DSN; {@link IamDsnApi.restoreDsn} can bring it back for a short while (undo). */
  deleteDsn(id: string): Promise<Result<{ id: string }>>;
  /** Copies a DSN as "<name> copy" ("<name> copy 2" …) with a new id; stored secrets are not copied. */
  duplicateDsn(id: string): Promise<Result<SavedDsn>>;
  /** Renames a DSN; NAME_TAKEN when another DSN has that name (ignoring case). */
  renameDsn(id: string, newName: string): Promise<Result<SavedDsn>>;
  /** Replaces a DSN's tags (validated like the form's: trimmed, 1–40 characters, at most 20, each once). */
  setDsnTags(id: string, tags: string[]): Promise<Result<SavedDsn>>;
  /** Undoes a recent delete: the DSN comes back with the same id and its stored secrets; NOT_FOUND when too late. */
  restoreDsn(id: string): Promise<Result<SavedDsn>>;
  /** The DSNs (all, or those of `ids`) as a JSON document that never holds a secret. */
  exportLibrary(ids?: string[]): Promise<Result<LibraryExport>>;
  /** Imports a library export; every entry is validated first, and nothing is written unless all are valid. */
  importLibrary(json: string, options: ImportLibraryOptions): Promise<Result<ImportLibraryReport>>;
  testConnection(request: TestConnectionRequest): Promise<Result<ConnectionTestReport>>;
  cancelTest(requestId: string): Promise<Result<{ cancelled: boolean }>>;
  exportDsn(request: ExportRequest): Promise<Result<ExportOutput>>;
  /** Exports and writes the text to a file the user picks in the save dialog (atomically; 0600 when secret). CANCELLED when the dialog is dismissed. */
  saveExport(request: SaveExportRequest): Promise<Result<SavedExport>>;
  storeStatus(): Promise<Result<StoreStatus>>;
  listProfiles(): Promise<Result<AwsProfileInfo[]>>;
  /** Answers an {@link MfaRequest}; `null` cancels. The code is used once and never stored. */
  answerMfa(requestId: string, code: string | null): Promise<Result<{ accepted: boolean }>>;
  /** Answers an {@link SshPromptRequest}. A passphrase is used once and never stored. */
  answerSshPrompt(requestId: string, answer: SshPromptAnswer): Promise<Result<{ accepted: boolean }>>;
  /** The Host aliases of ~/.ssh/config, resolved without running anything, for the SSH tunnel's host field. */
  listSshHosts(): Promise<Result<SshHostAlias[]>>;
  /**
   * Keeps a token file of a saved IAM DSN fresh while the app runs (replacing the DSN's refresher,
   * if any). Resolves after the first write: the status, or why nothing was written.
   */
  startRefresher(request: StartRefresherRequest): Promise<Result<RefresherStatus>>;
  /** Stops a DSN's refresher; the file keeps the last token. NOT_FOUND when it never ran. */
  stopRefresher(dsnId: string): Promise<Result<RefresherStatus>>;
  /** The refreshers of this session, one per DSN, running or not. */
  refresherStatus(): Promise<Result<RefresherStatus[]>>;
  /** Tells main whether the open DSN has unsaved edits: closing the window then asks first (see {@link IamDsnEvents.closeRequested}). */
  setUnsavedChanges(unsaved: boolean): Promise<Result<{ unsaved: boolean }>>;
  /** After a {@link CloseRequest} the user answered Save or Don't save: closes (or quits) without asking again. */
  closeWindow(): Promise<Result<{ closing: boolean }>>;
}

/** Messages main pushes to the renderer (webContents.send), each with its listener's payload. */
export interface IamDsnEvents {
  mfaRequest: MfaRequest;
  /** An SSH tunnel asks about a host key or a passphrase. */
  sshPrompt: SshPromptRequest;
  /** A refresher's status changed (started, refreshed, failed, stopped). */
  refresherStatus: RefresherStatus;
  /** AWS checked the code given to an MFA request (a rejected code comes back as a new mfaRequest instead). */
  mfaResult: MfaResult;
  /** An application menu item was chosen. */
  menuCommand: { command: CommandId };
  /** The window is closing (or the app quitting) with unsaved edits: ask Save / Don't save / Cancel. */
  closeRequested: CloseRequest;
}

/** The push channel of each event; `satisfies` keeps it in step with {@link IamDsnEvents}. */
export const IPC_EVENT_CHANNELS = {
  mfaRequest: 'mfa:request',
  sshPrompt: 'ssh:prompt',
  refresherStatus: 'refresher:status',
  mfaResult: 'mfa:result',
  menuCommand: 'menu:command',
  closeRequested: 'window:close-requested',
} as const satisfies Record<keyof IamDsnEvents, string>;

/** What the preload exposes: the invoke methods plus one subscription per event. */
export interface IamDsnBridge extends IamDsnApi {
  /** The operating system, read by the preload (never from the page). */
  readonly platform: HostPlatform;
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends keyof IamDsnEvents>(event: E, listener: (payload: IamDsnEvents[E]) => void): () => void;
}

/** The IPC channel of each method; `satisfies` keeps it in step with {@link IamDsnApi}. */
export const IPC_CHANNELS = {
  listDsns: 'dsn:list',
  saveDsn: 'dsn:save',
  deleteDsn: 'dsn:delete',
  duplicateDsn: 'dsn:duplicate',
  renameDsn: 'dsn:rename',
  setDsnTags: 'dsn:set-tags',
  restoreDsn: 'dsn:restore',
  exportLibrary: 'library:export',
  importLibrary: 'library:import',
  testConnection: 'dsn:test',
  cancelTest: 'dsn:test-cancel',
  exportDsn: 'dsn:export',
  saveExport: 'dsn:save-export',
  storeStatus: 'store:status',
  listProfiles: 'aws:profiles',
  answerMfa: 'mfa:answer',
  answerSshPrompt: 'ssh:answer',
  listSshHosts: 'ssh:hosts',
  startRefresher: 'refresher:start',
  stopRefresher: 'refresher:stop',
  refresherStatus: 'refresher:list',
  setUnsavedChanges: 'window:set-unsaved',
  closeWindow: 'window:close',
} as const satisfies Record<keyof IamDsnApi, string>;

/** Method names of the API. */
export type IpcMethod = keyof IamDsnApi;

/** The name under which the preload exposes the API on `window`. */
export const API_GLOBAL = 'iamDsn';
