import { describe, expect, it, vi } from 'vitest';
import { createApi, type Subscribe } from '../../../electron/preload/create-api';
import { IPC_CHANNELS, IPC_EVENT_CHANNELS, type IamDsnApi, type IamDsnBridge, type IpcMethod, type MfaRequest, type RefresherStatus } from '../../../shared/ipc-contract';

vi.mock('electron', () => {
  throw new Error('create-api.ts must not load electron');
});

/** Arguments to call each method with; typed so a changed signature breaks this test. */
const SAMPLE_ARGS: { [K in IpcMethod]: Parameters<IamDsnApi[K]> } = {
  listDsns: [],
  saveDsn: [{ name: 'prod' } as Parameters<IamDsnApi['saveDsn']>[0]],
  deleteDsn: ['dsn-1'],
  duplicateDsn: ['dsn-1'],
  renameDsn: ['dsn-1', 'prod copy'],
  setDsnTags: ['dsn-1', ['prod', 'eu']],
  restoreDsn: ['dsn-1'],
  exportLibrary: [['dsn-1', 'dsn-2']],
  importLibrary: ['{"format":"iam-dsn-manager/library","version":1,"dsns":[]}', { onConflict: 'rename', dryRun: true }],
  testConnection: [{ requestId: 'r1', dsn: { name: 'prod' } } as Parameters<IamDsnApi['testConnection']>[0]],
  cancelTest: ['r1'],
  exportDsn: [{ dsn: { name: 'prod' }, format: 'uri', includeToken: false, includePassword: false } as unknown as Parameters<IamDsnApi['exportDsn']>[0]],
  saveExport: [{ dsn: { name: 'prod' }, format: 'pgpass', includeToken: true, includePassword: false, path: '/tmp/prod.pgpass' } as unknown as Parameters<IamDsnApi['saveExport']>[0]],
  storeStatus: [],
  listProfiles: [],
  answerMfa: ['mfa-1', '123456'],
  answerSshPrompt: ['ssh-1', { accept: true }],
  listSshHosts: [],
  startRefresher: [{ dsnId: 'dsn-1', target: { kind: 'pgpass', path: '~/.pgpass' } }],
  stopRefresher: ['dsn-1'],
  refresherStatus: [],
  setUnsavedChanges: [true],
  closeWindow: [],
};
const METHODS = Object.keys(IPC_CHANNELS) as IpcMethod[];
const BRIDGE_KEYS = [...METHODS, 'on', 'platform'].sort();

/** A subscribe like ipcRenderer.on/removeListener: records listeners per channel, with a way to push. */
function fakeSubscribe() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribe: Subscribe = vi.fn((channel: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => void set.delete(listener);
  });
  const push = (channel: string, payload: unknown): void => {
    for (const l of [...(listeners.get(channel) ?? [])]) l(payload);
  };
  const count = (channel: string): number => listeners.get(channel)?.size ?? 0;
  return { subscribe, push, count };
}

const noSubscribe: Subscribe = () => () => undefined;

const REQUEST: MfaRequest = { requestId: 'mfa-1', mfaSerial: 'arn:aws:iam::123456789012:mfa/me', purpose: 'DSN "prod"', expiresAt: '2030-01-01T12:02:00.000Z' };

describe('createApi', () => {
  it('has exactly the methods of IamDsnApi plus on, all functions, and the platform', () => {
    const api = createApi(vi.fn(), noSubscribe, 'linux');
    expect(Object.keys(api).sort()).toEqual(BRIDGE_KEYS);
    for (const method of METHODS) expect(typeof api[method]).toBe('function');
    expect(typeof api.on).toBe('function');
    expect(api.platform).toBe('linux');
  });

  it.each([
    ['win32', 'win32'],
    ['darwin', 'darwin'],
    ['linux', 'linux'],
    ['freebsd', 'other'],
  ])('tells the page the platform: %s → %s', (platform, shown) => {
    expect(createApi(vi.fn(), noSubscribe, platform).platform).toBe(shown);
  });

  it.each(METHODS)('%s invokes its own channel with exactly its arguments', async (method) => {
    const answer = { ok: true, value: method };
    const invoke = vi.fn(async () => answer);
    const api = createApi(invoke, noSubscribe, 'linux');
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    const args = SAMPLE_ARGS[method];

    // An extra argument from the page is not forwarded.
    await expect(call(...args, 'extra')).resolves.toBe(answer);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith(IPC_CHANNELS[method], ...args);
  });

  it('answerMfa forwards a null code (cancel) as is', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: { accepted: true } }));
    await createApi(invoke, noSubscribe, 'linux').answerMfa('mfa-2', null);
    expect(invoke).toHaveBeenCalledWith('mfa:answer', 'mfa-2', null);
  });

  it('exportLibrary() without ids asks for every DSN (main reads a missing list as "all")', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: { json: '{}', count: 0, fileName: 'x.json' } }));
    await createApi(invoke, noSubscribe, 'linux').exportLibrary();
    expect(invoke).toHaveBeenCalledWith('library:export', undefined);
  });

  it('turns a failed invoke into an INTERNAL result instead of a rejection', async () => {
    const api = createApi(vi.fn(async () => Promise.reject(new Error("Error invoking remote method 'dsn:list': boom"))), noSubscribe, 'linux');
    const result = await api.listDsns();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).not.toContain('boom');
    }
  });

  it('exposes neither invoke nor subscribe nor any other property, and cannot be changed', () => {
    const invoke = vi.fn();
    const subscribe = vi.fn(noSubscribe);
    const api = createApi(invoke, subscribe, 'linux');
    expect(Object.values(api)).not.toContain(invoke);
    expect(Object.values(api)).not.toContain(subscribe);
    expect(Object.isFrozen(api)).toBe(true);
    expect(JSON.stringify(Object.getOwnPropertyNames(api).sort())).toBe(JSON.stringify(BRIDGE_KEYS));
  });
});

describe('createApi().on', () => {
  it('subscribes on the event channel and hands the listener the payload only', () => {
    const bus = fakeSubscribe();
    const api = createApi(vi.fn(), bus.subscribe, 'linux');
    const seen: MfaRequest[] = [];
    api.on('mfaRequest', (payload) => seen.push(payload));
    expect(bus.subscribe).toHaveBeenCalledWith(IPC_EVENT_CHANNELS.mfaRequest, expect.any(Function));
    bus.push('mfa:request', { ...REQUEST, sender: { send: () => 'ipcRenderer!' } });
    expect(seen).toEqual([REQUEST]);
    expect(seen[0]).not.toHaveProperty('sender');
  });

  it('drops malformed payloads and survives a throwing listener', () => {
    const bus = fakeSubscribe();
    const api = createApi(vi.fn(), bus.subscribe, 'linux');
    const seen: unknown[] = [];
    api.on('mfaRequest', () => {
      throw new Error('page bug');
    });
    api.on('mfaRequest', (payload) => seen.push(payload));
    for (const bad of [null, 'text', 42, [], { requestId: 1 }, { ...REQUEST, expiresAt: undefined }]) bus.push('mfa:request', bad);
    expect(seen).toEqual([]);
    expect(() => bus.push('mfa:request', REQUEST)).not.toThrow();
    expect(seen).toEqual([REQUEST]);
  });

  it('unsubscribes once, and then delivers nothing more', () => {
    const bus = fakeSubscribe();
    const api = createApi(vi.fn(), bus.subscribe, 'linux');
    const listener = vi.fn();
    const off = api.on('mfaRequest', listener);
    expect(bus.count('mfa:request')).toBe(1);
    off();
    off();
    expect(bus.count('mfa:request')).toBe(0);
    bus.push('mfa:request', REQUEST);
    expect(listener).not.toHaveBeenCalled();
  });

  it('ignores unknown events and non-function listeners without subscribing', () => {
    const bus = fakeSubscribe();
    const api = createApi(vi.fn(), bus.subscribe, 'linux');
    const loose = api as unknown as { on(event: string, listener: unknown): () => void };
    expect(typeof loose.on('dsn:list', vi.fn())).toBe('function');
    expect(typeof loose.on('__proto__', vi.fn())).toBe('function');
    expect(typeof loose.on('mfaRequest', 'not a function')).toBe('function');
    expect(bus.subscribe).not.toHaveBeenCalled();
  });
});

describe('preload entry', () => {
  it('exposes createApi under API_GLOBAL, routed through ipcRenderer.invoke and ipcRenderer.on', async () => {
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true, value: [] }));
    const handlers = new Map<string, (event: unknown, payload: unknown) => void>();
    const on = vi.fn((channel: string, handler: (event: unknown, payload: unknown) => void) => void handlers.set(channel, handler));
    const removeListener = vi.fn((channel: string) => void handlers.delete(channel));
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke, on, removeListener } }));
    vi.resetModules();
    await import('../../../electron/preload/index');
    vi.doUnmock('electron');

    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = exposeInMainWorld.mock.calls[0] as [string, IamDsnBridge];
    expect(name).toBe('iamDsn');
    expect(Object.keys(api).sort()).toEqual(BRIDGE_KEYS);
    await api.deleteDsn('dsn-9');
    expect(invoke).toHaveBeenCalledWith('dsn:delete', 'dsn-9');

    const seen: unknown[] = [];
    const off = api.on('mfaRequest', (payload) => seen.push(payload));
    const handler = handlers.get('mfa:request');
    // Electron passes (event, payload); the page's listener sees the payload alone.
    handler?.({ sender: 'the ipcRenderer object' }, REQUEST);
    expect(seen).toEqual([REQUEST]);
    off();
    expect(removeListener).toHaveBeenCalledWith('mfa:request', handler);
  });
});

describe('createApi().on("refresherStatus")', () => {
  const STATUS: RefresherStatus = {
    dsnId: '00000000-0000-4000-8000-000000000001',
    target: { kind: 'pgpass', path: '/home/me/.pgpass' },
    state: 'error',
    lastRefreshAt: '2030-01-01T12:00:00.000Z',
    nextRefreshAt: '2030-01-01T12:00:04.000Z',
    tokenExpiresAt: '2030-01-01T12:15:00.000Z',
    refreshCount: 1,
    pgpassEntry: 'db.example.com:5432:app:reader',
    lastError: { code: 'STORE_IO', message: 'The disk is full.', hint: 'Free some space.', detail: 'ENOSPC', fieldErrors: undefined },
  };

  it('delivers a status with its own fields only (nested error included)', () => {
    const bus = fakeSubscribe();
    const api = createApi(vi.fn(), bus.subscribe, 'linux');
    const seen: RefresherStatus[] = [];
    api.on('refresherStatus', (s) => seen.push(s));
    expect(bus.subscribe).toHaveBeenCalledWith(IPC_EVENT_CHANNELS.refresherStatus, expect.any(Function));
    bus.push('refresher:status', { ...STATUS, token: 'SECRET', target: { ...STATUS.target, extra: 1 }, lastError: { ...STATUS.lastError, stack: 'x' } });
    expect(seen).toEqual([STATUS]);
    expect(JSON.stringify(seen)).not.toMatch(/SECRET|extra|stack/);
  });

  it('drops malformed statuses', () => {
    const bus = fakeSubscribe();
    const api = createApi(vi.fn(), bus.subscribe, 'linux');
    const seen: unknown[] = [];
    api.on('refresherStatus', (s) => seen.push(s));
    const bad: unknown[] = [
      null,
      [],
      { ...STATUS, state: 'paused' },
      { ...STATUS, target: { kind: 'ssh', path: '/x' } },
      { ...STATUS, target: undefined },
      { ...STATUS, lastRefreshAt: 5 },
      { ...STATUS, refreshCount: -1 },
      { ...STATUS, lastError: { code: 'NOPE', message: 'x' } },
      { ...STATUS, lastError: { ...STATUS.lastError, fieldErrors: { path: 'not a list' } } },
    ];
    for (const payload of bad) bus.push('refresher:status', payload);
    expect(seen).toEqual([]);
    bus.push('refresher:status', { ...STATUS, lastError: undefined, pgpassEntry: undefined, state: 'running' });
    expect(seen).toHaveLength(1);
  });
});

describe('createApi().on: the window events', () => {
  it('menuCommand passes only a known command; closeRequested only close or quit', () => {
    const bus = fakeSubscribe();
    const api = createApi(vi.fn(), bus.subscribe, 'linux');
    const commands: unknown[] = [];
    const closes: unknown[] = [];
    api.on('menuCommand', (payload) => commands.push(payload));
    api.on('closeRequested', (payload) => closes.push(payload));
    bus.push(IPC_EVENT_CHANNELS.menuCommand, { command: 'save', extra: 1 });
    bus.push(IPC_EVENT_CHANNELS.menuCommand, { command: 'rm -rf' });
    bus.push(IPC_EVENT_CHANNELS.menuCommand, 'save');
    bus.push(IPC_EVENT_CHANNELS.closeRequested, { reason: 'quit' });
    bus.push(IPC_EVENT_CHANNELS.closeRequested, { reason: 'now' });
    expect(commands).toEqual([{ command: 'save' }]);
    expect(closes).toEqual([{ reason: 'quit' }]);
  });
});
