/**
 * The preload: exposes the typed API, and nothing else, on `window.iamDsn`. It runs sandboxed
 * and is bundled to CommonJS, so its only runtime import is `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL } from '../../shared/ipc-contract';
import { createApi } from './create-api';

// Wrap invoke rather than pass ipcRenderer: the page must never hold the IPC object itself.
contextBridge.exposeInMainWorld(
  API_GLOBAL,
  createApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
