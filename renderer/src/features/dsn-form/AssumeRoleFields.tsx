/** "Assume a role": STS AssumeRole with the source's credentials before signing, optionally with MFA. */
import { useFormContext, useWatch } from 'react-hook-form';
import { CheckboxField, TextField } from './Field';
import type { DsnFormValues } from './form-values';

export function AssumeRoleFields() {
  const { control, clearErrors } = useFormContext<DsnFormValues>();
  const enabled = useWatch({ control, name: 'assumeRoleEnabled' });
  return (
    <>
      <CheckboxField
        name="assumeRoleEnabled"
        label="Assume a role"
        className="span-4"
        hint="Sign the token with a role's temporary credentials, obtained (STS AssumeRole) with the credential source above."
        onValueChange={(event) => {
          if (!event.target.checked) clearErrors('assumeRole');
        }}
      />
      {enabled && (
        <div className="grid span-4 sub-grid" role="group" aria-label="Role to assume">
          <TextField
            name="assumeRole.roleArn"
            label="Role ARN"
            className="span-4"
            placeholder="arn:aws:iam::123456789012:role/db-connect"
            hint="The role whose policy allows rds-db:connect for this user."
          />
          <TextField name="assumeRole.sessionName" label="Session name" className="span-2" hint="Shown in CloudTrail: 2–64 letters, digits or _+=,.@-" />
          <TextField
            name="assumeRole.durationSeconds"
            label="Role session duration (seconds)"
            numeric
            className="span-2"
            hint="900–43200, at most the role's maximum session duration."
          />
          <TextField name="assumeRole.externalId" label="External ID" className="span-2" hint="Only when the role's trust policy requires one." />
          <TextField
            name="assumeRole.mfaSerial"
            label="MFA device ARN"
            className="span-2"
            placeholder="arn:aws:iam::123456789012:mfa/me"
            hint="When the role requires MFA: the app asks you for a code each time it assumes the role."
          />
        </div>
      )}
    </>
  );
}
