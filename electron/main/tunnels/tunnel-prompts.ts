/**
 * The two questions a tunnel may have to ask while it connects: "this bastion's host key is not
 * known — accept it?" (shown with its SHA256 fingerprint) and "the passphrase of this key file?".
 * Like the MFA prompt (credentials/mfa-broker.ts), each is an {@link SshPromptRequest} the broker
 * shows through its `notify` port (the app: a push to its window; the CLI: the terminal) and
 * settles with `answerSshPrompt`. A passphrase is handed to the key parser once and forgotten:
 * never stored, never logged.
 */
import { randomUUID } from 'node:crypto';
import type { SshPromptAnswer, SshPromptRequest } from '../../../shared/ipc-contract';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';

/** An unknown host key, for the user to accept (remembered in the app's known-hosts file) or refuse. */
export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** Which DSN asks, for the dialog's text. */
  purpose: string;
  /** Where a `@cert-authority` line names this host (see {@link SshPromptRequest}). */
  certAuthority?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** A key file's passphrase. */
export interface PassphraseQuestion {
  keyFile: string;
  purpose: string;
  /** The previous answer was wrong. */
  retry: boolean;
  signal?: AbortSignal | undefined;
}

/** What a tunnel asks; every answer may be "no" (refused, cancelled, timed out, nobody to ask). */
export interface TunnelPromptPort {
  /** True only when the user accepted this fingerprint. */
  confirmHostKey(question: HostKeyQuestion): Promise<boolean>;
  /** The passphrase, or undefined when none was given. */
  askPassphrase(question: PassphraseQuestion): Promise<string | undefined>;
}

/** How long main waits for an answer by default. */
export const SSH_PROMPT_TIMEOUT_MS = 120_000;

/** Makes the signal that aborts when a prompt's time is up: AbortSignal.timeout, or a manual one in tests. */
export type DeadlineFn = (ms: number) => AbortSignal;

/** The outcome of an answer: taken, or why not. */
export type SshPromptAnswerOutcome = { accepted: true } | { accepted: false; reason: 'unknown-request' | 'wrong-kind' };

/** Where SSH prompt answers go (the window's answerSshPrompt, the CLI's terminal). */
export interface SshPromptAnswerPort {
  answer(requestId: string, answer: SshPromptAnswer): SshPromptAnswerOutcome;
}

export interface TunnelPromptBrokerDeps {
  /** Shows the request to the user (the app: a push to its window; the CLI: the terminal); throws when it cannot (the question is then answered "no"). */
  notify: (request: SshPromptRequest) => void;
  clock: Clock;
  /** Default {@link SSH_PROMPT_TIMEOUT_MS}. */
  timeoutMs?: number | undefined;
  /** Default AbortSignal.timeout (its timer does not keep the process alive). */
  deadline?: DeadlineFn | undefined;
  newId?: (() => string) | undefined;
  logger?: Logger | undefined;
}

interface Pending {
  kind: SshPromptRequest['kind'];
  settle: (answer: SshPromptAnswer | undefined) => void;
}

/** The questions of a tunnel as requests shown to the user and answered by id; one instance per app, as the MfaBroker. */
export class TunnelPromptBroker implements TunnelPromptPort, SshPromptAnswerPort {
  private readonly pending = new Map<string, Pending>();
  private readonly timeoutMs: number;
  private readonly deadline: DeadlineFn;
  private readonly newId: () => string;

  constructor(private readonly deps: TunnelPromptBrokerDeps) {
    this.timeoutMs = deps.timeoutMs ?? SSH_PROMPT_TIMEOUT_MS;
    this.deadline = deps.deadline ?? ((ms) => AbortSignal.timeout(ms));
    this.newId = deps.newId ?? randomUUID;
  }

  async confirmHostKey(q: HostKeyQuestion): Promise<boolean> {
    const question = { kind: 'host-key' as const, host: q.host, port: q.port, keyType: q.keyType, fingerprint: q.fingerprint, purpose: q.purpose };
    const answer = await this.ask(q.certAuthority === undefined ? question : { ...question, certAuthority: q.certAuthority }, q.signal);
    return answer !== undefined && 'accept' in answer && answer.accept;
  }

  async askPassphrase(q: PassphraseQuestion): Promise<string | undefined> {
    const answer = await this.ask({ kind: 'passphrase', keyFile: q.keyFile, purpose: q.purpose, retry: q.retry }, q.signal);
    return answer !== undefined && 'secret' in answer && answer.secret !== null ? answer.secret : undefined;
  }

  /** Answers an open request (`answerSshPrompt`); an answer of the other kind leaves it open. */
  answer(requestId: string, answer: SshPromptAnswer): SshPromptAnswerOutcome {
    const entry = this.pending.get(requestId);
    if (entry === undefined) return { accepted: false, reason: 'unknown-request' };
    if ((entry.kind === 'host-key') !== 'accept' in answer) return { accepted: false, reason: 'wrong-kind' };
    entry.settle(answer);
    return { accepted: true };
  }

  /** Questions waiting for an answer. */
  openRequests(): number {
    return this.pending.size;
  }

  /** Answers every open question "no" (the window closed, the app quits). */
  cancelAll(): void {
    for (const entry of [...this.pending.values()]) entry.settle(undefined);
  }

  private ask(question: DistributiveOmit<SshPromptRequest, 'requestId' | 'expiresAt'>, signal: AbortSignal | undefined): Promise<SshPromptAnswer | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const requestId = this.newId();
    const expiresAt = new Date(this.deps.clock.now() + this.timeoutMs).toISOString();
    // One signal for every ending that is not an answer: the deadline, or the caller giving up.
    const ended = signal === undefined ? this.deadline(this.timeoutMs) : AbortSignal.any([this.deadline(this.timeoutMs), signal]);
    return new Promise((resolve) => {
      const onEnded = (): void => settle(undefined);
      const settle = (answer: SshPromptAnswer | undefined): void => {
        if (!this.pending.delete(requestId)) return;
        ended.removeEventListener('abort', onEnded);
        this.deps.logger?.info('SSH prompt ended', { requestId, kind: question.kind, answered: answer !== undefined });
        resolve(answer);
      };
      this.pending.set(requestId, { kind: question.kind, settle });
      ended.addEventListener('abort', onEnded, { once: true });
      try {
        this.deps.notify({ ...question, requestId, expiresAt });
      } catch {
        this.deps.logger?.warn('SSH prompt could not be shown', { requestId, kind: question.kind });
        settle(undefined);
      }
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
