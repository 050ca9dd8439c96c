/** An error the tester raises itself, already carrying what the user should see. */
import type { AppError, ErrorCode } from '../../../shared/result';

/** Thrown inside a connection attempt (e.g. by the password callback); never holds a secret. */
export class TesterError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TesterError';
  }

  toAppError(): AppError {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}
