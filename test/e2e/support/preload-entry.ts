/**
 * The E2E stand-in for electron/preload/index.ts: the same createApi, with invoke routed to a
 * Playwright binding instead of ipcRenderer, and pushed events delivered by the harness through
 * `window.__iamDsnPush(channel, payload)` (what webContents.send → ipcRenderer.on does in the app).
 * Bundled to an IIFE and run as an init script.
 */
import { createApi } from '../../../electron/preload/create-api';
import { API_GLOBAL } from '../../../shared/ipc-contract';

declare global {
  interface Window {
    __iamDsnIpc(channel: string, args: unknown[]): Promise<unknown>;
    __iamDsnPush(channel: string, payload: unknown): void;
  }
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();

const api = createApi(
  (channel, ...args) => window.__iamDsnIpc(channel, args),
  (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    // A wrapper per subscription, like ipcRenderer.on with its own function.
    const forward = (payload: unknown): void => listener(payload);
    set.add(forward);
    return () => {
      set.delete(forward);
    };
  },
  // The harness may play another OS (window.__iamDsnPlatform, set by an init script before this one).
  (window as unknown as { __iamDsnPlatform?: string }).__iamDsnPlatform ?? 'linux',
);
// contextBridge.exposeInMainWorld makes a read-only property; so does this.
Object.defineProperty(window, API_GLOBAL, { value: api, writable: false, configurable: false, enumerable: true });
Object.defineProperty(window, '__iamDsnPush', {
  value: (channel: string, payload: unknown): void => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
  },
  writable: false,
  configurable: false,
  enumerable: false,
});
