import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRegionCode, parseRdsEndpoint, partitionOf, regionFromEndpoint } from '../../../shared/region';

describe('region from RDS endpoint names', () => {
  it.each([
    ['mydb.abc123xyz.us-east-1.rds.amazonaws.com', 'us-east-1', 'instance'],
    ['mycluster.cluster-abc123.eu-west-1.rds.amazonaws.com', 'eu-west-1', 'cluster'],
    ['mycluster.cluster-ro-abc123.ap-southeast-2.rds.amazonaws.com', 'ap-southeast-2', 'cluster-ro'],
    ['reporting.cluster-custom-abc123.eu-central-1.rds.amazonaws.com', 'eu-central-1', 'cluster-custom'],
    ['myproxy.proxy-abc123.ap-south-1.rds.amazonaws.com', 'ap-south-1', 'proxy'],
    ['MyDb.ABC.US-GOV-WEST-1.RDS.AMAZONAWS.COM.', 'us-gov-west-1', 'instance'],
    ['mydb.abc123.rds.cn-north-1.amazonaws.com.cn', 'cn-north-1', 'instance'],
    ['mycluster.cluster-abc.rds.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1', 'cluster'],
  ])('%s → %s (%s)', (host, region, kind) => {
    expect(parseRdsEndpoint(host)).toMatchObject({ region, kind });
  });

  it.each([
    'localhost',
    'db.example.com',
    'mydb.abc.rds.amazonaws.com', // no region label
    'mydb.abc.notaregion.rds.amazonaws.com',
    'mydb.abc.us-east-1.rds.amazonaws.com.evil.example', // suffix must be AWS's
    'us-east-1.rds.amazonaws.com.cn',
    '10.0.0.1',
  ])('%s is not an RDS endpoint', (host) => {
    expect(regionFromEndpoint(host)).toBeUndefined();
  });

  it('partitions', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-west-3')).toBe('aws');
  });

  it('property: any region code placed in an instance endpoint is read back', () => {
    const region = fc
      .tuple(fc.constantFrom('us', 'eu', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx'), fc.constantFrom('east', 'west', 'south', 'north', 'central', 'southeast', 'northeast'), fc.integer({ min: 1, max: 9 }))
      .map(([a, b, n]) => `${a}-${b}-${n}`);
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);
    fc.assert(
      fc.property(region, label, label, (r, name, id) => {
        expect(isRegionCode(r)).toBe(true);
        expect(regionFromEndpoint(`${name}.${id}.${r}.rds.amazonaws.com`)).toBe(r);
        expect(regionFromEndpoint(`${name}.${id}.rds.${r}.amazonaws.com.cn`)).toBe(r);
      }),
    );
  });

  it('property: never throws and never invents a region for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = regionFromEndpoint(s);
        if (r !== undefined) expect(s.toLowerCase()).toContain(r);
      }),
    );
  });
});
