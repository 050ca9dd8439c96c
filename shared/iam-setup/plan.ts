/**
 * The whole IAM setup for one DSN, from the DSN's fields and the assistant's own inputs: field
 * errors, the `*` warnings, notes, and each generated text (policy, SQL, AWS CLI commands) when
 * the inputs it needs are valid. Pure; the panel only renders it.
 */
import { isRegionCode, partitionOf, type RdsEndpointInfo } from '../region';
import { awsCliCommands, type AwsCliCommand, type IamPrincipal } from './aws-cli';
import { connectPolicyJson, rdsDbUserArn } from './policy';
import { buildSetupSql, type SchemaGrant } from './setup-sql';
import { identifierProblem, roleNameProblem } from './sql-identifier';
import { inferTarget, RESOURCE_ID_FACTS, RESOURCE_KIND_LABELS, type ResourceKind } from './target';
import { accountIdProblem, defaultPolicyName, iamPrincipalNameProblem, policyNameProblem, rdsIdentifierProblem, resourceIdProblem } from './validation';

/** The DSN's fields and the panel's own, as typed (trimmed here). */
export interface IamSetupInput {
  /** The DSN's server (endpoint host name), user and region, as typed. */
  server: string;
  user: string;
  region: string;
  /** The DSN's database (where the schema grants must run). */
  database: string;
  /** Overrides the resource kind inferred from the server name. */
  kind?: ResourceKind;
  /** Overrides the identifier taken from the server name's first label. */
  identifier?: string;
  /** Optional (empty: `*`). */
  accountId: string;
  /** Optional (empty: `*`). */
  resourceId: string;
  /** The role or user to attach the policy to; an empty name leaves out the attach command. */
  principal: IamPrincipal;
  /** Empty: {@link defaultPolicyName}. */
  policyName: string;
  /** Schema access to grant; undefined for none. */
  schemaGrant?: SchemaGrant;
}

/** Inputs that can be wrong: the panel's fields, and the DSN's region and user. */
export type IamSetupField = 'region' | 'user' | 'identifier' | 'accountId' | 'resourceId' | 'principalName' | 'policyName' | 'schema';

/** Everything the panel shows, from {@link buildIamSetupPlan}. */
export interface IamSetupPlan {
  kind: ResourceKind;
  /** The kind the server name tells; undefined when it is not an RDS endpoint name. */
  inferredKind: ResourceKind | undefined;
  endpoint: RdsEndpointInfo | undefined;
  /** The region used (the DSN's, else the endpoint's); '' when neither is valid. */
  region: string;
  partition: RdsEndpointInfo['partition'];
  identifier: string;
  /** The policy name used (typed, or the default). */
  policyName: string;
  errors: Partial<Record<IamSetupField, string>>;
  /** What an empty account ID or resource ID turns into `*`, one sentence each. */
  wildcardWarnings: string[];
  /** About the target: not an RDS name, proxy, custom endpoint. */
  targetNotes: string[];
  /** About running the SQL. */
  sqlNotes: string[];
  /** Present when the region, user, account ID and resource ID are valid. */
  policy?: { json: string; resourceArn: string };
  /** Present when the user (and schema, if any) are valid. */
  sql?: string;
  /** Present when the region, identifier and policy name are valid; the attach command needs a valid account ID (or none) and principal name too. */
  commands?: AwsCliCommand[];
}

function targetNotes(input: IamSetupInput, plan: Pick<IamSetupPlan, 'kind' | 'endpoint'>): string[] {
  const notes: string[] = [];
  if (plan.endpoint === undefined && input.server.trim() !== '') {
    notes.push('Server is not an RDS endpoint name (…rds.amazonaws.com), so the resource type and identifier are guesses: check them.');
  }
  if (plan.endpoint?.kind === 'cluster-custom') {
    notes.push("Server is an Aurora custom endpoint: its first label is the endpoint's name, not the cluster's. The first command finds the cluster.");
  }
  if (plan.endpoint?.kind === 'proxy-endpoint') {
    notes.push("Server is an endpoint of an RDS Proxy: its first label is the endpoint's name, not the proxy's. The first command finds the proxy.");
  }
  if (plan.kind === 'proxy') {
    notes.push("RDS Proxy: clients' IAM authentication is configured on the proxy, and the policy's resource ID is the proxy's prx-… ID, not the database's.");
  }
  if (plan.kind === 'instance') {
    notes.push("For an instance of an Aurora cluster, IAM uses the cluster's resource ID: choose Aurora DB cluster.");
  }
  return notes;
}

function sqlNotes(input: IamSetupInput, kind: ResourceKind): string[] {
  const database = input.database.trim() === '' ? 'the DSN’s database' : `“${input.database.trim()}”`;
  const notes = [
    `Run it connected as the master user (or another role that can CREATE ROLE and grant rds_iam), with its password, to ${database}: schema grants apply only in that database.`,
    'On RDS, a member of rds_iam can log in only with an IAM token, no longer with a password. If the user exists already, skip CREATE USER.',
  ];
  if (input.schemaGrant !== undefined) {
    notes.push('ALTER DEFAULT PRIVILEGES covers tables that the role running it creates later; for tables another role creates, run it as that role too.');
  }
  if (kind === 'proxy') {
    notes.push("Behind an RDS Proxy that logs in with a Secrets Manager secret, the database user logs in with the secret's password: do not grant it rds_iam (only for end-to-end IAM).");
  }
  return notes;
}

/** Builds the plan. Never throws: problems are in `errors`, and the texts they block are left out. */
export function buildIamSetupPlan(input: IamSetupInput): IamSetupPlan {
  const inferred = inferTarget(input.server);
  const kind = input.kind ?? inferred.kind;
  const facts = RESOURCE_ID_FACTS[kind];
  const identifier = (input.identifier ?? inferred.identifier).trim();
  const dsnRegion = input.region.trim();
  const region = isRegionCode(dsnRegion) ? dsnRegion : dsnRegion === '' ? (inferred.endpoint?.region ?? '') : '';
  const user = input.user.trim();
  const accountId = input.accountId.trim();
  const resourceId = input.resourceId.trim();
  const principalName = input.principal.name.trim();
  const typedPolicyName = input.policyName.trim();
  const policyName = typedPolicyName === '' ? defaultPolicyName(identifier, user) : typedPolicyName;

  const errors: IamSetupPlan['errors'] = {};
  const set = (field: IamSetupField, problem: string | undefined) => {
    if (problem !== undefined) errors[field] = problem;
  };
  set('region', region === '' ? 'Set the DSN’s Region to an AWS region code such as us-east-1' : undefined);
  set('user', roleNameProblem(user, 'The DSN’s User name'));
  set('identifier', rdsIdentifierProblem(identifier, facts.identifierLabel));
  set('accountId', accountIdProblem(accountId));
  set('resourceId', resourceIdProblem(resourceId, kind));
  set('principalName', iamPrincipalNameProblem(principalName, input.principal.type === 'role' ? 'IAM role name' : 'IAM user name'));
  set('policyName', policyNameProblem(policyName));
  if (input.schemaGrant !== undefined) set('schema', identifierProblem(input.schemaGrant.schema.trim(), 'Schema'));
  const ok = (...fields: IamSetupField[]) => fields.every((f) => errors[f] === undefined);

  const wildcardWarnings: string[] = [];
  if (resourceId === '') {
    wildcardWarnings.push(
      `No resource ID: the policy uses * and allows connecting as this user to every database (every DB instance, cluster and proxy) in ${region === '' ? 'the region' : region} of the account. Enter the ${facts.attribute === 'DBProxyArn' ? 'proxy’s prx-… ID' : facts.attribute} to allow only this ${RESOURCE_KIND_LABELS[kind]}.`,
    );
  }
  if (accountId === '') {
    wildcardWarnings.push('No AWS account ID: the policy uses * for the account, so it matches databases with that user name in any account, not only yours.');
  }

  const plan: IamSetupPlan = {
    kind,
    inferredKind: inferred.endpoint === undefined ? undefined : inferred.kind,
    endpoint: inferred.endpoint,
    region,
    partition: partitionOf(region),
    identifier,
    policyName,
    errors,
    wildcardWarnings,
    targetNotes: targetNotes(input, { kind, endpoint: inferred.endpoint }),
    sqlNotes: sqlNotes(input, kind),
  };
  if (ok('region', 'user', 'accountId', 'resourceId')) {
    const resource = { region, accountId, resourceId, dbUser: user };
    plan.policy = { json: connectPolicyJson(resource), resourceArn: rdsDbUserArn(resource) };
  }
  if (ok('user', 'schema')) {
    const grant = input.schemaGrant === undefined ? undefined : { ...input.schemaGrant, schema: input.schemaGrant.schema.trim() };
    plan.sql = buildSetupSql({ dbUser: user, schemaGrant: grant });
  }
  if (ok('region', 'identifier', 'policyName')) {
    plan.commands = awsCliCommands({
      kind,
      identifier,
      region,
      accountId,
      policyName,
      // The attach command names the policy by an ARN with the account in it.
      principal: ok('principalName', 'accountId') ? { type: input.principal.type, name: principalName } : undefined,
      customEndpointName: inferred.endpoint?.kind === 'cluster-custom' && kind === 'cluster' ? inferred.identifier : undefined,
      proxyEndpointName: inferred.endpoint?.kind === 'proxy-endpoint' && kind === 'proxy' ? inferred.identifier : undefined,
    });
  }
  return plan;
}
