/** The Credentials section: token expiry, AWS credentials and STS endpoint for IAM, or the stored password. */
import { useFormContext, useWatch } from 'react-hook-form';
import { MAX_TOKEN_EXPIRATION_SECONDS, type SavedDsn } from '../../../../shared/dsn';
import { CredentialSourceFields } from './CredentialSourceFields';
import { CheckboxField, TextField } from './Field';
import type { DsnFormValues } from './form-values';

export function AuthFields({ saved }: { saved: SavedDsn | undefined }) {
  const { control } = useFormContext<DsnFormValues>();
  const [authType, clearPassword] = useWatch({ control, name: ['authType', 'clearPassword'] });

  if (authType === 'database') {
    return (
      <fieldset className="form-section">
        <legend>Password</legend>
        <div className="grid">
          <TextField
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            className="span-3"
            disabled={clearPassword}
            placeholder={saved?.hasPassword === true ? 'Leave empty to keep the stored password' : ''}
            hint={<PasswordStatus saved={saved} />}
          />
          {saved?.hasPassword === true && <CheckboxField name="clearPassword" label="Clear the stored password" />}
        </div>
      </fieldset>
    );
  }

  return (
    <>
      <fieldset className="form-section">
        <legend>IAM token</legend>
        <div className="grid">
          <TextField
            name="tokenExpirationSeconds"
            label="Token expiration (seconds)"
            numeric
            className="span-2"
            hint={`How long a signed token is reused before a new one is signed (1–${MAX_TOKEN_EXPIRATION_SECONDS}; RDS accepts a token for 15 minutes).`}
          />
        </div>
      </fieldset>
      <CredentialSourceFields saved={saved} />
      <fieldset className="form-section">
        <legend>STS</legend>
        <div className="grid">
          <TextField
            name="stsEndpoint"
            label="STS endpoint"
            className="span-4"
            placeholder="https://sts.us-east-1.amazonaws.com"
            hint="Where the app calls AWS STS to assume the role and to check who signs: an STS VPC interface endpoint or a FIPS endpoint. Empty: the AWS default for the region."
          />
        </div>
      </fieldset>
    </>
  );
}

function PasswordStatus({ saved }: { saved: SavedDsn | undefined }) {
  if (saved?.hasPassword !== true) return <>Write-only: it is never shown again after saving.</>;
  return (
    <>
      <span className="badge">{saved.passwordSessionOnly ? 'stored for this session only' : 'stored'}</span> Write-only: type a new
      one to replace it.
    </>
  );
}
