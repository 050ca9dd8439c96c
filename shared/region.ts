/**
 * Region detection from Amazon RDS / Aurora / RDS Proxy endpoint names.
 *
 * Endpoint shapes handled (commercial, GovCloud and China partitions):
 * - `mydb.abc123xyz.us-east-1.rds.amazonaws.com` (instance)
 * - `mycluster.cluster-abc123.eu-west-1.rds.amazonaws.com` (cluster, also `cluster-ro-`, `cluster-custom-`)
 * - `myproxy.proxy-abc123.ap-south-1.rds.amazonaws.com` (RDS Proxy)
 * - `reader.endpoint.proxy-abc123.ap-south-1.rds.amazonaws.com` (an RDS Proxy's own endpoint)
 * - `mydb.abc123.us-gov-west-1.rds.amazonaws.com` (GovCloud)
 * - `mydb.abc123.rds.cn-north-1.amazonaws.com.cn` (China: region after `rds`)
 */

/** An AWS region code such as `us-east-1`, `us-gov-west-1`, `cn-northwest-1` or `eu-isoe-west-1`. */
export const REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** True when `value` is shaped like an AWS region code. */
export function isRegionCode(value: string): boolean {
  return REGION_PATTERN.test(value);
}

/** What kind of RDS endpoint a host name is, when it is one. */
export type EndpointKind = 'instance' | 'cluster' | 'cluster-ro' | 'cluster-custom' | 'proxy' | 'proxy-endpoint';

/** The facts read off an RDS endpoint name. */
export interface RdsEndpointInfo {
  region: string;
  kind: EndpointKind;
  /** `aws`, `aws-cn` or `aws-us-gov`, from the region. */
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
}

/** The AWS partition a region belongs to. */
export function partitionOf(region: string): RdsEndpointInfo['partition'] {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function kindOf(secondLabel: string | undefined, thirdLabel: string | undefined): EndpointKind {
  if (secondLabel === undefined) return 'instance';
  // An RDS Proxy's own (custom) endpoint: `<endpoint>.endpoint.proxy-<id>.<region>.rds.amazonaws.com`.
  if (secondLabel === 'endpoint' && thirdLabel?.startsWith('proxy-') === true) return 'proxy-endpoint';
  if (secondLabel.startsWith('cluster-custom-')) return 'cluster-custom';
  if (secondLabel.startsWith('cluster-ro-')) return 'cluster-ro';
  if (secondLabel.startsWith('cluster-')) return 'cluster';
  if (secondLabel.startsWith('proxy-')) return 'proxy';
  return 'instance';
}

/**
 * Reads the region (and endpoint kind) from an RDS endpoint host name.
 * Returns `undefined` for any name that is not an RDS endpoint, so callers never guess.
 */
export function parseRdsEndpoint(host: string): RdsEndpointInfo | undefined {
  const labels = host.trim().toLowerCase().replace(/\.$/, '').split('.');
  const n = labels.length;
  let region: string | undefined;
  if (n >= 5 && labels[n - 1] === 'cn' && labels[n - 2] === 'com' && labels[n - 3] === 'amazonaws') {
    // <name>.<id>.rds.<region>.amazonaws.com.cn
    const candidate = labels[n - 4];
    if (labels[n - 5] === 'rds' && candidate !== undefined && isRegionCode(candidate)) region = candidate;
  } else if (n >= 4 && labels[n - 1] === 'com' && labels[n - 2] === 'amazonaws' && labels[n - 3] === 'rds') {
    // <name>.<id>.<region>.rds.amazonaws.com
    const candidate = labels[n - 4];
    if (candidate !== undefined && isRegionCode(candidate)) region = candidate;
  }
  if (region === undefined) return undefined;
  // The name's own labels, before the `<region>.rds.amazonaws.com` (or China) suffix.
  const own = labels.slice(0, Math.max(0, labels.lastIndexOf(region)));
  return { region, kind: kindOf(own[1], own[2]), partition: partitionOf(region) };
}

/** Shortcut for {@link parseRdsEndpoint}`(host)?.region`. */
export function regionFromEndpoint(host: string): string | undefined {
  return parseRdsEndpoint(host)?.region;
}
