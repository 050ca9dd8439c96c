/**
 * Builds the renderer's API object from {@link IPC_CHANNELS} and {@link IPC_EVENT_CHANNELS}. Kept
 * free of electron so it is testable in plain Node; the preload passes `ipcRenderer.invoke` and a
 * subscribe function over `ipcRenderer.on` / `removeListener` in.
 */
import { isCommandId } from '../../shared/commands';
import { hostPlatformOf, IPC_CHANNELS, IPC_EVENT_CHANNELS, type IamDsnApi, type IamDsnBridge, type IamDsnEvents, type IpcMethod, type MfaRequest } from '../../shared/ipc-contract';
import { err } from '../../shared/result';
import { readRefresherStatus } from './read-refresher-status';
import { readSshPrompt } from './read-ssh-prompt';

/** Sends one message on a channel and resolves with the main process's answer. */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

/** Listens on a push channel with a payload-only callback; returns the function that stops listening. */
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

type EventName = keyof IamDsnEvents;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a pushed payload and copies only its known fields (the page never sees anything else). */
const READ_PAYLOAD: { [E in EventName]: (payload: unknown) => IamDsnEvents[E] | undefined } = {
  mfaRequest: (payload): MfaRequest | undefined => {
    if (!isRecord(payload)) return undefined;
    const { requestId, mfaSerial, purpose, expiresAt, previousCodeRejected } = payload;
    if (typeof requestId !== 'string' || typeof mfaSerial !== 'string' || typeof purpose !== 'string' || typeof expiresAt !== 'string') return undefined;
    return { requestId, mfaSerial, purpose, expiresAt, ...(previousCodeRejected === true ? { previousCodeRejected: true } : {}) };
  },
  mfaResult: (payload) => (isRecord(payload) && typeof payload.requestId === 'string' && typeof payload.accepted === 'boolean' ? { requestId: payload.requestId, accepted: payload.accepted } : undefined),
  sshPrompt: readSshPrompt,
  refresherStatus: readRefresherStatus,
  menuCommand: (payload) => (isRecord(payload) && isCommandId(payload.command) ? { command: payload.command } : undefined),
  closeRequested: (payload) => (isRecord(payload) && (payload.reason === 'close' || payload.reason === 'quit') ? { reason: payload.reason } : undefined),
};

function isEventName(event: unknown): event is EventName {
  return typeof event === 'string' && Object.hasOwn(IPC_EVENT_CHANNELS, event);
}

/**
 * Returns the object exposed as `window.iamDsn`: one method per {@link IamDsnApi} entry, each
 * sending exactly its declared arguments on its own channel, plus `on(event, listener)` for pushed
 * events. Neither `invoke` nor the IPC event object is ever exposed, so the page can reach no other
 * channel. A failed invoke (no handler, a closed main process) resolves to an INTERNAL error,
 * keeping the contract that no method throws. `platform` is the preload's `process.platform`.
 */
export function createApi(invoke: Invoke, subscribe: Subscribe, platform: string): IamDsnBridge {
  const call = <K extends IpcMethod>(method: K, ...args: Parameters<IamDsnApi[K]>): ReturnType<IamDsnApi[K]> => {
    const answer = invoke(IPC_CHANNELS[method], ...args).catch(() =>
      err('INTERNAL', 'The app could not reach its main process.', { hint: 'Restart the app. If it happens again, check the log.' }),
    );
    // The main process answers each channel with that method's Result (see register-ipc.ts).
    return answer as ReturnType<IamDsnApi[K]>;
  };

  const on = <E extends EventName>(event: E, listener: (payload: IamDsnEvents[E]) => void): (() => void) => {
    if (!isEventName(event) || typeof listener !== 'function') return () => undefined;
    const read = READ_PAYLOAD[event];
    let active = true;
    const stop = subscribe(IPC_EVENT_CHANNELS[event], (payload) => {
      const value = active ? read(payload) : undefined;
      if (value === undefined) return;
      try {
        listener(value);
      } catch {
        // A listener's bug must not break the next push.
      }
    });
    return () => {
      if (!active) return;
      active = false;
      stop();
    };
  };

  // One literal entry per method: tsc flags a missing or extra method, and each arrow fixes the
  // arity so extra arguments from the page are dropped rather than forwarded.
  const api: IamDsnBridge = {
    listDsns: () => call('listDsns'),
    saveDsn: (input) => call('saveDsn', input),
    deleteDsn: (id) => call('deleteDsn', id),
    duplicateDsn: (id) => call('duplicateDsn', id),
    renameDsn: (id, newName) => call('renameDsn', id, newName),
    setDsnTags: (id, tags) => call('setDsnTags', id, tags),
    restoreDsn: (id) => call('restoreDsn', id),
    exportLibrary: (ids) => call('exportLibrary', ids),
    importLibrary: (json, options) => call('importLibrary', json, options),
    testConnection: (request) => call('testConnection', request),
    cancelTest: (requestId) => call('cancelTest', requestId),
    exportDsn: (request) => call('exportDsn', request),
    saveExport: (request) => call('saveExport', request),
    storeStatus: () => call('storeStatus'),
    listProfiles: () => call('listProfiles'),
    answerMfa: (requestId, code) => call('answerMfa', requestId, code),
    answerSshPrompt: (requestId, answer) => call('answerSshPrompt', requestId, answer),
    listSshHosts: () => call('listSshHosts'),
    startRefresher: (request) => call('startRefresher', request),
    stopRefresher: (dsnId) => call('stopRefresher', dsnId),
    refresherStatus: () => call('refresherStatus'),
    setUnsavedChanges: (unsaved) => call('setUnsavedChanges', unsaved),
    closeWindow: () => call('closeWindow'),
    platform: hostPlatformOf(platform),
    on,
  };
  return Object.freeze(api);
}
