/**
 * An in-memory {@link IamDsnBridge} for renderer tests: every method is a vi.fn you can inspect or
 * override, and {@link FakeApi.emit} pushes an event to the page's `on` listeners as main would.
 */
import { vi } from 'vitest';
import type { ConnectionTestReport } from '../../../../shared/connection-test';
import { defaultDsn, type DsnInput, type SavedDsn } from '../../../../shared/dsn';
import type { AwsProfileInfo, HostPlatform, IamDsnApi, IamDsnBridge, IamDsnEvents, ImportLibraryReport, RefresherStatus, StoreStatus } from '../../../../shared/ipc-contract';
import { err, ok } from '../../../../shared/result';

let counter = 0;
function nextId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

/** A saved DSN with sensible values; override what the test cares about. */
export function savedDsn(overrides: Partial<SavedDsn> = {}): SavedDsn {
  return {
    ...defaultDsn(),
    id: nextId(),
    name: 'Orders reader',
    server: 'orders.abc123.us-east-1.rds.amazonaws.com',
    region: 'us-east-1',
    user: 'reader',
    hasPassword: false,
    passwordSessionOnly: false,
    hasSecretAccessKey: false,
    hasSessionToken: false,
    hasSshPassword: false,
    updatedAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

export const successReport: ConnectionTestReport = {
  outcome: 'success',
  totalMs: 187,
  startedAt: '2025-01-02T03:04:05.000Z',
  phases: [
    { name: 'sign', status: 'ok', durationMs: 12, note: 'token reused from cache' },
    { name: 'tcp', status: 'ok', durationMs: 23 },
    { name: 'tls', status: 'ok', durationMs: 41 },
    { name: 'auth', status: 'ok', durationMs: 97 },
    { name: 'query', status: 'ok', durationMs: 14 },
  ],
  server: {
    serverVersion: 'PostgreSQL 16.4 on aarch64-unknown-linux-gnu',
    currentUser: 'reader',
    database: 'postgres',
    tls: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    connectedTo: '127.0.0.1:15432',
  },
  token: {
    signedFor: 'orders.abc123.us-east-1.rds.amazonaws.com:5432',
    region: 'us-east-1',
    reuseUntil: '2025-01-02T03:19:05.000Z',
    fromCache: true,
  },
};

export const XSS = '<img src=x onerror=alert(1)>';

export const pamFailureReport: ConnectionTestReport = {
  outcome: 'failure',
  totalMs: 140,
  startedAt: '2025-01-02T03:04:05.000Z',
  phases: [
    { name: 'sign', status: 'ok', durationMs: 9 },
    { name: 'tcp', status: 'ok', durationMs: 20 },
    { name: 'tls', status: 'ok', durationMs: 35 },
    { name: 'auth', status: 'failed', durationMs: 76 },
    { name: 'query', status: 'skipped', durationMs: 0 },
  ],
  token: { signedFor: 'orders.abc123.us-east-1.rds.amazonaws.com:5432', region: 'us-east-1', reuseUntil: '2025-01-02T03:19:05.000Z', fromCache: false },
  error: {
    code: 'PAM_AUTH_FAILED',
    message: 'The server rejected the IAM token (PAM authentication failed).',
    hint: '1. Grant the role rds_iam: GRANT rds_iam TO reader;\n2. Check the IAM policy allows rds-db:connect\n3. Check the region',
    detail: `FATAL:  PAM authentication failed for user "reader" ${XSS}`,
  },
};

/** A promise you resolve from the test. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Profiles of a typical ~/.aws/config. */
export const PROFILES: AwsProfileInfo[] = [
  { name: 'default', kind: 'static', region: 'us-east-1', needsMfa: false, sources: ['config', 'credentials'] },
  { name: 'dev-sso', kind: 'sso', region: 'eu-west-1', needsMfa: false, sources: ['config'] },
  { name: 'prod-admin', kind: 'role', region: 'eu-central-1', needsMfa: true, sources: ['config'] },
  { name: 'vault', kind: 'process', needsMfa: false, sources: ['config'] },
  { name: 'k8s', kind: 'web-identity', region: 'ap-south-1', needsMfa: false, sources: ['config'] },
];

type Listeners = { [E in keyof IamDsnEvents]: Set<(payload: IamDsnEvents[E]) => void> };

export class FakeApi implements IamDsnBridge {
  readonly dsns = new Map<string, SavedDsn>();
  status: StoreStatus = { secretStorage: 'os', storePath: '/home/me/.config/iam-dsn-manager/config.json' };
  /** Secrets "stored" by saveDsn, by DSN id (tests check they never come back). */
  readonly secrets = new Map<string, { secretAccessKey?: string; sessionToken?: string }>();
  private readonly listeners: Listeners = { mfaRequest: new Set(), mfaResult: new Set(), sshPrompt: new Set(), refresherStatus: new Set(), menuCommand: new Set(), closeRequested: new Set() };

  /** The operating system the preload would report; set it before rendering. */
  platform: HostPlatform = 'linux';

  constructor(initial: SavedDsn[] = []) {
    for (const dsn of initial) this.dsns.set(dsn.id, dsn);
  }

  listDsns = vi.fn<IamDsnApi['listDsns']>(async () => ok([...this.dsns.values()]));

  saveDsn = vi.fn<IamDsnApi['saveDsn']>(async (input: DsnInput) => {
    const { id, password, clearPassword, secretAccessKey, sessionToken, clearStaticKeys, sshPassword: _sshPassword, clearSshPassword: _clearSsh, ...dsn } = input;
    const previous = id === undefined ? undefined : this.dsns.get(id);
    if (id !== undefined && previous === undefined) return err('NOT_FOUND', 'That DSN no longer exists');
    const hasPassword = clearPassword === true ? false : password !== undefined || previous?.hasPassword === true;
    const newId = id ?? nextId();
    const kept = clearStaticKeys === true || dsn.credentialSource.kind !== 'static' ? {} : (this.secrets.get(newId) ?? {});
    const secrets = { ...kept, ...(secretAccessKey !== undefined ? { secretAccessKey } : {}), ...(sessionToken !== undefined ? { sessionToken } : {}) };
    this.secrets.set(newId, secrets);
    const saved: SavedDsn = {
      ...dsn,
      // Like main: tags not sent (the form has no tags field) are kept.
      tags: dsn.tags ?? previous?.tags ?? [],
      id: newId,
      hasPassword: input.authType === 'database' && hasPassword,
      passwordSessionOnly: false,
      hasSecretAccessKey: secrets.secretAccessKey !== undefined,
      hasSessionToken: secrets.sessionToken !== undefined,
      hasSshPassword: false,
      updatedAt: new Date().toISOString(),
    };
    this.dsns.set(saved.id, saved);
    return ok(saved);
  });

  /** DSNs deleted and not yet restored, by id (main keeps them for undo). */
  readonly deleted = new Map<string, SavedDsn>();

  deleteDsn = vi.fn<IamDsnApi['deleteDsn']>(async (id: string) => {
    const dsn = this.dsns.get(id);
    if (dsn === undefined) return err('NOT_FOUND', 'That DSN no longer exists');
    this.dsns.delete(id);
    this.deleted.set(id, dsn);
    return ok({ id });
  });

  private nameTaken(name: string, exceptId?: string): boolean {
    return [...this.dsns.values()].some((d) => d.id !== exceptId && d.name.toLowerCase() === name.trim().toLowerCase());
  }

  duplicateDsn = vi.fn<IamDsnApi['duplicateDsn']>(async (id: string) => {
    const dsn = this.dsns.get(id);
    if (dsn === undefined) return err('NOT_FOUND', 'That DSN no longer exists');
    const base = dsn.name.replace(/ copy(?: \d+)?$/, '');
    let name = `${base} copy`;
    for (let n = 2; this.nameTaken(name); n += 1) name = `${base} copy ${n}`;
    const copy: SavedDsn = { ...dsn, id: nextId(), name, hasPassword: false, hasSecretAccessKey: false, hasSessionToken: false, hasSshPassword: false, updatedAt: new Date().toISOString() };
    this.dsns.set(copy.id, copy);
    return ok(copy);
  });

  renameDsn = vi.fn<IamDsnApi['renameDsn']>(async (id: string, newName: string) => {
    const dsn = this.dsns.get(id);
    if (dsn === undefined) return err('NOT_FOUND', 'That DSN no longer exists');
    if (newName.trim() === '') return err('VALIDATION', 'Name is required.', { fieldErrors: { name: ['Name is required'] } });
    if (this.nameTaken(newName, id)) return err('NAME_TAKEN', `A DSN named "${newName.trim()}" already exists.`, { fieldErrors: { name: ['Another DSN already has this name'] } });
    const renamed = { ...dsn, name: newName.trim(), updatedAt: new Date().toISOString() };
    this.dsns.set(id, renamed);
    return ok(renamed);
  });

  setDsnTags = vi.fn<IamDsnApi['setDsnTags']>(async (id: string, tags: string[]) => {
    const dsn = this.dsns.get(id);
    if (dsn === undefined) return err('NOT_FOUND', 'That DSN no longer exists');
    const tagged = { ...dsn, tags: tags.map((t) => t.trim()) };
    this.dsns.set(id, tagged);
    return ok(tagged);
  });

  restoreDsn = vi.fn<IamDsnApi['restoreDsn']>(async (id: string) => {
    const dsn = this.deleted.get(id);
    if (dsn === undefined) return err('NOT_FOUND', 'This DSN can no longer be restored.');
    this.deleted.delete(id);
    this.dsns.set(id, dsn);
    return ok(dsn);
  });

  exportLibrary = vi.fn<IamDsnApi['exportLibrary']>(async (ids?: string[]) => {
    const chosen = [...this.dsns.values()].filter((d) => ids === undefined || ids.includes(d.id));
    const dsns = chosen.map(({ id: _id, hasPassword: _p, passwordSessionOnly: _s, hasSecretAccessKey: _k, hasSessionToken: _t, hasSshPassword: _h, updatedAt: _u, ...dsn }) => dsn);
    const json = JSON.stringify({ format: 'iam-dsn-manager/library', version: 1, exportedAt: '2025-01-02T03:04:05.000Z', dsns }, null, 2);
    return ok({ json, count: dsns.length, fileName: 'iam-dsns-2025-01-02.json' });
  });

  /** Answers every import with {@link importReport} (dryRun as asked); override per test. */
  importReport: Omit<ImportLibraryReport, 'dryRun'> = { total: 0, imported: [], renamed: [], replaced: [], skipped: [], conflicts: [] };

  importLibrary = vi.fn<IamDsnApi['importLibrary']>(async (_json: string, options) => ok({ ...this.importReport, dryRun: options.dryRun === true }));

  testConnection = vi.fn<IamDsnApi['testConnection']>(async () => ok(successReport));

  cancelTest = vi.fn<IamDsnApi['cancelTest']>(async () => ok({ cancelled: true }));

  exportDsn = vi.fn<IamDsnApi['exportDsn']>(async (request) => {
    const secret = request.includeToken ? ':SIGNED-TOKEN' : request.includePassword ? ':s3cret' : '';
    const text =
      request.format === 'uri'
        ? `postgresql://${request.dsn.user}${secret}@${request.dsn.server}:${request.dsn.port}/${request.dsn.database}?sslmode=${request.dsn.sslMode}`
        : `host=${request.dsn.server} port=${request.dsn.port} dbname=${request.dsn.database} user=${request.dsn.user}`;
    return ok({
      format: request.format,
      text,
      containsSecret: secret !== '',
      tokenExpiresAt: request.includeToken ? '2025-01-02T03:19:05.000Z' : undefined,
      notes: ['Generate a fresh token with: aws rds generate-db-auth-token …'],
    });
  });

  /** Save to file: as if the user picked /home/me/<format>.txt in the dialog; 0600 when the export holds a secret or is pgpass. */
  saveExport = vi.fn<IamDsnApi['saveExport']>(async (request) => {
    const secret = request.includeToken || request.includePassword;
    return ok({
      path: `/home/me/${request.format}.txt`,
      mode: secret || request.format === 'pgpass' ? '0600' : '0644',
      containsSecret: secret,
      tokenExpiresAt: request.includeToken ? '2025-01-02T03:19:05.000Z' : undefined,
      keptLines: 0,
    });
  });

  storeStatus = vi.fn<IamDsnApi['storeStatus']>(async () => ok(this.status));

  listProfiles = vi.fn<IamDsnApi['listProfiles']>(async () => ok(PROFILES));

  answerMfa = vi.fn<IamDsnApi['answerMfa']>(async () => ok({ accepted: true }));
  answerSshPrompt = vi.fn<IamDsnApi['answerSshPrompt']>(async () => ok({ accepted: true }));
  listSshHosts = vi.fn<IamDsnApi['listSshHosts']>(async () => ok([]));

  /** Token refreshers by DSN id, as main's refresherStatus() lists them. */
  readonly refreshers = new Map<string, RefresherStatus>();

  /** Starts "refreshing" at once: fixed times, `~/` as /home/me/, a relative path refused like main. */
  startRefresher = vi.fn<IamDsnApi['startRefresher']>(async ({ dsnId, target }) => {
    const dsn = this.dsns.get(dsnId);
    if (dsn === undefined) return err('NOT_FOUND', 'That DSN no longer exists');
    if (!target.path.startsWith('/') && !target.path.startsWith('~/')) {
      return err('VALIDATION', 'The refresher request is not valid (1 problem).', { fieldErrors: { 'target.path': ['File path must be absolute, e.g. /home/me/.pgpass or ~/.pgpass'] } });
    }
    const status: RefresherStatus = {
      dsnId,
      target: { kind: target.kind, path: target.path.replace(/^~\//, '/home/me/') },
      state: 'running',
      lastRefreshAt: '2025-01-02T03:04:05.000Z',
      nextRefreshAt: '2025-01-02T03:16:05.000Z',
      tokenExpiresAt: '2025-01-02T03:19:05.000Z',
      refreshCount: 1,
      pgpassEntry: target.kind === 'pgpass' ? `${dsn.server}:${dsn.port}:${dsn.database}:${dsn.user}` : undefined,
    };
    this.refreshers.set(dsnId, status);
    return ok(status);
  });

  stopRefresher = vi.fn<IamDsnApi['stopRefresher']>(async (dsnId) => {
    const status = this.refreshers.get(dsnId);
    if (status === undefined) return err('NOT_FOUND', 'No token refresher has run for this DSN.');
    const stopped: RefresherStatus = { ...status, state: 'stopped', nextRefreshAt: null };
    this.refreshers.set(dsnId, stopped);
    return ok(stopped);
  });

  refresherStatus = vi.fn<IamDsnApi['refresherStatus']>(async () => ok([...this.refreshers.values()]));

  /** What the window last told main about its unsaved edits. */
  unsaved = false;
  setUnsavedChanges = vi.fn<IamDsnApi['setUnsavedChanges']>(async (unsaved) => {
    this.unsaved = unsaved;
    return ok({ unsaved });
  });
  closeWindow = vi.fn<IamDsnApi['closeWindow']>(async () => ok({ closing: true }));

  on = vi.fn(<E extends keyof IamDsnEvents>(event: E, listener: (payload: IamDsnEvents[E]) => void): (() => void) => {
    const set = this.listeners[event] as Set<(payload: IamDsnEvents[E]) => void>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  });

  /** Pushes `payload` to every current listener of `event`, as main's webContents.send would. */
  emit<E extends keyof IamDsnEvents>(event: E, payload: IamDsnEvents[E]): void {
    for (const listener of [...(this.listeners[event] as Set<(payload: IamDsnEvents[E]) => void>)]) listener(payload);
  }

  /** How many listeners `event` has now (subscriptions must be undone on unmount). */
  listenerCount(event: keyof IamDsnEvents): number {
    return this.listeners[event].size;
  }
}
