/** Checks a pushed {@link SshPromptRequest} and copies only its known fields, as the preload does for every event. */
import type { SshPromptRequest } from '../../shared/ipc-contract';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): value is string => typeof value === 'string';

/** The request, or undefined when the payload is not one. */
export function readSshPrompt(payload: unknown): SshPromptRequest | undefined {
  if (!isRecord(payload)) return undefined;
  const { kind, requestId, purpose, expiresAt } = payload;
  if (!text(requestId) || !text(purpose) || !text(expiresAt)) return undefined;
  if (kind === 'host-key') {
    const { host, port, keyType, fingerprint } = payload;
    if (!text(host) || typeof port !== 'number' || !text(keyType) || !text(fingerprint)) return undefined;
    return { kind, requestId, host, port, keyType, fingerprint, purpose, expiresAt };
  }
  if (kind === 'passphrase') {
    const { keyFile, retry } = payload;
    if (!text(keyFile) || typeof retry !== 'boolean') return undefined;
    return { kind, requestId, keyFile, purpose, retry, expiresAt };
  }
  return undefined;
}
