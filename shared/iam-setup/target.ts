/**
 * What the IAM setup is for: a DB instance, an Aurora cluster or an RDS Proxy, read off the
 * DSN's endpoint name, with the identifier the AWS CLI needs and where its resource ID comes from.
 */
import { parseRdsEndpoint, type EndpointKind, type RdsEndpointInfo } from '../region';

/** The AWS resource whose IAM database authentication the setup configures. */
export const RESOURCE_KINDS = ['instance', 'cluster', 'proxy'] as const;
/** One of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** How the panel names each {@link ResourceKind}. */
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  instance: 'DB instance',
  cluster: 'Aurora DB cluster',
  proxy: 'RDS Proxy',
};

/** Facts about a kind's resource ID, the part of the `rds-db` ARN before the user name. */
export interface ResourceIdFacts {
  prefix: 'db-' | 'cluster-' | 'prx-';
  /** Where the AWS API shows it. */
  attribute: 'DbiResourceId' | 'DbClusterResourceId' | 'DBProxyArn';
  /** The resource-id field's label. */
  label: string;
  /** The identifier field's label. */
  identifierLabel: string;
  example: string;
}

/** {@link ResourceIdFacts} of each kind. */
export const RESOURCE_ID_FACTS: Record<ResourceKind, ResourceIdFacts> = {
  instance: {
    prefix: 'db-',
    attribute: 'DbiResourceId',
    label: 'Resource ID (DbiResourceId)',
    identifierLabel: 'DB instance identifier',
    example: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY1',
  },
  cluster: {
    prefix: 'cluster-',
    attribute: 'DbClusterResourceId',
    label: 'Resource ID (DbClusterResourceId)',
    identifierLabel: 'DB cluster identifier',
    example: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY1',
  },
  proxy: {
    prefix: 'prx-',
    attribute: 'DBProxyArn',
    label: 'Resource ID (proxy, prx-…)',
    identifierLabel: 'Proxy name',
    example: 'prx-0123456789abcdef0',
  },
};

/** The resource kind an endpoint kind belongs to: every Aurora cluster endpoint is the cluster's. */
export function resourceKindOf(kind: EndpointKind): ResourceKind {
  switch (kind) {
    case 'instance':
      return 'instance';
    case 'proxy':
    case 'proxy-endpoint':
      return 'proxy';
    case 'cluster':
    case 'cluster-ro':
    case 'cluster-custom':
      return 'cluster';
  }
}

/** The first DNS label of `server`, lower case: the instance or cluster identifier, or the proxy name. */
export function identifierFromEndpoint(server: string): string {
  return server.trim().toLowerCase().split('.')[0] ?? '';
}

/** The setup target as the DSN's server name tells it. */
export interface InferredTarget {
  /** The parsed endpoint; undefined when the server is not an RDS endpoint name (a CNAME, a tunnel name…). */
  endpoint: RdsEndpointInfo | undefined;
  /** From the endpoint kind; `instance` when the server is not an RDS endpoint name. */
  kind: ResourceKind;
  /** {@link identifierFromEndpoint}; empty when the server is empty. */
  identifier: string;
}

/** Infers the resource kind and identifier from the DSN's server name. */
export function inferTarget(server: string): InferredTarget {
  const endpoint = parseRdsEndpoint(server);
  return { endpoint, kind: endpoint === undefined ? 'instance' : resourceKindOf(endpoint.kind), identifier: identifierFromEndpoint(server) };
}
