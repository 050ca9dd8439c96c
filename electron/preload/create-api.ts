/**
 * Builds the renderer's API object from {@link IPC_CHANNELS}. Kept free of electron so it is
 * testable in plain Node; the preload passes `ipcRenderer.invoke` in.
 */
import { IPC_CHANNELS, type IamDsnApi, type IpcMethod } from '../../shared/ipc-contract';
import { err } from '../../shared/result';

/** Sends one message on a channel and resolves with the main process's answer. */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

/**
 * Returns the object exposed as `window.iamDsn`: one method per {@link IamDsnApi} entry, each
 * sending exactly its declared arguments on its own channel. `invoke` itself is never exposed,
 * so the page can reach no other channel. A failed invoke (no handler, a closed main process)
 * resolves to an INTERNAL error, keeping the contract that no method throws.
 */
export function createApi(invoke: Invoke): IamDsnApi {
  const call = <K extends IpcMethod>(method: K, ...args: Parameters<IamDsnApi[K]>): ReturnType<IamDsnApi[K]> => {
    const answer = invoke(IPC_CHANNELS[method], ...args).catch(() =>
      err('INTERNAL', 'The app could not reach its main process.', { hint: 'Restart the app. If it happens again, check the log.' }),
    );
    // The main process answers each channel with that method's Result (see register-ipc.ts).
    return answer as ReturnType<IamDsnApi[K]>;
  };

  // One literal entry per method: tsc flags a missing or extra method, and each arrow fixes the
  // arity so extra arguments from the page are dropped rather than forwarded.
  const api: IamDsnApi = {
    listDsns: () => call('listDsns'),
    saveDsn: (input) => call('saveDsn', input),
    deleteDsn: (id) => call('deleteDsn', id),
    testConnection: (request) => call('testConnection', request),
    cancelTest: (requestId) => call('cancelTest', requestId),
    exportDsn: (request) => call('exportDsn', request),
    storeStatus: () => call('storeStatus'),
  };
  return Object.freeze(api);
}
