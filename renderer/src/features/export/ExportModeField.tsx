/**
 * What goes into an export besides the DSN: for IAM, a mode switch "Recipe (no secret)" (the
 * default) or "With a live token"; for database authentication, "Include password". A format
 * that never carries a secret (JSON, and for IAM the AWS wrappers and ODBC driver) disables it.
 */
import { useId } from 'react';
import type { AuthType } from '../../../../shared/dsn';
import { EXPORT_FORMAT_LABELS, type ExportFormat } from '../../../../shared/export-types';

/** The IAM export modes. */
export type ExportMode = 'recipe' | 'live';

interface ExportModeFieldProps {
  authType: AuthType;
  format: ExportFormat;
  /** The format can carry the secret (shared/formats formatCarriesSecret). */
  carriesSecret: boolean;
  mode: ExportMode;
  onModeChange: (mode: ExportMode) => void;
  includePassword: boolean;
  onIncludePasswordChange: (include: boolean) => void;
  /** Id of the warning shown while a secret is chosen (described-by); undefined while none is shown. */
  warningId: string | undefined;
}

function notCarriedHint(format: ExportFormat, authType: AuthType): string {
  if (format === 'json') return 'JSON never holds a secret.';
  return authType === 'iam' ? `${EXPORT_FORMAT_LABELS[format]} signs its own token for each connection.` : 'This format cannot carry a password.';
}

export function ExportModeField(props: ExportModeFieldProps) {
  const { authType, format, carriesSecret, mode, onModeChange, includePassword, onIncludePasswordChange, warningId } = props;
  const id = useId();
  const hint = carriesSecret ? undefined : notCarriedHint(format, authType);

  if (authType === 'database') {
    return (
      <div className="field field-checkbox">
        <input
          id={`${id}-password`}
          type="checkbox"
          checked={includePassword && carriesSecret}
          disabled={!carriesSecret}
          aria-describedby={includePassword && carriesSecret && warningId !== undefined ? warningId : hint !== undefined ? `${id}-hint` : undefined}
          onChange={(event) => onIncludePasswordChange(event.target.checked)}
        />
        <label htmlFor={`${id}-password`}>Include password</label>
        {hint !== undefined && (
          <span id={`${id}-hint`} className="field-hint">
            {hint}
          </span>
        )}
      </div>
    );
  }

  const live = mode === 'live' && carriesSecret;
  return (
    <fieldset className="export-mode" aria-describedby={live && warningId !== undefined ? warningId : hint !== undefined ? `${id}-hint` : undefined}>
      <legend>Mode</legend>
      <label>
        <input type="radio" name={`${id}-mode`} value="recipe" checked={!live} onChange={() => onModeChange('recipe')} /> Recipe (no secret)
      </label>
      <label>
        <input type="radio" name={`${id}-mode`} value="live" checked={live} disabled={!carriesSecret} onChange={() => onModeChange('live')} /> With a live token
      </label>
      {hint !== undefined && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </fieldset>
  );
}
