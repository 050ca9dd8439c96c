/**
 * Checks a pushed `refresherStatus` payload and copies only its known fields, as create-api.ts
 * does for every event: the page never sees anything else that might ride along.
 */
import { REFRESHER_TARGET_KINDS, type RefresherStatus } from '../../shared/ipc-contract';
import { type AppError, ERROR_CODES, type ErrorCode } from '../../shared/result';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isTime = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isOptionalText = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

function readFieldErrors(value: unknown): Record<string, string[]> | undefined | false {
  if (value === undefined) return undefined;
  if (!isRecord(value)) return false;
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(value)) {
    if (!Array.isArray(list) || !list.every((m) => typeof m === 'string')) return false;
    out[key] = [...(list as string[])];
  }
  return out;
}

/** An {@link AppError} with only its own fields, or undefined when the value is not one. */
export function readAppError(value: unknown): AppError | undefined {
  if (!isRecord(value)) return undefined;
  const { code, message, hint, detail } = value;
  if (typeof code !== 'string' || !(ERROR_CODES as readonly string[]).includes(code) || typeof message !== 'string') return undefined;
  if (!isOptionalText(hint) || !isOptionalText(detail)) return undefined;
  const fieldErrors = readFieldErrors(value.fieldErrors);
  if (fieldErrors === false) return undefined;
  return { code: code as ErrorCode, message, hint, detail, fieldErrors };
}

/** A {@link RefresherStatus} with only its own fields, or undefined when the payload is not one. */
export function readRefresherStatus(payload: unknown): RefresherStatus | undefined {
  if (!isRecord(payload) || !isRecord(payload.target)) return undefined;
  const { dsnId, state, lastRefreshAt, nextRefreshAt, tokenExpiresAt, refreshCount, pgpassEntry, lastError } = payload;
  const { kind, path } = payload.target;
  if (typeof dsnId !== 'string' || typeof path !== 'string') return undefined;
  if (kind !== REFRESHER_TARGET_KINDS[0] && kind !== REFRESHER_TARGET_KINDS[1]) return undefined;
  if (state !== 'running' && state !== 'stopped' && state !== 'error') return undefined;
  if (!isTime(lastRefreshAt) || !isTime(nextRefreshAt) || !isTime(tokenExpiresAt)) return undefined;
  if (typeof refreshCount !== 'number' || !Number.isInteger(refreshCount) || refreshCount < 0 || !isOptionalText(pgpassEntry)) return undefined;
  const error = lastError === undefined ? undefined : readAppError(lastError);
  if (lastError !== undefined && error === undefined) return undefined;
  return { dsnId, target: { kind, path }, state, lastRefreshAt, nextRefreshAt, tokenExpiresAt, refreshCount, pgpassEntry, lastError: error };
}
