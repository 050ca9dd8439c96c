/** What the IAM setup panel holds (its own fields, as typed) and how it becomes the plan's input. */
import type { IamSetupInput, ResourceKind, SchemaPrivilege } from '../../../../shared/iam-setup';

/** The panel's fields. `undefined` kind or identifier: follow the DSN's server name. */
export interface SetupValues {
  kind: ResourceKind | undefined;
  identifier: string | undefined;
  accountId: string;
  resourceId: string;
  principalType: 'role' | 'user';
  principalName: string;
  policyName: string;
  grantSchema: boolean;
  schema: string;
  privilege: SchemaPrivilege;
}

/** A new panel: everything empty, kind and identifier from the server name, read-only on public. */
export const INITIAL_SETUP_VALUES: SetupValues = {
  kind: undefined,
  identifier: undefined,
  accountId: '',
  resourceId: '',
  principalType: 'role',
  principalName: '',
  policyName: '',
  grantSchema: false,
  schema: 'public',
  privilege: 'read-only',
};

/** The DSN fields the setup uses, as the form holds them now. */
export interface DsnTarget {
  server: string;
  user: string;
  region: string;
  database: string;
}

/** The plan's input from the DSN's fields and the panel's. */
export function toPlanInput(dsn: DsnTarget, values: SetupValues): IamSetupInput {
  return {
    ...dsn,
    kind: values.kind,
    identifier: values.identifier,
    accountId: values.accountId,
    resourceId: values.resourceId,
    principal: { type: values.principalType, name: values.principalName },
    policyName: values.policyName,
    schemaGrant: values.grantSchema ? { schema: values.schema, privilege: values.privilege } : undefined,
  };
}
