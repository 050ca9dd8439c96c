/**
 * The one IPC contract between the renderer and the main process. The preload builds an object
 * typed as {@link IamDsnApi}; the main process registers one handler per entry of
 * {@link IPC_CHANNELS}. Every method answers a {@link Result}; none throws, none returns a secret.
 */
import type { ConnectionTestReport } from './connection-test';
import type { DsnInput, SavedDsn } from './dsn';
import type { ExportFormat, ExportOutput } from './export-types';
import type { Result } from './result';

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
}

/** Everything the renderer may ask of the main process. */
export interface IamDsnApi {
  listDsns(): Promise<Result<SavedDsn[]>>;
  saveDsn(input: DsnInput): Promise<Result<SavedDsn>>;
  deleteDsn(id: string): Promise<Result<{ id: string }>>;
  testConnection(request: TestConnectionRequest): Promise<Result<ConnectionTestReport>>;
  cancelTest(requestId: string): Promise<Result<{ cancelled: boolean }>>;
  exportDsn(request: ExportRequest): Promise<Result<ExportOutput>>;
  storeStatus(): Promise<Result<StoreStatus>>;
  listProfiles(): Promise<Result<AwsProfileInfo[]>>;
  /** Answers an {@link MfaRequest}; `null` cancels. The code is used once and never stored. */
  answerMfa(requestId: string, code: string | null): Promise<Result<{ accepted: boolean }>>;
}

/** Messages main pushes to the renderer (webContents.send), each with its listener's payload. */
export interface IamDsnEvents {
  mfaRequest: MfaRequest;
}

/** The push channel of each event; `satisfies` keeps it in step with {@link IamDsnEvents}. */
export const IPC_EVENT_CHANNELS = {
  mfaRequest: 'mfa:request',
} as const satisfies Record<keyof IamDsnEvents, string>;

/** What the preload exposes: the invoke methods plus one subscription per event. */
export interface IamDsnBridge extends IamDsnApi {
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends keyof IamDsnEvents>(event: E, listener: (payload: IamDsnEvents[E]) => void): () => void;
}

/** The IPC channel of each method; `satisfies` keeps it in step with {@link IamDsnApi}. */
export const IPC_CHANNELS = {
  listDsns: 'dsn:list',
  saveDsn: 'dsn:save',
  deleteDsn: 'dsn:delete',
  testConnection: 'dsn:test',
  cancelTest: 'dsn:test-cancel',
  exportDsn: 'dsn:export',
  storeStatus: 'store:status',
  listProfiles: 'aws:profiles',
  answerMfa: 'mfa:answer',
} as const satisfies Record<keyof IamDsnApi, string>;

/** Method names of the API. */
export type IpcMethod = keyof IamDsnApi;

/** The name under which the preload exposes the API on `window`. */
export const API_GLOBAL = 'iamDsn';
