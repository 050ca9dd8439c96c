/**
 * The checklist shown when the server refuses an IAM token. Its SQL quotes identifiers as the IAM
 * setup assistant does (shared/iam-setup/sql-identifier.ts: only when PostgreSQL needs it), so
 * the hint and the assistant say the same `GRANT rds_iam TO iam_user;`.
 */
import type { TokenFacts } from '../../../../shared/connection-test';
import { type Dsn, socketTarget } from '../../../../shared/dsn';
import { signingHost } from '../../../../shared/host';
import { quoteIdent } from '../../../../shared/iam-setup/sql-identifier';
import { partitionOf, parseRdsEndpoint, regionFromEndpoint } from '../../../../shared/region';
import { RESOURCE_ID_FACTS, resourceKindOf } from '../../../../shared/iam-setup/target';

/**
 * What the checklist leaves out because it is known already: `grant` when the user is known to be
 * in rds_iam (RDS checks only members' tokens by PAM), `region` when the region is the cause the
 * report names (said once, not four times), `clock` when the checks on this computer show it.
 */
export interface ChecklistKnown {
  grant?: boolean | undefined;
  region?: boolean | undefined;
  clock?: boolean | undefined;
}

/** Numbered steps to find why RDS refused a token signed for this DSN, without what is `known`. */
export function iamChecklist(dsn: Dsn, token?: TokenFacts, known: ChecklistKnown = {}): string {
  const region = token?.region ?? dsn.region;
  const signedFor = token?.signedFor ?? `${signingHost(dsn.server)}:${dsn.port}`;
  const endpointRegion = regionFromEndpoint(dsn.server);
  const partition = partitionOf(region === '' ? (endpointRegion ?? '') : region);
  const target = socketTarget(dsn);

  let regionLine = `The token is signed for region ${region}.`;
  if (endpointRegion !== undefined && endpointRegion !== region) {
    regionLine += ` The endpoint name says ${endpointRegion}: the regions differ, set Region to ${endpointRegion}.`;
  }
  let signedLine = `The token is signed for ${signedFor}: Server and Port must be the endpoint name and port RDS knows.`;
  if (dsn.connectViaHost !== '') {
    signedLine += ` You connect via ${target.host}:${target.port}; the token is signed for the server, not the tunnel, which is right — keep Server and Port as the real endpoint.`;
  }
  const steps = [
    known.grant === true ? undefined : `The database user is granted rds_iam: GRANT rds_iam TO ${quoteIdent(dsn.user)};`,
    `An IAM policy of the signing identity allows rds-db:connect on arn:${partition}:rds-db:${region}:<account-id>:dbuser:<resource-id>/${dsn.user} (${resourceIdWords(dsn.server)}).`,
    known.region === true ? undefined : regionLine,
    signedLine,
    'The AWS credentials have not expired and belong to the database\'s account (`aws sts get-caller-identity`).',
    known.clock === true ? undefined : "This computer's clock is in sync: tokens carry a timestamp and fail when the clock is off by minutes.",
  ].filter((step): step is string => step !== undefined);
  return ['Check, in order:', ...steps.map((step, i) => `${i + 1}. ${step}`)].join('\n');
}

/** Which resource id the policy names, as the endpoint name tells it (the IAM setup's table, shared/iam-setup/target.ts). */
function resourceIdWords(server: string): string {
  const endpoint = parseRdsEndpoint(server);
  if (endpoint === undefined) return 'resource id: the instance\'s "db-…", the cluster\'s "cluster-…" or the RDS Proxy\'s "prx-…"';
  const kind = resourceKindOf(endpoint.kind);
  const facts = RESOURCE_ID_FACTS[kind];
  const whose = kind === 'proxy' ? "the proxy's own, not the database's" : kind === 'cluster' ? "the cluster's, for every endpoint of it" : "the instance's";
  return `resource id: ${facts.prefix}… (${facts.attribute}), ${whose}`;
}
