/** The Connection section: what the DSN is called and used for, who connects where, and its tags. */
import type { ChangeEvent } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { DSN_ENVIRONMENTS, ENVIRONMENT_LABELS } from '../../../../shared/dsn';
import { SelectField, TextField, type SelectOption } from './Field';
import type { DsnFormValues, FormFieldPath } from './form-values';
import { RegionField } from './RegionField';
import { useRegionAuto } from './region-auto';
import { suggestedDsnName as suggestedName } from '../../../../shared/dsn';
import { TagsField } from './TagsField';
import { signingHostNote } from '../../../../shared/host';

const AUTH_CHOICES: SelectOption[] = [
  { value: 'iam', label: 'IAM token' },
  { value: 'database', label: 'Database password' },
];

const ENVIRONMENT_CHOICES: SelectOption[] = DSN_ENVIRONMENTS.map((value) => ({ value, label: ENVIRONMENT_LABELS[value] }));

export function ConnectionFields() {
  const { control, getValues, getFieldState, trigger, formState } = useFormContext<DsnFormValues>();
  const regionAuto = useRegionAuto();
  const [authType, user, server] = useWatch({ control, name: ['authType', 'user', 'server'] });
  const iam = authType === 'iam';

  return (
    <fieldset className="form-section">
      <legend>Connection</legend>
      <div className="grid">
        <TextField name="name" label="Name" className="span-2" placeholder={suggestedName({ user, server })} hint="Empty: user@host." />
        <SelectField name="environment" label="Environment" choices={ENVIRONMENT_CHOICES} className="span-1" />
        <SelectField
          name="authType"
          label="Authentication"
          choices={AUTH_CHOICES}
          className="span-1"
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
          hint={iam ? serverHint(server) : undefined}
          onValueChange={(event: ChangeEvent<HTMLInputElement>) => regionAuto.serverChanged(event.target.value)}
        />
        <TextField name="port" label="Port" numeric className="span-1" />
        <TextField name="user" label="User name" className="span-2" hint={iam ? 'A database user granted rds_iam.' : undefined} />
        <TextField name="database" label="Database" className="span-1" />
        <RegionField className="span-1" />
        <TagsField />
      </div>
    </fieldset>
  );
}

/** The Server hint of an IAM DSN, with the spelling the token is signed for when it differs (shared/host.ts). */
function serverHint(server: string): string {
  const note = signingHostNote(server);
  return `The endpoint host name: the token is signed for it.${note === undefined ? '' : ` ${note}`}`;
}
