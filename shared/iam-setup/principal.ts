/**
 * Who an ARN names, for the IAM setup: the account and the role or user the connect policy is
 * attached to. A role ARN, an assumed-role session (what STS GetCallerIdentity answers for a
 * role) and an IAM user ARN are read; anything else (root, federated user) names no principal.
 */

/** The principal an ARN names: its account, and the role or user (undefined for root and the like). */
export interface ArnPrincipal {
  accountId: string;
  principal?: { type: 'role' | 'user'; name: string } | undefined;
}

const ARN = /^arn:aws(?:-cn|-us-gov|-iso[a-z-]*)?:(iam|sts)::(\d{12}):(.+)$/;

/** Reads an IAM or STS ARN; undefined when it is not one. */
export function principalOfArn(arn: string | undefined): ArnPrincipal | undefined {
  const match = ARN.exec(arn?.trim() ?? '');
  if (match === null) return undefined;
  const [, service, accountId = '', resource = ''] = match;
  const parts = resource.split('/');
  if (service === 'iam' && parts[0] === 'role' && parts.length > 1) return { accountId, principal: { type: 'role', name: parts[parts.length - 1] ?? '' } };
  if (service === 'iam' && parts[0] === 'user' && parts.length > 1) return { accountId, principal: { type: 'user', name: parts[parts.length - 1] ?? '' } };
  // arn:aws:sts::123456789012:assumed-role/RoleName/session-name
  if (service === 'sts' && parts[0] === 'assumed-role' && parts[1] !== undefined && parts[1] !== '') return { accountId, principal: { type: 'role', name: parts[1] } };
  return { accountId };
}
