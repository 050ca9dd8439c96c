/**
 * The SSH tunnel's questions the window asks and answers: which Host aliases ~/.ssh/config offers
 * for the bastion field, and the answers to host-key and passphrase prompts (the tunnel asks
 * through its broker, as signing asks for MFA codes). A passphrase is handed on once, never kept.
 */
import type { SshHostAlias, SshPromptAnswer } from '../../../shared/ipc-contract';
import { ok, type Result } from '../../../shared/result';
import type { Logger } from '../platform/logger';
import type { SshPromptAnswerPort } from '../tunnels/tunnel-prompts';

export interface SshServiceDeps {
  /** Receives prompt answers (the app's TunnelPromptBroker). */
  prompts: SshPromptAnswerPort;
  /** ~/.ssh/config's Host aliases as they resolve, nothing run (the TunnelService reads the machine). */
  hostAliases: () => SshHostAlias[];
  logger: Logger;
}

export class SshService {
  constructor(private readonly deps: SshServiceDeps) {}

  /** The Host aliases of ~/.ssh/config; one that would need a program says why it cannot be used. */
  listHosts(): Result<SshHostAlias[]> {
    const aliases = this.deps.hostAliases();
    this.deps.logger.info('SSH host aliases listed', { count: aliases.length });
    return ok(aliases);
  }

  /** Answers prompt `requestId`; `accepted: false` when none is open under that id or the answer is of the other kind. */
  answerPrompt(requestId: string, answer: SshPromptAnswer): Result<{ accepted: boolean }> {
    const outcome = this.deps.prompts.answer(requestId, answer);
    if (!outcome.accepted) this.deps.logger.warn('SSH prompt answer not taken', { requestId, reason: outcome.reason });
    return ok({ accepted: outcome.accepted });
  }
}
