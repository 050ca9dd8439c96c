import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../../../electron/main/ipc/api-handlers';
import { createEventPush, IPC_METHODS, isTrustedSenderFor, type PushTarget, registerIpc } from '../../../../electron/main/ipc/register-ipc';
import { APP_ENTRY_URL } from '../../../../electron/main/window';
import { IPC_CHANNELS, type IpcMethod, type MfaRequest } from '../../../../shared/ipc-contract';
import { ok, type Result } from '../../../../shared/result';

vi.mock('electron', () => {
  throw new Error('register-ipc.ts gets ipcMain as a parameter and must not need electron here');
});

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** An ipcMain that records handlers, like Electron refusing a second one per channel. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
}

/** Handlers answering `ok({ method, args })`, so a test sees which one ran with what. */
function echoHandlers(): ApiHandlers {
  const echo = (method: IpcMethod) => vi.fn(async (...args: unknown[]) => ok({ method, args }));
  // Built from the contract's own list, so a new method is routed and tested without edits here.
  return Object.fromEntries(IPC_METHODS.map((method) => [method, echo(method)])) as unknown as ApiHandlers;
}

function frame(url: string, parent: WebFrameMain | null = null): WebFrameMain {
  return { url, parent, detached: false } as unknown as WebFrameMain;
}

function eventFrom(senderFrame: WebFrameMain | null): IpcMainInvokeEvent {
  return { senderFrame } as unknown as IpcMainInvokeEvent;
}

const appFrame = frame(APP_ENTRY_URL);
const trusted = () => true;

async function call(ipc: ReturnType<typeof fakeIpcMain>, method: IpcMethod, event: IpcMainInvokeEvent, ...args: unknown[]) {
  const listener = ipc.handlers.get(IPC_CHANNELS[method]);
  if (!listener) throw new Error(`no handler for ${method}`);
  return (await listener(event, ...args)) as Result<unknown>;
}

describe('registerIpc', () => {
  it('registers exactly one handler per channel of IPC_CHANNELS', () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, echoHandlers(), trusted);
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    expect(ipc.handle).toHaveBeenCalledTimes(Object.keys(IPC_CHANNELS).length);
    expect([...IPC_METHODS].sort()).toEqual(Object.keys(IPC_CHANNELS).sort());
  });

  it.each(Object.keys(IPC_CHANNELS) as IpcMethod[])('routes %s to its own handler with the arguments', async (method) => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, echoHandlers(), trusted);
    await expect(call(ipc, method, eventFrom(appFrame), 'a', 2)).resolves.toEqual(ok({ method, args: ['a', 2] }));
  });

  it('refuses an untrusted sender with UNTRUSTED_SENDER, without running the handler', async () => {
    const ipc = fakeIpcMain();
    const handlers = echoHandlers();
    const onUntrusted = vi.fn();
    registerIpc(ipc, handlers, () => false, { onUntrusted });
    const result = await call(ipc, 'deleteDsn', eventFrom(frame('https://evil.example/')), 'dsn-1');
    expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(handlers.deleteDsn).not.toHaveBeenCalled();
    expect(onUntrusted).toHaveBeenCalledWith('deleteDsn', 'https://evil.example/');
  });

  it('treats a throwing sender check as untrusted', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, echoHandlers(), () => {
      throw new Error('frame disposed');
    });
    await expect(call(ipc, 'listDsns', eventFrom(appFrame))).resolves.toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
  });

  it('turns a throwing or rejecting handler into INTERNAL, without throwing or leaking the message', async () => {
    const ipc = fakeIpcMain();
    const onError = vi.fn();
    const handlers = {
      ...echoHandlers(),
      listDsns: () => {
        throw new Error('secret-ish detail');
      },
      storeStatus: async () => Promise.reject(new Error('disk on fire')),
    } as unknown as ApiHandlers;
    registerIpc(ipc, handlers, trusted, { onError });

    for (const method of ['listDsns', 'storeStatus'] as const) {
      const result = await call(ipc, method, eventFrom(appFrame));
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(JSON.stringify(result)).not.toMatch(/secret-ish|disk on fire/);
    }
    expect(onError.mock.calls.map(([method]) => method)).toEqual(['listDsns', 'storeStatus']);
  });

  it('returns a function removing every handler it registered', () => {
    const ipc = fakeIpcMain();
    const unregister = registerIpc(ipc, echoHandlers(), trusted);
    unregister();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.removeHandler.mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    // And the channels can be registered again, e.g. after a window is recreated.
    expect(() => registerIpc(ipc, echoHandlers(), trusted)).not.toThrow();
  });
});

describe('isTrustedSenderFor', () => {
  const isTrusted = isTrustedSenderFor(APP_ENTRY_URL);

  it('trusts the main frame of the app page', () => {
    expect(isTrusted(appFrame)).toBe(true);
    expect(isTrusted(frame('app://renderer/index.html#/export'))).toBe(true);
  });

  it('rejects a null frame (gone or navigated away)', () => {
    expect(isTrusted(null)).toBe(false);
  });

  it('rejects another origin or scheme', () => {
    expect(isTrusted(frame('https://evil.example/index.html'))).toBe(false);
    expect(isTrusted(frame('app://evil/index.html'))).toBe(false);
    expect(isTrusted(frame('file:///tmp/index.html'))).toBe(false);
    expect(isTrusted(frame('about:blank'))).toBe(false);
  });

  it('rejects a subframe, even one at the app URL', () => {
    expect(isTrusted(frame(APP_ENTRY_URL, appFrame))).toBe(false);
  });

  it('rejects a detached frame and a frame that throws on access', () => {
    expect(isTrusted({ url: APP_ENTRY_URL, parent: null, detached: true } as unknown as WebFrameMain)).toBe(false);
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
      parent: null,
    } as unknown as WebFrameMain;
    expect(isTrusted(disposed)).toBe(false);
  });

  it('trusts the dev server origin in dev, and only it', () => {
    const isDevTrusted = isTrustedSenderFor('http://localhost:5173');
    expect(isDevTrusted(frame('http://localhost:5173/'))).toBe(true);
    expect(isDevTrusted(frame('http://localhost:5174/'))).toBe(false);
    expect(isDevTrusted(frame(APP_ENTRY_URL))).toBe(false);
  });

  it('works end to end with registerIpc', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, echoHandlers(), isTrusted);
    await expect(call(ipc, 'listDsns', eventFrom(appFrame))).resolves.toMatchObject({ ok: true });
    await expect(call(ipc, 'listDsns', eventFrom(frame(APP_ENTRY_URL, appFrame)))).resolves.toMatchObject({ error: { code: 'UNTRUSTED_SENDER' } });
    await expect(call(ipc, 'listDsns', eventFrom(null))).resolves.toMatchObject({ error: { code: 'UNTRUSTED_SENDER' } });
  });
});

describe('createEventPush', () => {
  const request: MfaRequest = { requestId: 'm1', mfaSerial: 'arn:aws:iam::123456789012:mfa/me', purpose: 'DSN "prod"', expiresAt: '2030-01-01T00:02:00.000Z' };

  function fakeWindow(url: string, options: { destroyed?: boolean; contentsDestroyed?: boolean; parent?: WebFrameMain | null } = {}) {
    const send = vi.fn();
    const target: PushTarget = {
      isDestroyed: () => options.destroyed === true,
      webContents: { send, isDestroyed: () => options.contentsDestroyed === true, mainFrame: frame(url, options.parent ?? null) },
    };
    return { target, send };
  }

  it('sends the event on its channel to the app page of the main window', () => {
    const { target, send } = fakeWindow(APP_ENTRY_URL);
    const push = createEventPush(() => target, isTrustedSenderFor(APP_ENTRY_URL));
    expect(push('mfaRequest', request)).toBe(true);
    expect(send).toHaveBeenCalledExactlyOnceWith('mfa:request', request);
  });

  it('sends nothing when there is no window, it is destroyed, or it shows another page', () => {
    const isTrusted = isTrustedSenderFor(APP_ENTRY_URL);
    expect(createEventPush(() => null, isTrusted)('mfaRequest', request)).toBe(false);
    for (const { target, send } of [
      fakeWindow(APP_ENTRY_URL, { destroyed: true }),
      fakeWindow(APP_ENTRY_URL, { contentsDestroyed: true }),
      fakeWindow('https://evil.example/'),
      fakeWindow(APP_ENTRY_URL, { parent: appFrame }),
    ]) {
      expect(createEventPush(() => target, isTrusted)('mfaRequest', request)).toBe(false);
      expect(send).not.toHaveBeenCalled();
    }
  });

  it('answers false instead of throwing when the window goes away under it', () => {
    const target = {
      isDestroyed: () => false,
      webContents: {
        isDestroyed: () => false,
        mainFrame: appFrame,
        send: () => {
          throw new Error('Object has been destroyed');
        },
      },
    } as unknown as PushTarget;
    expect(createEventPush(() => target, trusted)('mfaRequest', request)).toBe(false);
  });
});
