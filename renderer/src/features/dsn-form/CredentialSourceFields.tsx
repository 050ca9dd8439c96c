/** Where the AWS credentials that sign the token come from (IAM only), and an optional role to assume. */
import type { ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import type { SavedDsn } from '../../../../shared/dsn';
import { AssumeRoleFields } from './AssumeRoleFields';
import { SelectField, type SelectOption } from './Field';
import type { CredentialKind, DsnFormValues, FormFieldPath } from './form-values';
import { ProfileField } from './ProfileField';
import { StaticKeyFields } from './StaticKeyFields';

const CREDENTIAL_CHOICES: SelectOption[] = [
  { value: 'default', label: 'Default AWS chain' },
  { value: 'profile', label: 'Named profile' },
  { value: 'static', label: 'Access keys' },
];

const KIND_HINTS: Record<CredentialKind, string> = {
  default: 'As the AWS CLI finds them: environment variables, the default profile (SSO and credential_process too), container or instance role.',
  profile: 'A profile of the AWS config and credentials files.',
  static: 'Keys kept by this app, the secret encrypted with the OS keychain.',
};

/** Fields of one kind; their errors are cleared when another kind is chosen. */
const KIND_FIELDS: FormFieldPath[] = ['credentialSource.profile', 'credentialSource.accessKeyId', 'secretAccessKey', 'sessionToken'];

export function CredentialSourceFields({ saved }: { saved: SavedDsn | undefined }) {
  const { control, clearErrors } = useFormContext<DsnFormValues>();
  const kind = useWatch({ control, name: 'credentialSource.kind' });
  const storedKeys = saved !== undefined && (saved.hasSecretAccessKey || saved.hasSessionToken);
  const hint: ReactNode =
    storedKeys && kind !== 'static' ? (
      <>
        {KIND_HINTS[kind]} <strong>Saving with this source removes the stored access keys.</strong>
      </>
    ) : (
      KIND_HINTS[kind]
    );

  return (
    <fieldset className="form-section">
      <legend>AWS credentials</legend>
      <div className="grid">
        <SelectField
          name="credentialSource.kind"
          label="Credential source"
          choices={CREDENTIAL_CHOICES}
          className="span-4"
          hint={hint}
          onValueChange={() => clearErrors(KIND_FIELDS)}
        />
        {kind === 'profile' && <ProfileField />}
        {kind === 'static' && <StaticKeyFields saved={saved} />}
        <AssumeRoleFields />
      </div>
    </fieldset>
  );
}
