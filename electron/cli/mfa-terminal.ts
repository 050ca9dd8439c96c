/**
 * The CLI's side of the app's MfaBroker: where the app pushes an MFA request to its window, the
 * CLI asks on the terminal (codes are shown as typed) and answers the broker. Without a terminal
 * the request cannot be shown, so the broker fails it and the command ends with MFA_REQUIRED
 * (exit 3).
 */
import type { MfaRequest } from '../../shared/ipc-contract';
import type { MfaAnswerOutcome } from '../main/credentials/mfa-broker';
import { plain, type TextSink } from './output';
import type { Prompter } from './prompt';

/** What the notifier needs from the broker: a way to answer (MfaBroker.answer). */
export type MfaAnswer = (requestId: string, code: string | null) => MfaAnswerOutcome;

/** Thrown by the notifier when there is no terminal: the broker turns it into "unavailable". */
export class NoTerminalForMfaError extends Error {
  constructor() {
    super('MFA code required, but there is no terminal to ask on');
    this.name = 'NoTerminalForMfaError';
  }
}

/**
 * Builds the MfaBroker `notify` callback. `answer` is bound later (the broker is built with the
 * notifier), hence the getter. Re-asks after a code that is not six digits.
 */
export function terminalMfaNotifier(prompter: Prompter | undefined, stderr: TextSink, answer: () => MfaAnswer, now: () => number = Date.now): (request: MfaRequest) => void {
  return (request) => {
    const what = `${plain(request.purpose)} (MFA device ${plain(request.mfaSerial)})`;
    if (prompter === undefined) {
      stderr.write(`iam-dsn: MFA code required for ${what}, but there is no terminal to ask on.\n`);
      throw new NoTerminalForMfaError();
    }
    const deadline = Date.parse(request.expiresAt);
    const askOnce = async (question: string): Promise<void> => {
      const timeoutMs = Number.isNaN(deadline) ? undefined : deadline - now();
      const reply = await prompter.ask(question, { echo: true, timeoutMs });
      const outcome = answer()(request.requestId, reply.kind === 'answer' ? reply.value : null);
      if (!outcome.accepted && outcome.reason === 'invalid-code') await askOnce('That is not a 6-digit code. MFA code: ');
    };
    void askOnce(request.previousCodeRejected === true ? 'AWS rejected that code; enter the next one your device shows. MFA code: ' : `MFA code required for ${what}: `);
  };
}
