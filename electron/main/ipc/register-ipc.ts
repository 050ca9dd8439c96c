/**
 * Registers one `ipcMain.handle` per entry of {@link IPC_CHANNELS}, in front of the handlers
 * from api-handlers.ts. Each call is checked for a trusted sender first; a throw or rejection
 * becomes an INTERNAL result, so the renderer always gets a {@link Result} back. Pushes the other
 * way ({@link IPC_EVENT_CHANNELS}) go only to the app's own page in the main window.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { IPC_CHANNELS, IPC_EVENT_CHANNELS, type IamDsnEvents, type IpcMethod } from '../../../shared/ipc-contract';
import { err } from '../../../shared/result';
import { isAppUrlFor } from '../window';
import type { ApiHandlers } from './api-handlers';

/** Decides whether an IPC message comes from the app's own page. */
export type SenderCheck = (frame: WebFrameMain | null) => boolean;

/** Options of {@link registerIpc}. */
export interface RegisterIpcOptions {
  /** Told of each handler that threw (for the log); the renderer only sees INTERNAL. */
  onError?: ((method: IpcMethod, error: unknown) => void) | undefined;
  /** Told of each message refused as untrusted (for the log). */
  onUntrusted?: ((method: IpcMethod, url: string | undefined) => void) | undefined;
}

/** Every method of the API, in the contract's order. The cast is safe: the keys are the literal's. */
export const IPC_METHODS = Object.freeze(Object.keys(IPC_CHANNELS) as IpcMethod[]);

/**
 * Registers the handlers and returns a function that removes them again.
 *
 * @param ipcMain - Electron's `ipcMain`, or a fake in tests.
 * @param handlers - one function per API method; its arguments are untrusted and unchecked here.
 * @param isTrustedSender - see {@link isTrustedSenderFor}.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ApiHandlers,
  isTrustedSender: SenderCheck,
  options: RegisterIpcOptions = {},
): () => void {
  for (const method of IPC_METHODS) {
    const handler = handlers[method];
    ipcMain.handle(IPC_CHANNELS[method], async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = senderFrameOf(event);
      if (!checkSender(isTrustedSender, frame)) {
        options.onUntrusted?.(method, urlOf(frame));
        return err('UNTRUSTED_SENDER', 'This request did not come from the app window and was refused.');
      }
      try {
        return await handler(...args);
      } catch (error) {
        options.onError?.(method, error);
        return err('INTERNAL', 'Something went wrong inside the app.', { hint: 'Try again. If it keeps happening, restart the app and check its log file.' });
      }
    });
  }
  return () => {
    for (const method of IPC_METHODS) ipcMain.removeHandler(IPC_CHANNELS[method]);
  };
}

/**
 * Returns a {@link SenderCheck} that trusts only the main frame of a page at the app's URL
 * (`app://renderer/…`, a `file://` entry, or the dev server's origin): not a subframe, not
 * another site the window was somehow sent to, not a frame that is already gone.
 */
export function isTrustedSenderFor(appUrl: string): SenderCheck {
  const isAppUrl = isAppUrlFor(appUrl);
  return (frame) => {
    if (frame === null) return false;
    try {
      return !frame.detached && frame.parent === null && isAppUrl(frame.url);
    } catch {
      return false; // a disposed frame throws on access: not trusted
    }
  };
}

function senderFrameOf(event: IpcMainInvokeEvent): WebFrameMain | null {
  try {
    return event.senderFrame;
  } catch {
    return null;
  }
}

function checkSender(isTrustedSender: SenderCheck, frame: WebFrameMain | null): boolean {
  try {
    return isTrustedSender(frame);
  } catch {
    return false;
  }
}

function urlOf(frame: WebFrameMain | null): string | undefined {
  try {
    return frame?.url;
  } catch {
    return undefined;
  }
}

/** The part of a BrowserWindow an event push needs. */
export interface PushTarget {
  isDestroyed(): boolean;
  webContents: Pick<WebContents, 'send' | 'isDestroyed'> & { readonly mainFrame: WebFrameMain | null };
}

/** Sends one event; true when it was sent, false when no trusted page could receive it. */
export type EventPush = <E extends keyof IamDsnEvents>(event: E, payload: IamDsnEvents[E]) => boolean;

/**
 * Returns an {@link EventPush} to the window `getWindow()` answers (the main window), sent only
 * while that window is alive and its main frame shows the app (`isTrusted`, as for IPC senders):
 * never to a page it was somehow navigated to, never to any other window.
 */
export function createEventPush(getWindow: () => PushTarget | null, isTrusted: SenderCheck): EventPush {
  return (event, payload) => {
    try {
      const window = getWindow();
      if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return false;
      if (!checkSender(isTrusted, window.webContents.mainFrame)) return false;
      window.webContents.send(IPC_EVENT_CHANNELS[event], payload);
      return true;
    } catch {
      return false; // a window closing under us: nothing was sent
    }
  };
}
