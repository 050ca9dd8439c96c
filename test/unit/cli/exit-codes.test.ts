/** The error code → exit status table: every code is classified, each into the documented class. */
import { classifyByPattern, EXIT, EXIT_BY_ERROR_CODE, exitStatusFor } from '../../../electron/cli/exit-codes';
import { ERROR_CODES, type ErrorCode } from '../../../shared/result';

/** The classes of docs/cli.md, written out once more so a change to the table must be deliberate. */
const EXPECTED: Record<ErrorCode, number> = {
  VALIDATION: 2,
  NOT_FOUND: 2,
  NAME_TAKEN: 2,
  STORE_IO: 1,
  CANCELLED: 130,
  UNTRUSTED_SENDER: 1,
  INTERNAL: 1,
  CREDENTIALS_MISSING: 3,
  CREDENTIALS_EXPIRED: 3,
  PROFILE_NOT_FOUND: 3,
  SIGNING_FAILED: 3,
  SSO_LOGIN_REQUIRED: 3,
  MFA_REQUIRED: 3,
  MFA_FAILED: 3,
  ASSUME_ROLE_DENIED: 3,
  CREDENTIAL_PROCESS_FAILED: 3,
  STS_UNREACHABLE: 3,
  PASSWORD_MISSING: 3,
  DNS_NOT_FOUND: 4,
  CONNECTION_REFUSED: 4,
  HOST_UNREACHABLE: 4,
  CONNECT_TIMEOUT: 4,
  QUERY_TIMEOUT: 4,
  CONNECTION_CLOSED: 4,
  TLS_NOT_SUPPORTED: 4,
  TLS_UNTRUSTED_CA: 4,
  TLS_CERT_EXPIRED: 4,
  TLS_NAME_MISMATCH: 4,
  TLS_FAILED: 4,
  CA_BUNDLE_UNREADABLE: 4,
  PLAINTEXT_REFUSED: 4,
  PAM_AUTH_FAILED: 5,
  PASSWORD_AUTH_FAILED: 5,
  NO_HBA_ENTRY: 5,
  ROLE_NOT_FOUND: 5,
  DATABASE_NOT_FOUND: 5,
  SERVER_ERROR: 1,
};

describe('exit status of every error code', () => {
  it.each([...ERROR_CODES])('%s is listed in the table explicitly', (code) => {
    expect(EXIT_BY_ERROR_CODE[code], `add ${code} to EXIT_BY_ERROR_CODE in electron/cli/exit-codes.ts (and docs/cli.md)`).toBeDefined();
  });

  it.each([...ERROR_CODES])('%s exits with its documented status', (code) => {
    expect(exitStatusFor(code)).toBe(EXPECTED[code]);
  });

  it('uses only the documented statuses, and 0 for none of the errors', () => {
    const used = new Set(Object.values(EXIT_BY_ERROR_CODE));
    expect([...used].every((s) => [1, 2, 3, 4, 5, 130].includes(s))).toBe(true);
    expect(used.has(EXIT.OK)).toBe(false);
  });

  it('the name patterns agree with the table wherever they apply', () => {
    for (const code of ERROR_CODES) {
      const byPattern = classifyByPattern(code);
      if (byPattern !== undefined) expect(byPattern, code).toBe(EXPECTED[code]);
    }
  });

  it('classifies a code added later by its name, else as 1', () => {
    // Not in ERROR_CODES today: the fallback for a code another change adds before the table does.
    const later = (code: string) => exitStatusFor(code as ErrorCode);
    expect(later('MFA_TIMEOUT')).toBe(3);
    expect(later('CREDENTIAL_SOURCE_INVALID')).toBe(3);
    expect(later('TLS_PROTOCOL_MISMATCH')).toBe(4);
    expect(later('READ_TIMEOUT')).toBe(4);
    expect(later('DNS_SERVFAIL')).toBe(4);
    expect(later('TOKEN_AUTH_FAILED')).toBe(5);
    expect(later('SOMETHING_NEW')).toBe(1);
  });
});
