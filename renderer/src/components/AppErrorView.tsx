/**
 * An {@link AppError} as text, outside a test report: the message, the hint (a checklist, line
 * breaks kept) and the raw text in a <pre>, labelled by where it came from (AWS, the server, this
 * computer). Every string is rendered as a React text node, never as HTML.
 */
import type { AppError } from '../../../shared/result';
import { CopyableCommand } from './CopyableCommand';
import { DETAIL_LABELS, ERROR_FAMILY } from './error-family';
import { ssoLoginCommand } from './hint-command';

interface AppErrorViewProps {
  error: AppError;
  /** Heading level element for the message; a plain paragraph by default. */
  title?: string;
}

export function AppErrorView({ error, title }: AppErrorViewProps) {
  const ssoCommand = error.code === 'SSO_LOGIN_REQUIRED' ? ssoLoginCommand(error.hint) : undefined;
  return (
    <div className="app-error">
      {title !== undefined && <p className="app-error-title">{title}</p>}
      <p className="app-error-message">
        {error.message} <span className="error-code">({error.code})</span>
      </p>
      {error.hint !== undefined && error.hint !== '' && (
        <div className="app-error-hint">
          <p className="label">What to check</p>
          <p className="hint-text" data-testid="error-hint">
            {error.hint}
          </p>
        </div>
      )}
      {ssoCommand !== undefined && <CopyableCommand command={ssoCommand} label="Sign in with AWS SSO in a terminal, then test again" />}
      {error.detail !== undefined && error.detail !== '' && (
        <div className="app-error-detail">
          <p className="label">{DETAIL_LABELS[ERROR_FAMILY[error.code]]}</p>
          <pre data-testid="error-detail">{error.detail}</pre>
        </div>
      )}
    </div>
  );
}
