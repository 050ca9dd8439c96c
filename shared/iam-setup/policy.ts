/**
 * The identity-based IAM policy that lets a principal connect as one database user with an IAM
 * token: `rds-db:connect` on `arn:<partition>:rds-db:<region>:<account>:dbuser:<resource-id>/<db-user>`.
 */
import { partitionOf } from '../region';

/** The policy grammar version; policy variables (and the `${*}` escapes) need this one. */
export const POLICY_VERSION = '2012-10-17';
/** The statement id of the generated policy (IAM allows only ASCII letters and digits). */
export const POLICY_SID = 'AllowRdsIamConnect';
/** Stands for "any" in the account or resource-id part of the ARN when the user leaves it empty. */
export const WILDCARD = '*';

/** What the `rds-db:connect` resource is made of. */
export interface ConnectResource {
  /** AWS region code, e.g. `us-east-1`; it also chooses the partition. */
  region: string;
  /** 12-digit AWS account ID; empty or undefined means any (`*`). */
  accountId?: string;
  /** `db-…` (instance), `cluster-…` (Aurora cluster) or `prx-…` (RDS Proxy); empty or undefined means any (`*`). */
  resourceId?: string;
  /** The PostgreSQL user name exactly as the token is signed for it. */
  dbUser: string;
}

/** One statement of the generated policy. */
export interface ConnectStatement {
  Sid: string;
  Effect: 'Allow';
  Action: 'rds-db:connect';
  Resource: string;
}

/** The generated policy document. */
export interface ConnectPolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: [ConnectStatement];
}

/**
 * Escapes text for an IAM policy string: `*` and `?` are wildcards there and `${…}` a policy
 * variable, so a literal `*`, `?` or `$` is written as `${*}`, `${?}` or `${$}`.
 */
export function escapePolicyText(text: string): string {
  return text.replace(/[*?$]/g, (c) => `\${${c}}`);
}

function orWildcard(value: string | undefined): string {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? WILDCARD : trimmed;
}

/**
 * The `rds-db` ARN of a database user: `arn:<partition>:rds-db:<region>:<account>:dbuser:<resource-id>/<db-user>`.
 * The partition follows the region (`aws`, `aws-cn`, `aws-us-gov`); a missing account or resource
 * id becomes `*`; wildcard characters in the user name are escaped so they match only themselves.
 */
export function rdsDbUserArn(resource: ConnectResource): string {
  const { region, dbUser } = resource;
  return `arn:${partitionOf(region)}:rds-db:${region}:${orWildcard(resource.accountId)}:dbuser:${orWildcard(resource.resourceId)}/${escapePolicyText(dbUser)}`;
}

/** The policy document allowing `rds-db:connect` as {@link rdsDbUserArn}`(resource)`. */
export function connectPolicy(resource: ConnectResource): ConnectPolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Sid: POLICY_SID, Effect: 'Allow', Action: 'rds-db:connect', Resource: rdsDbUserArn(resource) }],
  };
}

/** {@link connectPolicy} as pretty-printed JSON (two-space indent, trailing newline), ready for policy.json. */
export function connectPolicyJson(resource: ConnectResource): string {
  return `${JSON.stringify(connectPolicy(resource), null, 2)}\n`;
}
