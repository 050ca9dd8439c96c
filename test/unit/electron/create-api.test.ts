import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../../../electron/preload/create-api';
import { IPC_CHANNELS, type IamDsnApi, type IpcMethod } from '../../../shared/ipc-contract';

vi.mock('electron', () => {
  throw new Error('create-api.ts must not load electron');
});

/** Arguments to call each method with; typed so a changed signature breaks this test. */
const SAMPLE_ARGS: { [K in IpcMethod]: Parameters<IamDsnApi[K]> } = {
  listDsns: [],
  saveDsn: [{ name: 'prod' } as Parameters<IamDsnApi['saveDsn']>[0]],
  deleteDsn: ['dsn-1'],
  testConnection: [{ requestId: 'r1', dsn: { name: 'prod' } } as Parameters<IamDsnApi['testConnection']>[0]],
  cancelTest: ['r1'],
  exportDsn: [{ dsn: { name: 'prod' }, format: 'uri', includeToken: false, includePassword: false } as unknown as Parameters<IamDsnApi['exportDsn']>[0]],
  storeStatus: [],
};
const METHODS = Object.keys(IPC_CHANNELS) as IpcMethod[];

describe('createApi', () => {
  it('has exactly the methods of IamDsnApi, all functions', () => {
    const api = createApi(vi.fn());
    expect(Object.keys(api).sort()).toEqual([...METHODS].sort());
    for (const method of METHODS) expect(typeof api[method]).toBe('function');
  });

  it.each(METHODS)('%s invokes its own channel with exactly its arguments', async (method) => {
    const answer = { ok: true, value: method };
    const invoke = vi.fn(async () => answer);
    const api = createApi(invoke);
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    const args = SAMPLE_ARGS[method];

    // An extra argument from the page is not forwarded.
    await expect(call(...args, 'extra')).resolves.toBe(answer);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith(IPC_CHANNELS[method], ...args);
  });

  it('turns a failed invoke into an INTERNAL result instead of a rejection', async () => {
    const api = createApi(vi.fn(async () => Promise.reject(new Error("Error invoking remote method 'dsn:list': boom"))));
    const result = await api.listDsns();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).not.toContain('boom');
    }
  });

  it('exposes neither invoke nor any other property, and cannot be changed', () => {
    const invoke = vi.fn();
    const api = createApi(invoke);
    expect(Object.values(api)).not.toContain(invoke);
    expect(Object.isFrozen(api)).toBe(true);
    expect(JSON.stringify(Object.getOwnPropertyNames(api).sort())).toBe(JSON.stringify([...METHODS].sort()));
  });
});

describe('preload entry', () => {
  it('exposes createApi under API_GLOBAL, routed through ipcRenderer.invoke', async () => {
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true, value: [] }));
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } }));
    vi.resetModules();
    await import('../../../electron/preload/index');
    vi.doUnmock('electron');

    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = exposeInMainWorld.mock.calls[0] as [string, IamDsnApi];
    expect(name).toBe('iamDsn');
    expect(Object.keys(api).sort()).toEqual([...METHODS].sort());
    await api.deleteDsn('dsn-9');
    expect(invoke).toHaveBeenCalledWith('dsn:delete', 'dsn-9');
  });
});
