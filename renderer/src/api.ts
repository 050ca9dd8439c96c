/**
 * The renderer's only door to the main process: the {@link IamDsnBridge} the preload exposes on
 * `window[API_GLOBAL]` (the invoke methods plus `on` for pushed events). Components get it from
 * {@link useApi}, so tests can inject a fake.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { API_GLOBAL, IPC_CHANNELS, type IamDsnBridge } from '../../shared/ipc-contract';

/** Thrown by {@link getApi} when the preload bridge is missing or incomplete. */
export class ApiMissingError extends Error {
  override readonly name = 'ApiMissingError';
}

function isIamDsnBridge(value: unknown): value is IamDsnBridge {
  if (typeof value !== 'object' || value === null) return false;
  return [...Object.keys(IPC_CHANNELS), 'on'].every((method) => typeof Reflect.get(value, method) === 'function');
}

/** The API the preload exposed, or an {@link ApiMissingError} explaining what is wrong. */
export function getApi(target: object = window): IamDsnBridge {
  const api: unknown = Reflect.get(target, API_GLOBAL);
  if (api === undefined) {
    throw new ApiMissingError(
      `The connection to the app's main process is missing (window.${API_GLOBAL} is not defined). ` +
        'The preload script did not run: start the app with Electron, not in a plain browser.',
    );
  }
  if (!isIamDsnBridge(api)) {
    throw new ApiMissingError(
      `window.${API_GLOBAL} is incomplete: the preload and the renderer come from different versions. Rebuild the app.`,
    );
  }
  return api;
}

const ApiContext = createContext<IamDsnBridge | null>(null);

/** Makes `api` available to {@link useApi} below it. */
export function ApiProvider({ api, children }: { api: IamDsnBridge; children?: ReactNode }) {
  return createElement(ApiContext, { value: api }, children);
}

/** The injected API. Throws when no {@link ApiProvider} is above the caller (a programming error). */
export function useApi(): IamDsnBridge {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi() needs an <ApiProvider> above it');
  return api;
}
