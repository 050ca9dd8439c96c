/** The credential questions the window asks: which AWS profiles exist, and the answer to an MFA prompt. */
import type { AwsProfileInfo } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import type { MfaAnswerPort } from '../credentials/mfa-broker';
import type { Logger } from '../platform/logger';

export interface CredentialServiceDeps {
  /** Receives MFA answers (the app's MfaBroker). */
  mfa: MfaAnswerPort;
  /** Lists the AWS profiles (credentials/profiles.ts over the real shared files). */
  listProfiles: () => Promise<Result<AwsProfileInfo[]>>;
  logger: Logger;
}

export class CredentialService {
  constructor(private readonly deps: CredentialServiceDeps) {}

  /** The profiles of the AWS shared files: names, kinds, regions, whether MFA is asked; never a key. */
  async listProfiles(): Promise<Result<AwsProfileInfo[]>> {
    const listed = await this.deps.listProfiles();
    if (listed.ok) this.deps.logger.info('AWS profiles listed', { count: listed.value.length });
    else this.deps.logger.warn('AWS profiles could not be listed', { code: listed.error.code });
    return listed;
  }

  /** Answers MFA prompt `requestId` with a code, or cancels it with `null`. A code that is not 6 digits keeps the prompt open. */
  answerMfa(requestId: string, code: string | null): Result<{ accepted: boolean }> {
    const outcome = this.deps.mfa.answer(requestId, code);
    if (!outcome.accepted && outcome.reason === 'invalid-code') {
      return err('VALIDATION', 'An MFA code is 6 digits.', { fieldErrors: { code: ['Enter the 6-digit code your MFA device shows'] } });
    }
    return ok({ accepted: outcome.accepted });
  }
}
