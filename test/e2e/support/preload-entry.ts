/**
 * The E2E stand-in for electron/preload/index.ts: the same createApi, with invoke routed to a
 * Playwright binding instead of ipcRenderer. Bundled to an IIFE and run as an init script.
 */
import { createApi } from '../../../electron/preload/create-api';
import { API_GLOBAL } from '../../../shared/ipc-contract';

declare global {
  interface Window {
    __iamDsnIpc(channel: string, args: unknown[]): Promise<unknown>;
  }
}

const api = createApi((channel, ...args) => window.__iamDsnIpc(channel, args));
// contextBridge.exposeInMainWorld makes a read-only property; so does this.
Object.defineProperty(window, API_GLOBAL, { value: api, writable: false, configurable: false, enumerable: true });
