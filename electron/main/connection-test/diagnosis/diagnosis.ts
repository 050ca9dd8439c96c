/**
 * Turns what went wrong in a connection attempt (an OS, TLS, pg or server error, or a timeout)
 * into an {@link AppError}: a code, one plain sentence, a hint, and the raw text as `detail`.
 * Network and TLS failures are in network.ts; server answers are here.
 */
import { DatabaseError } from 'pg';
import type { AppError } from '../../../../shared/result';
import { certNames } from '../cert-facts';
import { type DiagnosisContext, diagnoseClientError, diagnoseTimeout, PHASE_LABEL } from './network';
import { quoteIdent } from '../../../../shared/iam-setup/sql-identifier';
import { iamChecklist } from './iam-checklist';
import { formatLocalChecks, localChecks, timeInText } from './local-checks';
import { TesterError } from '../tester-error';

/** Re-exported so callers need only this module. */
export { type DiagnosisContext, diagnoseTimeout, wantsCertificate } from './network';

/** The AppError for an error thrown or emitted during the attempt. */
export function diagnoseError(error: unknown, ctx: DiagnosisContext): AppError {
  if (error instanceof TesterError) return error.toAppError();
  if (error instanceof DatabaseError) return diagnoseServerError(error, ctx);
  return diagnoseClientError(error, ctx);
}

/** "the token is signed …" → "The token is signed …." (a cause as a sentence). */
function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/**
 * PAM refused the token. A short report: the headline, the cause the checks on this computer
 * found (said once), ONE action (Set Region to … where the app can fix it, else the IAM setup),
 * and only the checks that are still open. The user IS in rds_iam (RDS checks only members' tokens
 * by PAM), so the GRANT is never suggested here.
 */
function pamFailed(error: DatabaseError, ctx: DiagnosisContext): AppError {
  const { dsn } = ctx;
  const serverText = [error.message, error.detail, error.hint].filter((s): s is string => typeof s === 'string').join('\n');
  const checks = localChecks({
    dsn,
    claims: ctx.claims,
    token: ctx.token,
    now: ctx.now ?? Date.now(),
    serverTime: timeInText(serverText),
    certNames: ctx.peerCert !== undefined ? certNames(ctx.peerCert) : undefined,
  });
  const found = checks.find((c) => c.status === 'problem' && c.cause !== undefined);
  const open = checks.filter((c) => c !== found && c.status !== 'ok');
  const regionIsCause = found?.action?.kind === 'set-field' && found.action.field === 'region';
  const hint = [open.length > 0 ? formatLocalChecks(open) : undefined, iamChecklist(dsn, ctx.token, { grant: true, region: regionIsCause, clock: true })];
  return {
    code: 'PAM_AUTH_FAILED',
    message: `The server refused the IAM token for user ${quoteIdent(dsn.user)} (PAM authentication failed).`,
    cause: found?.cause === undefined ? undefined : sentence(found.cause),
    // A cause found here comes with its own fix or none (an expired token: test again); with no
    // cause found, the policy or the grant is the likely gap, and the assistant sets both up.
    action: found === undefined ? { kind: 'open-iam-setup', label: 'Open IAM setup with the fields filled' } : found.action,
    hint: hint.filter((part): part is string => part !== undefined).join('\n'),
    detail: error.message,
  };
}

function diagnoseServerError(error: DatabaseError, ctx: DiagnosisContext): AppError {
  const { dsn } = ctx;
  const detail = error.message;
  const iam = dsn.authType === 'iam';
  const user = quoteIdent(dsn.user);
  switch (error.code) {
    case '28P01':
      return iam
        ? {
            code: 'PASSWORD_AUTH_FAILED',
            message: `The server refused the IAM token for user ${user}: it checked it as a plain password.`,
            cause: `${user} is not a member of rds_iam (or does not exist), so RDS compared the token with a stored password.`,
            action: { kind: 'copy', text: `GRANT rds_iam TO ${user};`, label: `Copy GRANT rds_iam TO ${user};` },
            hint: `Run the GRANT as the master user (or another rds_superuser), then test again.\n${iamChecklist(dsn, ctx.token, { grant: true })}`,
            detail,
          }
        : {
            code: 'PASSWORD_AUTH_FAILED',
            message: `Password authentication failed for user ${user}.`,
            hint: 'Check the password (enter it again and save) and the user name. If this user logs in with IAM, set Authentication to IAM.',
            detail,
          };
    case '3D000':
      return {
        code: 'DATABASE_NOT_FOUND',
        message: `The database ${quoteIdent(dsn.database)} does not exist on this server.`,
        hint: `Check the Database field (names are case-sensitive): the login${iam ? ' and the IAM token' : ''} worked, only the database ${quoteIdent(dsn.database)} is missing. "postgres" exists on every RDS instance; \`\\l\` in psql lists the others.`,
        detail,
      };
    case '57014':
      return { ...diagnoseTimeout({ ...ctx, phase: 'query' }), detail };
    case '53300':
      return { code: 'SERVER_ERROR', message: 'The server has no free connection slots.', hint: 'Too many connections are open: close some, or raise max_connections.', detail };
    case '57P03':
      return { code: 'SERVER_ERROR', message: 'The server is starting up, shutting down or in recovery and takes no connections now.', hint: 'Wait a minute and test again; check the instance status.', detail };
  }
  if (error.code === '28000' || /authentication failed|pg_hba\.conf|does not exist/.test(detail)) {
    if (/pg_hba\.conf/.test(detail)) {
      return {
        code: 'NO_HBA_ENTRY',
        message: 'The server has no access rule (pg_hba.conf) that lets this connection in.',
        hint: ctx.tls
          ? 'The server does not accept this user, database or address. On a self-managed server, add a matching hostssl line to pg_hba.conf.'
          : 'The connection was not encrypted and the server accepts this login only over TLS (on RDS: rds.force_ssl = 1, and IAM users always need TLS). Use sslmode require.',
        detail,
      };
    }
    if (/role .* does not exist/.test(detail)) {
      return {
        code: 'ROLE_NOT_FOUND',
        message: `The database user ${user} does not exist.`,
        hint: `Check the User name (case-sensitive), or create the user: CREATE USER ${user};${iam ? ` GRANT rds_iam TO ${user};` : ''}`,
        detail,
      };
    }
    if (/PAM authentication failed/i.test(detail) || (iam && error.code === '28000')) {
      return iam
        ? pamFailed(error, ctx)
        : {
            code: 'PAM_AUTH_FAILED',
            message: `PAM authentication failed for user ${user}.`,
            hint: 'The server checks this user by PAM: on RDS that means the user is in rds_iam and must log in with an IAM token. Set Authentication to IAM, or revoke rds_iam from the user.',
            detail,
          };
    }
  }
  return {
    code: 'SERVER_ERROR',
    message: `The server reported an error while ${PHASE_LABEL[ctx.phase]}${error.code !== undefined ? ` (SQLSTATE ${error.code})` : ''}.`,
    hint: error.hint,
    detail,
  };
}
