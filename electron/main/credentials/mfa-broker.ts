/**
 * MFA prompts: while credentials resolve, main asks the renderer for a one-time code (an
 * {@link MfaRequest} pushed to the main window) and waits for `answerMfa`. Each code is handed to
 * the waiting STS call once and then forgotten: never cached, never logged.
 */
import { randomUUID } from 'node:crypto';
import type { MfaRequest, MfaResult } from '../../../shared/ipc-contract';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';

/** How long main waits for a code by default (AWS codes rotate every 30 s; people need time). */
export const MFA_TIMEOUT_MS = 120_000;

/** STS TokenCode: exactly six digits (AssumeRole / GetSessionToken: length 6, pattern [\d]*). */
const MFA_CODE = /^\d{6}$/;

/** Why no code came. */
export type MfaNotAnsweredReason = 'cancelled' | 'timeout' | 'unavailable' | 'aborted';

/** Rejects an MFA prompt that got no code; errors.ts maps it to MFA_REQUIRED. */
export class MfaNotAnsweredError extends Error {
  constructor(
    readonly reason: MfaNotAnsweredReason,
    readonly mfaSerial: string,
  ) {
    super(`No MFA code was entered (${reason})`);
    this.name = 'MfaNotAnsweredError';
  }
}

/** One question for a code. */
export interface MfaAsk {
  mfaSerial: string;
  /** Which DSN or profile needs it, for the dialog's text. */
  purpose: string;
  /** Aborting withdraws the question (e.g. the test was cancelled). */
  signal?: AbortSignal | undefined;
  /** AWS rejected the last code for this device: ask again in the same dialog, saying so. */
  previousCodeRejected?: boolean | undefined;
}

/** What credential resolution needs: a code per ask, or a rejection with {@link MfaNotAnsweredError}. */
export interface MfaPrompt {
  ask(request: MfaAsk): Promise<string>;
  /** Says whether AWS took the codes last given for `mfaSerial` (a rejected one is asked again instead). */
  reportOutcome?(mfaSerial: string, accepted: boolean): void;
}

/** Makes the signal that aborts when a prompt's time is up: AbortSignal.timeout, or a manual one in tests. */
export type DeadlineFn = (ms: number) => AbortSignal;

export interface MfaBrokerDeps {
  /** Shows the request to the user (webContents.send to the main window); throws when it cannot. */
  notify: (request: MfaRequest) => void;
  /** Tells the user whether AWS took the code (the window closes its dialog); optional. */
  notifyResult?: ((result: MfaResult) => void) | undefined;
  clock: Clock;
  /** Default {@link MFA_TIMEOUT_MS}. */
  timeoutMs?: number | undefined;
  /** Default AbortSignal.timeout (its timer does not keep the process alive). */
  deadline?: DeadlineFn;
  newId?: () => string;
  logger?: Logger;
}

/** The answer to `answerMfa`: accepted, or why not (the request stays open for an invalid code). */
export type MfaAnswerOutcome = { accepted: true } | { accepted: false; reason: 'unknown-request' | 'invalid-code' };

interface Pending {
  mfaSerial: string;
  purpose: string;
  resolve: (code: string) => void;
  reject: (error: MfaNotAnsweredError) => void;
  deadline: AbortSignal;
  onDeadline: () => void;
  signal?: AbortSignal | undefined;
  onAbort?: (() => void) | undefined;
}

/** A code as the user may type it ("123 456") → six digits, or undefined when it cannot be one. */
export function normalizeMfaCode(code: string): string | undefined {
  const digits = code.replace(/[\s-]/g, '');
  return MFA_CODE.test(digits) ? digits : undefined;
}

/** Where MFA answers go (the window's answerMfa, the CLI's terminal prompt). */
export interface MfaAnswerPort {
  answer(requestId: string, code: string | null): MfaAnswerOutcome;
}

/** Holds the open MFA requests; one instance per app. */
export class MfaBroker implements MfaPrompt, MfaAnswerPort {
  private readonly pending = new Map<string, Pending>();
  /** Requests answered with a code that AWS has not judged yet, by request id. */
  private readonly checking = new Map<string, { mfaSerial: string; purpose: string }>();
  private readonly timeoutMs: number;
  private readonly deadline: DeadlineFn;
  private readonly newId: () => string;

  constructor(private readonly deps: MfaBrokerDeps) {
    this.timeoutMs = deps.timeoutMs ?? MFA_TIMEOUT_MS;
    this.deadline = deps.deadline ?? ((ms) => AbortSignal.timeout(ms));
    this.newId = deps.newId ?? randomUUID;
  }

  /** Asks for a code; resolves with it once answered, rejects on cancel, timeout or abort. */
  ask(request: MfaAsk): Promise<string> {
    const { mfaSerial, purpose, signal } = request;
    if (signal?.aborted) return Promise.reject(new MfaNotAnsweredError('aborted', mfaSerial));
    // After a rejected code the same request asks again, so its dialog stays open.
    const again = request.previousCodeRejected === true ? this.checkingFor(mfaSerial, purpose) : undefined;
    if (again !== undefined) this.checking.delete(again);
    const requestId = again ?? this.newId();
    const expiresAt = new Date(this.deps.clock.now() + this.timeoutMs).toISOString();
    return new Promise<string>((resolve, reject) => {
      const entry: Pending = { mfaSerial, purpose, resolve, reject, deadline: this.deadline(this.timeoutMs), onDeadline: () => this.settle(requestId, 'timeout'), signal };
      this.pending.set(requestId, entry);
      entry.deadline.addEventListener('abort', entry.onDeadline, { once: true });
      if (signal !== undefined) {
        entry.onAbort = () => this.settle(requestId, 'aborted');
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      try {
        this.deps.notify({ requestId, mfaSerial, purpose, expiresAt, ...(again !== undefined ? { previousCodeRejected: true } : {}) });
        this.deps.logger?.info('MFA code requested', { requestId, mfaSerial });
      } catch (error) {
        this.deps.logger?.warn('MFA request could not be shown', { requestId, reason: error instanceof Error ? error.name : typeof error });
        this.settle(requestId, 'unavailable');
      }
    });
  }

  /** Answers request `requestId` with a code, or cancels it with `null`. */
  answer(requestId: string, code: string | null): MfaAnswerOutcome {
    const entry = this.pending.get(requestId);
    if (entry === undefined) return { accepted: false, reason: 'unknown-request' };
    if (code === null) {
      this.settle(requestId, 'cancelled');
      return { accepted: true };
    }
    const digits = normalizeMfaCode(code);
    if (digits === undefined) return { accepted: false, reason: 'invalid-code' };
    this.release(requestId, entry);
    this.checking.set(requestId, { mfaSerial: entry.mfaSerial, purpose: entry.purpose });
    this.deps.logger?.info('MFA request answered', { requestId });
    entry.resolve(digits);
    return { accepted: true };
  }

  /** AWS took (or, for good, refused) the codes given for `mfaSerial`: their dialogs close. */
  reportOutcome(mfaSerial: string, accepted: boolean): void {
    for (const [requestId, asked] of [...this.checking]) {
      if (asked.mfaSerial !== mfaSerial) continue;
      this.checking.delete(requestId);
      this.deps.logger?.info('MFA code checked', { requestId, accepted });
      try {
        this.deps.notifyResult?.({ requestId, accepted });
      } catch {
        // No window to tell: nothing is waiting on it.
      }
    }
  }

  private checkingFor(mfaSerial: string, purpose: string): string | undefined {
    for (const [requestId, asked] of this.checking) if (asked.mfaSerial === mfaSerial && asked.purpose === purpose) return requestId;
    return undefined;
  }

  /** How many requests wait for an answer. */
  openRequests(): number {
    return this.pending.size;
  }

  /** Cancels every open request (the window closed, the app quits). */
  cancelAll(): void {
    for (const requestId of [...this.pending.keys()]) this.settle(requestId, 'cancelled');
  }

  private settle(requestId: string, reason: MfaNotAnsweredReason): void {
    const entry = this.pending.get(requestId);
    if (entry === undefined) return;
    this.release(requestId, entry);
    if (reason !== 'cancelled') this.deps.logger?.warn('MFA request ended without a code', { requestId, reason });
    else this.deps.logger?.info('MFA request cancelled', { requestId });
    entry.reject(new MfaNotAnsweredError(reason, entry.mfaSerial));
  }

  private release(requestId: string, entry: Pending): void {
    this.pending.delete(requestId);
    entry.deadline.removeEventListener('abort', entry.onDeadline);
    if (entry.onAbort !== undefined) entry.signal?.removeEventListener('abort', entry.onAbort);
  }
}
