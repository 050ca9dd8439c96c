/**
 * Access keys typed into the form. The secret access key and the session token are write-only:
 * the inputs are emptied after a save and only say whether one is stored (and where).
 */
import type { SavedDsn } from '../../../../shared/dsn';
import { useStoreStatus } from '../store-status/store-status';
import { CheckboxField, TextField } from './Field';

export function StaticKeyFields({ saved }: { saved: SavedDsn | undefined }) {
  const status = useStoreStatus();
  const sessionOnly = saved?.passwordSessionOnly === true || status?.secretStorage === 'session-only';
  const hasSecret = saved?.hasSecretAccessKey === true;
  const hasToken = saved?.hasSessionToken === true;
  return (
    <>
      <TextField
        name="credentialSource.accessKeyId"
        label="Access key ID"
        className="span-2"
        placeholder="AKIA…"
        hint="Long-term AKIA… keys of an IAM user, or temporary ASIA… keys with their session token."
      />
      <TextField
        name="secretAccessKey"
        label="Secret access key"
        type="password"
        autoComplete="new-password"
        className="span-2"
        placeholder={hasSecret ? 'Leave empty to keep the stored key' : ''}
        hint={<SecretStatus stored={hasSecret} sessionOnly={sessionOnly} what="key" />}
      />
      <TextField
        name="sessionToken"
        label="Session token"
        type="password"
        autoComplete="new-password"
        className="span-4"
        placeholder={hasToken ? 'Leave empty to keep the stored token' : 'Only for temporary (ASIA…) keys'}
        hint={<SecretStatus stored={hasToken} sessionOnly={sessionOnly} what="token" optional />}
      />
      {(hasSecret || hasToken) && (
        <CheckboxField
          name="clearStaticKeys"
          label="Clear the stored keys"
          className="span-4"
          hint="Removes the stored secret access key and session token when you save; type new ones above to replace them."
        />
      )}
    </>
  );
}

interface SecretStatusProps {
  stored: boolean;
  sessionOnly: boolean;
  what: 'key' | 'token';
  optional?: boolean;
}

function SecretStatus({ stored, sessionOnly, what, optional = false }: SecretStatusProps) {
  const prefix = optional ? 'Optional. ' : '';
  if (!stored) return <>{prefix}Write-only: it is never shown again after saving.</>;
  return (
    <>
      <span className="badge">{sessionOnly ? 'stored for this session only' : 'stored'}</span> {prefix}Write-only: type a new {what} to
      replace it.
    </>
  );
}
