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

/** Everything the renderer may ask of the main process. */
export interface IamDsnApi {
  listDsns(): Promise<Result<SavedDsn[]>>;
  saveDsn(input: DsnInput): Promise<Result<SavedDsn>>;
  deleteDsn(id: string): Promise<Result<{ id: string }>>;
  testConnection(request: TestConnectionRequest): Promise<Result<ConnectionTestReport>>;
  cancelTest(requestId: string): Promise<Result<{ cancelled: boolean }>>;
  exportDsn(request: ExportRequest): Promise<Result<ExportOutput>>;
  storeStatus(): Promise<Result<StoreStatus>>;
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
} as const satisfies Record<keyof IamDsnApi, string>;

/** Method names of the API. */
export type IpcMethod = keyof IamDsnApi;

/** The name under which the preload exposes the API on `window`. */
export const API_GLOBAL = 'iamDsn';
