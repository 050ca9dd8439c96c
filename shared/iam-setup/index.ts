/**
 * The IAM setup assistant's text generators: the `rds-db:connect` policy, the SQL that creates an
 * IAM database user, and the AWS CLI commands around them. Pure functions, no I/O; the renderer's
 * panel renders and copies what they return.
 */
export { awsCliCommands, policyArnWord, shellCommand, type AwsCliCommand, type AwsCliInput, type AwsCliStepId, type IamPrincipal } from './aws-cli';
export { buildIamSetupPlan, type IamSetupField, type IamSetupInput, type IamSetupPlan } from './plan';
export { principalOfArn, type ArnPrincipal } from './principal';
export {
  connectPolicy,
  connectPolicyJson,
  escapePolicyText,
  POLICY_SID,
  POLICY_VERSION,
  rdsDbUserArn,
  WILDCARD,
  type ConnectPolicyDocument,
  type ConnectResource,
  type ConnectStatement,
} from './policy';
export {
  buildSetupSql,
  createUserStatements,
  SCHEMA_PRIVILEGE_LABELS,
  SCHEMA_PRIVILEGES,
  schemaGrantStatements,
  type SchemaGrant,
  type SchemaPrivilege,
  type SetupSqlInput,
} from './setup-sql';
export { identifierProblem, MAX_IDENTIFIER_BYTES, quoteIdent, roleNameProblem, utf8Length } from './sql-identifier';
export {
  identifierFromEndpoint,
  inferTarget,
  RESOURCE_ID_FACTS,
  RESOURCE_KIND_LABELS,
  RESOURCE_KINDS,
  resourceKindOf,
  type InferredTarget,
  type ResourceIdFacts,
  type ResourceKind,
} from './target';
export {
  ACCOUNT_ID_PATTERN,
  accountIdProblem,
  defaultPolicyName,
  iamPrincipalNameProblem,
  policyNameProblem,
  rdsIdentifierProblem,
  resourceIdProblem,
} from './validation';
