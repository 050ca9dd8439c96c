/**
 * An {@link AppError} as text: the message, the hint (a checklist, line breaks kept) and the raw
 * server/OS text in a <pre>. Every string is rendered as a React text node, never as HTML.
 */
import { type AppError, ERROR_FAMILY } from '../../../shared/result';
import { CopyableCommand } from './CopyableCommand';
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
          <p className="label">{ERROR_FAMILY[error.code] === 'aws' ? 'AWS said' : 'Server said'}</p>
          <pre data-testid="error-detail">{error.detail}</pre>
        </div>
      )}
    </div>
  );
}
