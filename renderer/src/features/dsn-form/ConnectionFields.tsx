/** The connection section: who and where. */
import type { ChangeEvent } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { SelectField, TextField, type SelectOption } from './Field';
import type { DsnFormValues, FormFieldPath } from './form-values';
import { RegionField } from './RegionField';
import { useRegionAuto } from './region-auto';

const AUTH_CHOICES: SelectOption[] = [
  { value: 'iam', label: 'IAM token' },
  { value: 'database', label: 'Database password' },
];

const SSL_HINTS: Record<DsnFormValues['sslMode'], string> = {
  require: 'Always encrypt; the connection fails without TLS.',
  prefer: 'Encrypt when the server supports it.',
  allow: 'Try without TLS first; encrypt only if the server insists.',
  disable: 'Never encrypt. Database authentication only.',
};

export function ConnectionFields() {
  const { control, getValues, getFieldState, trigger, formState } = useFormContext<DsnFormValues>();
  const regionAuto = useRegionAuto();
  const [authType, sslMode] = useWatch({ control, name: ['authType', 'sslMode'] });
  const iam = authType === 'iam';

  // `disable` is offered for database auth only; it stays listed (and flagged) if already chosen.
  const sslChoices: SelectOption[] = (['require', 'prefer', 'allow', 'disable'] as const)
    .filter((mode) => mode !== 'disable' || !iam || sslMode === 'disable')
    .map((mode) => ({ value: mode, label: mode === 'disable' && iam ? 'disable (not allowed for IAM)' : mode }));

  return (
    <fieldset className="form-section">
      <legend>Connection</legend>
      <div className="grid">
        <TextField name="name" label="Name" className="span-2" placeholder="Production reader" />
        <SelectField
          name="authType"
          label="Authentication"
          choices={AUTH_CHOICES}
          className="span-2"
          hint={iam ? 'A short-lived token signed with your AWS credentials replaces the password.' : 'A password stored for this DSN.'}
          onValueChange={() => {
            const related: FormFieldPath[] = ['sslMode'];
            if (getValues('server').trim() !== '') related.push('server');
            if (getFieldState('region').isTouched || formState.isSubmitted) related.push('region');
            void trigger(related);
          }}
        />
        <TextField
          name="server"
          label="Server"
          className="span-3"
          placeholder="mydb.abc123.us-east-1.rds.amazonaws.com"
          hint={iam ? 'The endpoint host name: the token is signed for it.' : undefined}
          onValueChange={(event: ChangeEvent<HTMLInputElement>) => regionAuto.serverChanged(event.target.value)}
        />
        <TextField name="port" label="Port" numeric className="span-1" />
        <TextField name="user" label="User name" className="span-2" hint={iam ? 'A role granted rds_iam.' : undefined} />
        <TextField name="database" label="Database" className="span-2" />
        <RegionField />
        <SelectField name="sslMode" label="SSL mode" choices={sslChoices} hint={SSL_HINTS[sslMode]} className="span-2" />
      </div>
    </fieldset>
  );
}
