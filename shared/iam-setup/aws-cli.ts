/**
 * The AWS CLI commands of the IAM setup: turn IAM database authentication on, find the resource
 * ID, create the connect policy and attach it to a role or user. Every argument is quoted for a
 * POSIX shell (sh, bash, zsh), so hostile names stay single words.
 */
import { shellQuote } from '../formats/quoting';
import { partitionOf } from '../region';
import type { ResourceKind } from './target';

/** Who gets the policy. */
export interface IamPrincipal {
  type: 'role' | 'user';
  name: string;
}

/** What {@link awsCliCommands} generates the commands for. */
export interface AwsCliInput {
  kind: ResourceKind;
  /** The DB instance or cluster identifier, or the proxy name. */
  identifier: string;
  region: string;
  /** 12-digit account; empty or undefined: the policy ARN asks `aws sts get-caller-identity` for it. */
  accountId?: string;
  policyName: string;
  /** Undefined (or an empty name): no attach command. */
  principal?: IamPrincipal;
  /** Set when the server is an Aurora custom endpoint: its name, whose cluster must be looked up. */
  customEndpointName?: string;
  /** Set when the server is an RDS Proxy's own endpoint: its name, whose proxy must be looked up. */
  proxyEndpointName?: string;
}

/** Which step a command is (the panel groups and names them by it). */
export type AwsCliStepId = 'find-cluster' | 'find-proxy' | 'enable-iam' | 'proxy-end-to-end' | 'find-resource-id' | 'master-user' | 'create-policy' | 'attach-policy';

/** One command to copy, with what it does. */
export interface AwsCliCommand {
  id: AwsCliStepId;
  title: string;
  /** One line for a POSIX shell. */
  command: string;
  note?: string;
}

/** Joins words into one POSIX shell command line, each quoted as needed. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

const DESCRIBE: Record<Exclude<ResourceKind, 'proxy'>, { command: string; flag: string; list: string; resourceId: string }> = {
  instance: { command: 'describe-db-instances', flag: '--db-instance-identifier', list: 'DBInstances', resourceId: 'DbiResourceId' },
  cluster: { command: 'describe-db-clusters', flag: '--db-cluster-identifier', list: 'DBClusters', resourceId: 'DbClusterResourceId' },
};

function databaseSteps(input: AwsCliInput, kind: Exclude<ResourceKind, 'proxy'>): AwsCliCommand[] {
  const { identifier, region } = input;
  const d = DESCRIBE[kind];
  const modify = kind === 'instance' ? 'modify-db-instance' : 'modify-db-cluster';
  const noun = kind === 'instance' ? 'DB instance' : 'DB cluster';
  return [
    {
      id: 'enable-iam',
      title: `Turn on IAM database authentication for the ${noun}`,
      command: shellCommand(['aws', 'rds', modify, d.flag, identifier, '--enable-iam-database-authentication', '--apply-immediately', '--region', region]),
      note: 'Takes effect in a few minutes without a restart. Without --apply-immediately it waits for the next maintenance window.',
    },
    {
      id: 'find-resource-id',
      title: `Find the ${noun}'s resource ID (${d.resourceId})`,
      command: shellCommand(['aws', 'rds', d.command, d.flag, identifier, '--query', `${d.list}[0].${d.resourceId}`, '--output', 'text', '--region', region]),
      note: `Paste it into "Resource ID" above. It is not the ${kind === 'instance' ? 'instance' : 'cluster'} name: it starts with ${kind === 'instance' ? 'db-' : 'cluster-'}.`,
    },
    {
      id: 'master-user',
      title: 'Find the master user name (to run the SQL below)',
      command: shellCommand(['aws', 'rds', d.command, d.flag, identifier, '--query', `${d.list}[0].MasterUsername`, '--output', 'text', '--region', region]),
    },
  ];
}

function proxySteps(input: AwsCliInput): AwsCliCommand[] {
  const { identifier, region } = input;
  const name = ['--db-proxy-name', identifier];
  return [
    {
      id: 'enable-iam',
      title: "Check the proxy's IAM authentication",
      command: shellCommand(['aws', 'rds', 'describe-db-proxies', ...name, '--query', 'DBProxies[0].{DefaultAuthScheme:DefaultAuthScheme,IAMAuth:Auth[*].IAMAuth}', '--region', region]),
      note: 'For an RDS Proxy, IAM authentication of clients is configured on the proxy, not on the database: IAMAuth must be REQUIRED for the secret of this user (console: Proxies → Modify → Authentication), or DefaultAuthScheme IAM_AUTH (end-to-end IAM).',
    },
    {
      id: 'proxy-end-to-end',
      title: 'Optional: end-to-end IAM (the proxy logs in to the database with IAM too)',
      command: shellCommand(['aws', 'rds', 'modify-db-proxy', ...name, '--default-auth-scheme', 'IAM_AUTH', '--region', region]),
      note: "Only if the proxy's IAM role may rds-db:connect to the database, the database has IAM authentication on, and the user is granted rds_iam. With secrets (the classic setup) the proxy logs in with the secret's password instead.",
    },
    {
      id: 'find-resource-id',
      title: "Find the proxy's resource ID",
      command: shellCommand(['aws', 'rds', 'describe-db-proxies', ...name, '--query', 'DBProxies[0].DBProxyArn', '--output', 'text', '--region', region]),
      note: 'The resource ID is the prx-… after the last colon of the ARN; paste it into "Resource ID" above.',
    },
  ];
}

/**
 * The policy's ARN as one shell word: literal with an account ID, else with the account filled in
 * by `aws sts get-caller-identity` (the account of the credentials running the command).
 */
export function policyArnWord(input: Pick<AwsCliInput, 'region' | 'accountId' | 'policyName'>): string {
  const partition = partitionOf(input.region);
  const account = input.accountId?.trim() ?? '';
  if (account !== '') return shellQuote(`arn:${partition}:iam::${account}:policy/${input.policyName}`);
  const lookup = shellCommand(['aws', 'sts', 'get-caller-identity', '--query', 'Account', '--output', 'text', '--region', input.region]);
  return `"arn:${partition}:iam::$(${lookup}):policy/"${shellQuote(input.policyName)}`;
}

/**
 * `--region` for an IAM command: IAM is global, so none in the commercial partition; in the China
 * and GovCloud partitions a region of the partition is what points the CLI at its IAM endpoint.
 */
function iamRegionArgs(region: string): string[] {
  return partitionOf(region) === 'aws' ? [] : ['--region', region];
}

/** The commands, in the order to run them. */
export function awsCliCommands(input: AwsCliInput): AwsCliCommand[] {
  const { region, policyName, principal } = input;
  const steps: AwsCliCommand[] = [];
  if (input.customEndpointName !== undefined) {
    steps.push({
      id: 'find-cluster',
      title: 'Find the cluster of the custom endpoint',
      command: shellCommand(['aws', 'rds', 'describe-db-cluster-endpoints', '--db-cluster-endpoint-identifier', input.customEndpointName, '--query', 'DBClusterEndpoints[0].DBClusterIdentifier', '--output', 'text', '--region', region]),
      note: "The server is an Aurora custom endpoint: its first label names the endpoint, not the cluster. Put the cluster's identifier in the field above.",
    });
  }
  if (input.proxyEndpointName !== undefined) {
    steps.push({
      id: 'find-proxy',
      title: 'Find the proxy of the proxy endpoint',
      command: shellCommand(['aws', 'rds', 'describe-db-proxy-endpoints', '--db-proxy-endpoint-name', input.proxyEndpointName, '--query', 'DBProxyEndpoints[0].DBProxyName', '--output', 'text', '--region', region]),
      note: "The server is an endpoint of an RDS Proxy: its first label names the endpoint, not the proxy. Put the proxy's name in the field above.",
    });
  }
  steps.push(...(input.kind === 'proxy' ? proxySteps(input) : databaseSteps(input, input.kind)));
  steps.push({
    id: 'create-policy',
    title: 'Create the IAM policy',
    command: shellCommand(['aws', 'iam', 'create-policy', '--policy-name', policyName, '--policy-document', 'file://policy.json', ...iamRegionArgs(region)]),
    note: `Save the policy above as policy.json in the current directory first.${partitionOf(region) === 'aws' ? ' IAM is global: no --region.' : ` --region ${region} points the CLI at the ${partitionOf(region)} partition's IAM.`}`,
  });
  if (principal !== undefined && principal.name !== '') {
    const attach = principal.type === 'role' ? ['attach-role-policy', '--role-name'] : ['attach-user-policy', '--user-name'];
    steps.push({
      id: 'attach-policy',
      title: `Attach it to the IAM ${principal.type}`,
      command: [shellCommand(['aws', 'iam', ...attach, principal.name]), '--policy-arn', policyArnWord(input), ...iamRegionArgs(region).map((w) => shellCommand([w]))].join(' '),
    });
  }
  return steps;
}
