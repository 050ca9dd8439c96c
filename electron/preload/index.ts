/**
 * The preload: exposes the typed API, and nothing else, on `window.iamDsn`. It runs sandboxed
 * and is bundled to CommonJS, so its only runtime import is `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_GLOBAL } from '../../shared/ipc-contract';
import { createApi } from './create-api';

// Wrap invoke and on rather than pass ipcRenderer: the page must never hold the IPC object, nor
// the event object (event.sender is ipcRenderer itself); listeners get the payload only.
contextBridge.exposeInMainWorld(
  API_GLOBAL,
  createApi(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (channel, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
    // A sandboxed preload's process has platform (Electron's process docs, "Sandbox").
    process.platform,
  ),
);
