/**
 * Checks of the IAM setup's own inputs. Each returns the message to show, or `undefined` when the
 * value is fine. Optional fields accept the empty string.
 */
import { RESOURCE_ID_FACTS, type ResourceKind } from './target';

/** An AWS account ID: exactly 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** Characters IAM allows in role, user and policy names. */
const IAM_NAME = /^[\w+=,.@-]+$/;
/** RDS instance and cluster identifiers and proxy names: a letter, then letters, digits and single hyphens, no hyphen at the end. */
const RDS_IDENTIFIER = /^[A-Za-z](?:-?[A-Za-z0-9])*$/;

const RESOURCE_ID_BODY: Record<ResourceKind, RegExp> = {
  // DbiResourceId and DbClusterResourceId are upper-case letters and digits.
  instance: /^db-[A-Z0-9]+$/,
  cluster: /^cluster-[A-Z0-9]+$/,
  // A proxy's id, the end of its ARN, is lower-case hex in practice; accept either case.
  proxy: /^prx-[A-Za-z0-9]+$/,
};

/** Optional: 12 digits (spaces and dashes as the console shows them, `1234-5678-9012`, are not accepted). */
export function accountIdProblem(value: string): string | undefined {
  if (value === '' || ACCOUNT_ID_PATTERN.test(value)) return undefined;
  return 'AWS account ID must be exactly 12 digits, e.g. 123456789012';
}

const KIND_NOUN: Record<ResourceKind, string> = { instance: 'DB instance', cluster: 'DB cluster', proxy: 'proxy' };

/** Optional: the resource ID of the `kind`: `db-…`, `cluster-…` or `prx-…`. */
export function resourceIdProblem(value: string, kind: ResourceKind): string | undefined {
  if (value === '' || RESOURCE_ID_BODY[kind].test(value)) return undefined;
  const facts = RESOURCE_ID_FACTS[kind];
  if (kind !== 'proxy' && value.toLowerCase().startsWith(facts.prefix) && /^[A-Za-z0-9]+$/.test(value.slice(facts.prefix.length))) {
    return `A ${facts.attribute} is "${facts.prefix}" then capital letters and digits, e.g. ${facts.example}`;
  }
  const other = (Object.keys(RESOURCE_ID_BODY) as ResourceKind[]).find((k) => k !== kind && RESOURCE_ID_BODY[k].test(value));
  if (other !== undefined) {
    return `That is a ${KIND_NOUN[other]} resource ID; a ${KIND_NOUN[kind]} resource ID starts with "${facts.prefix}", e.g. ${facts.example}`;
  }
  return `Resource ID must be "${facts.prefix}" then letters and digits, e.g. ${facts.example} (the ${facts.attribute}, not the name)`;
}

/** Required: an instance or cluster identifier or proxy name, 1–63 characters. */
export function rdsIdentifierProblem(value: string, label: string): string | undefined {
  if (value === '') return `${label} is required`;
  if (value.length > 63) return `${label} is at most 63 characters`;
  if (!RDS_IDENTIFIER.test(value)) return `${label} must start with a letter and use only letters, digits and single hyphens, not ending with a hyphen`;
  return undefined;
}

/** Optional: an IAM role or user name (1–64 of letters, digits and `_+=,.@-`). */
export function iamPrincipalNameProblem(value: string, label: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 64) return `${label} is at most 64 characters`;
  if (!IAM_NAME.test(value)) return `${label} may use letters, digits and _+=,.@- only`;
  return undefined;
}

/** Required: an IAM policy name (1–128 of letters, digits and `_+=,.@-`). */
export function policyNameProblem(value: string): string | undefined {
  if (value === '') return 'Policy name is required';
  if (value.length > 128) return 'Policy name is at most 128 characters';
  if (!IAM_NAME.test(value)) return 'Policy name may use letters, digits and _+=,.@- only';
  return undefined;
}

/**
 * A default policy name: `rds-db-connect-<identifier>-<db user>`, characters IAM does not allow
 * replaced by `_`, at most 128 characters.
 */
export function defaultPolicyName(identifier: string, dbUser: string): string {
  const parts = ['rds-db-connect', identifier, dbUser].filter((p) => p !== '');
  return parts
    .join('-')
    .replace(/[^\w+=,.@-]/g, '_')
    .slice(0, 128);
}
