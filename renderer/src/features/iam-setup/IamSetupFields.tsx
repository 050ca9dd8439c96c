/** The IAM setup panel's own inputs: resource type and identifier, account and resource ID, principal, policy name, schema grant. */
import { useId, type ReactNode } from 'react';
import {
  RESOURCE_ID_FACTS,
  RESOURCE_KIND_LABELS,
  RESOURCE_KINDS,
  SCHEMA_PRIVILEGE_LABELS,
  SCHEMA_PRIVILEGES,
  type IamSetupField,
  type IamSetupPlan,
  type ResourceKind,
  type SchemaPrivilege,
} from '../../../../shared/iam-setup';
import type { SetupValues } from './setup-values';

interface TextInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
  className?: string;
  numeric?: boolean;
}

function TextInput({ label, value, onChange, onBlur, error, hint, placeholder, className, numeric = false }: TextInputProps) {
  const id = useId();
  const describedBy = [hint !== undefined ? `${id}-hint` : '', error !== undefined ? `${id}-error` : ''].filter((s) => s !== '').join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        placeholder={placeholder}
        inputMode={numeric ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      {hint !== undefined && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface SelectProps<T extends string> {
  label: string;
  value: T;
  options: readonly T[];
  labels: Record<T, string>;
  onChange: (value: T) => void;
  hint?: ReactNode;
  className?: string;
}

function Select<T extends string>({ label, value, options, labels, onChange, hint, className }: SelectProps<T>) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-describedby={hint !== undefined ? `${id}-hint` : undefined} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {labels[option]}
          </option>
        ))}
      </select>
      {hint !== undefined && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

const PRINCIPAL_TYPES = ['role', 'user'] as const;
const PRINCIPAL_LABELS: Record<'role' | 'user', string> = { role: 'IAM role', user: 'IAM user' };

/** The inputs of one step: the target (step 1), the schema grant (the database user), the policy's resource, the principal. */
export type SetupFieldGroup = 'target' | 'schema' | 'resource' | 'principal';

interface IamSetupFieldsProps {
  group: SetupFieldGroup;
  values: SetupValues;
  plan: IamSetupPlan;
  /** The errors to show now (touched fields, and the derived ones). */
  errors: Partial<Record<IamSetupField, string>>;
  onChange: (patch: Partial<SetupValues>) => void;
  onBlur: (field: IamSetupField) => void;
}

/** The inputs of one step; labels follow the resource kind. */
export function IamSetupFields({ group, values, plan, errors, onChange, onBlur }: IamSetupFieldsProps) {
  const facts = RESOURCE_ID_FACTS[plan.kind];
  const schemaId = useId();
  const kindHint =
    plan.inferredKind === undefined ? (
      'Not detected from the server name: choose.'
    ) : (
      <span className="detected">Detected from the server name: {RESOURCE_KIND_LABELS[plan.inferredKind]}</span>
    );
  if (group === 'target') {
    return (
      <div className="grid iam-setup-fields">
      <Select<ResourceKind>
        label="Resource type"
        value={plan.kind}
        options={RESOURCE_KINDS}
        labels={RESOURCE_KIND_LABELS}
        onChange={(kind) => onChange({ kind })}
        hint={kindHint}
      />
      <TextInput
        label={facts.identifierLabel}
        value={values.identifier ?? plan.identifier}
        onChange={(identifier) => onChange({ identifier })}
        onBlur={() => onBlur('identifier')}
        error={errors.identifier}
        hint="From the server name's first label; used by the AWS CLI commands."
      />
      </div>
    );
  }
  if (group === 'resource') {
    return (
      <div className="grid iam-setup-fields">
      <TextInput
        label="AWS account ID"
        value={values.accountId}
        numeric
        placeholder="123456789012"
        onChange={(accountId) => onChange({ accountId })}
        onBlur={() => onBlur('accountId')}
        error={errors.accountId}
        hint="Optional, 12 digits. Empty: * (any account)."
      />
      <TextInput
        label={facts.label}
        value={values.resourceId}
        placeholder={facts.example}
        onChange={(resourceId) => onChange({ resourceId })}
        onBlur={() => onBlur('resourceId')}
        error={errors.resourceId}
        hint="Optional. Empty: * (every database in the region). The command above finds it."
      />
      <TextInput
        label="Policy name"
        value={values.policyName}
        placeholder={plan.policyName}
        onChange={(policyName) => onChange({ policyName })}
        onBlur={() => onBlur('policyName')}
        error={errors.policyName}
        hint="Empty: the name shown."
      />
      </div>
    );
  }
  if (group === 'principal') {
    return (
      <div className="grid iam-setup-fields">
      <Select<'role' | 'user'>
        label="Attach the policy to"
        value={values.principalType}
        options={PRINCIPAL_TYPES}
        labels={PRINCIPAL_LABELS}
        onChange={(principalType) => onChange({ principalType })}
        className="span-1"
      />
      <TextInput
        label={values.principalType === 'role' ? 'IAM role name' : 'IAM user name'}
        value={values.principalName}
        onChange={(principalName) => onChange({ principalName })}
        onBlur={() => onBlur('principalName')}
        error={errors.principalName}
        hint="Optional: the name (not the ARN), for the attach command."
        className="span-1"
      />
      </div>
    );
  }
  return (
    <div className="grid iam-setup-fields">
      <div className="field field-checkbox span-4">
        <input id={`${schemaId}-grant`} type="checkbox" checked={values.grantSchema} onChange={(event) => onChange({ grantSchema: event.target.checked })} />
        <label htmlFor={`${schemaId}-grant`}>Also grant access to a schema</label>
      </div>
      {values.grantSchema && (
        <>
          <TextInput label="Schema" value={values.schema} onChange={(schema) => onChange({ schema })} onBlur={() => onBlur('schema')} error={errors.schema} />
          <Select<SchemaPrivilege>
            label="Schema privileges"
            value={values.privilege}
            options={SCHEMA_PRIVILEGES}
            labels={SCHEMA_PRIVILEGE_LABELS}
            onChange={(privilege) => onChange({ privilege })}
          />
        </>
      )}
    </div>
  );
}
