/**
 * The CLI's side of the app's SSH prompt broker: where the app pushes an SSH prompt to its window,
 * the CLI asks on the terminal and answers the broker, as it does for MFA codes. An unknown host
 * key is shown with its fingerprint and accepted only by typing "yes", or by
 * `--accept-host-key SHA256:…` naming exactly that fingerprint; without either (no terminal) the
 * request cannot be shown, the broker answers "no" and the test ends refused (exit 4, network). A
 * key file's passphrase is asked without echo and handed on once.
 */
import type { SshPromptAnswer, SshPromptRequest } from '../../shared/ipc-contract';
import type { SshPromptAnswerOutcome } from '../main/tunnels/tunnel-prompts';
import { plain, type TextSink } from './output';
import type { Prompter } from './prompt';

/** What the notifier needs from the broker: a way to answer (TunnelPromptBroker.answer). */
export type SshPromptAnswerFn = (requestId: string, answer: SshPromptAnswer) => SshPromptAnswerOutcome;

/** Thrown by the notifier when it cannot ask: the broker turns it into "no". */
export class NoTerminalForSshPromptError extends Error {
  constructor() {
    super('An SSH tunnel has a question, but there is no terminal to ask on');
    this.name = 'NoTerminalForSshPromptError';
  }
}

/** How a host appears in known_hosts and in ssh's own messages: `host`, or `[host]:port`. */
function where(request: Extract<SshPromptRequest, { kind: 'host-key' }>): string {
  return request.port === 22 ? plain(request.host) : `[${plain(request.host)}]:${request.port}`;
}

/**
 * Builds the broker's `notify` callback. `answer` is bound later (the broker is built with the
 * notifier), hence the getter; `acceptedFingerprints` are the --accept-host-key values.
 */
export function terminalSshNotifier(
  prompter: Prompter | undefined,
  stderr: TextSink,
  acceptedFingerprints: readonly string[],
  answer: () => SshPromptAnswerFn,
  now: () => number = Date.now,
): (request: SshPromptRequest) => void {
  return (request) => {
    const deadline = Date.parse(request.expiresAt);
    const timeoutMs = (): number | undefined => (Number.isNaN(deadline) ? undefined : deadline - now());
    if (request.kind === 'host-key') {
      const viaCa = request.certAuthority === undefined ? '' : `  ${plain(request.certAuthority)} trusts a certificate authority for this host, but host certificates are not checked here: compare the fingerprint itself.\n`;
      const question = `The host key of ${where(request)} is not known.\n  ${plain(request.keyType)} key fingerprint is ${plain(request.fingerprint)}\n${viaCa}`;
      if (acceptedFingerprints.includes(request.fingerprint)) {
        stderr.write(`iam-dsn: accepted the host key of ${where(request)} (${plain(request.keyType)} ${plain(request.fingerprint)}) as --accept-host-key says.\n`);
        queueMicrotask(() => answer()(request.requestId, { accept: true }));
        return;
      }
      if (prompter === undefined) {
        stderr.write(`iam-dsn: ${question}There is no terminal to ask on: refused. To accept it, check the fingerprint with the bastion's admin and pass --accept-host-key ${plain(request.fingerprint)}\n`);
        throw new NoTerminalForSshPromptError();
      }
      void prompter.ask(`${question}Accept it and remember it (yes/no)? `, { echo: true, timeoutMs: timeoutMs() }).then((reply) => {
        answer()(request.requestId, { accept: reply.kind === 'answer' && reply.value.trim().toLowerCase() === 'yes' });
      });
      return;
    }
    if (prompter === undefined) {
      stderr.write(`iam-dsn: the key file ${plain(request.keyFile)} is encrypted and there is no terminal to ask for its passphrase (use ssh-agent instead).\n`);
      throw new NoTerminalForSshPromptError();
    }
    const question = `${request.retry ? 'Wrong passphrase. ' : ''}Passphrase for ${plain(request.keyFile)} (not shown): `;
    void prompter.ask(question, { echo: false, timeoutMs: timeoutMs() }).then((reply) => {
      answer()(request.requestId, { secret: reply.kind === 'answer' && reply.value !== '' ? reply.value : null });
    });
  };
}
