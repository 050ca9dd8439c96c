import { describe, expect, it } from 'vitest';
import { buildIamSetupPlan, type IamSetupInput } from '../../../shared/iam-setup';

const input = (overrides: Partial<IamSetupInput> = {}): IamSetupInput => ({
  server: 'orders.abc123.us-east-1.rds.amazonaws.com',
  user: 'reader',
  region: 'us-east-1',
  database: 'postgres',
  accountId: '123456789012',
  resourceId: 'db-ABCDEFGHIJKL01234',
  principal: { type: 'role', name: 'OrdersApp' },
  policyName: '',
  ...overrides,
});

describe('IAM setup plan', () => {
  it('generates everything for complete input, without warnings', () => {
    const plan = buildIamSetupPlan(input());
    expect(plan.errors).toEqual({});
    expect(plan.wildcardWarnings).toEqual([]);
    expect(plan).toMatchObject({ kind: 'instance', inferredKind: 'instance', region: 'us-east-1', partition: 'aws', identifier: 'orders', policyName: 'rds-db-connect-orders-reader' });
    expect(plan.policy?.resourceArn).toBe('arn:aws:rds-db:us-east-1:123456789012:dbuser:db-ABCDEFGHIJKL01234/reader');
    expect(JSON.parse(plan.policy?.json ?? '')).toMatchObject({ Version: '2012-10-17' });
    expect(plan.sql).toContain('GRANT rds_iam TO reader;');
    expect(plan.commands?.map((c) => c.id)).toEqual(['enable-iam', 'find-resource-id', 'master-user', 'create-policy', 'attach-policy']);
  });

  it('warns about each * it puts into the policy', () => {
    const plan = buildIamSetupPlan(input({ accountId: '', resourceId: '' }));
    expect(plan.policy?.resourceArn).toBe('arn:aws:rds-db:us-east-1:*:dbuser:*/reader');
    expect(plan.wildcardWarnings).toHaveLength(2);
    expect(plan.wildcardWarnings[0]).toMatch(/every database .* in us-east-1/);
    expect(plan.wildcardWarnings[1]).toMatch(/any account/);
    expect(plan.commands?.find((c) => c.id === 'attach-policy')?.command).toContain('$(aws sts get-caller-identity');
  });

  it('infers a cluster from a reader endpoint and a proxy from a proxy endpoint, and explains the proxy', () => {
    const cluster = buildIamSetupPlan(input({ server: 'aurora.cluster-ro-abc.eu-west-1.rds.amazonaws.com', region: 'eu-west-1', resourceId: 'cluster-ABC' }));
    expect(cluster).toMatchObject({ kind: 'cluster', identifier: 'aurora', errors: {} });
    expect(cluster.commands?.[0]?.command).toContain('modify-db-cluster --db-cluster-identifier aurora');
    const proxy = buildIamSetupPlan(input({ server: 'app.proxy-abc.eu-west-1.rds.amazonaws.com', region: 'eu-west-1', resourceId: 'prx-0abc' }));
    expect(proxy).toMatchObject({ kind: 'proxy', identifier: 'app', errors: {} });
    expect(proxy.targetNotes.join(' ')).toMatch(/configured on the proxy.*prx-/);
    expect(proxy.sqlNotes.join(' ')).toMatch(/do not grant it rds_iam/);
  });

  it('looks up the cluster of a custom endpoint', () => {
    const plan = buildIamSetupPlan(input({ server: 'rep.cluster-custom-abc.us-east-1.rds.amazonaws.com', resourceId: '' }));
    expect(plan.commands?.[0]?.id).toBe('find-cluster');
    expect(plan.targetNotes.join(' ')).toMatch(/custom endpoint/);
  });

  it('issue 11 #13: an RDS Proxy endpoint is the proxy, found by the endpoint\'s name; never modify-db-instance', () => {
    for (const server of ['reader.endpoint.proxy-abc123.us-east-1.rds.amazonaws.com', 'Reader.Endpoint.Proxy-abc123.us-east-1.rds.amazonaws.com.']) {
      const plan = buildIamSetupPlan(input({ server, resourceId: 'prx-0123456789abcdef0' }));
      expect(plan).toMatchObject({ kind: 'proxy', inferredKind: 'proxy', identifier: 'reader', errors: {} });
      const commands = (plan.commands ?? []).map((c) => c.command).join('\n');
      expect(commands).not.toMatch(/db-instance|db-cluster/);
      expect(plan.commands?.[0]).toMatchObject({ id: 'find-proxy', command: "aws rds describe-db-proxy-endpoints --db-proxy-endpoint-name reader --query 'DBProxyEndpoints[0].DBProxyName' --output text --region us-east-1" });
      expect(plan.targetNotes.join(' ')).toMatch(/endpoint of an RDS Proxy.*finds the proxy/);
      expect(plan.policy?.resourceArn).toBe('arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123456789abcdef0/reader');
    }
  });

  it('lets the user override kind and identifier, and explains a non-RDS server name', () => {
    const plan = buildIamSetupPlan(input({ server: 'db.internal.example.com', kind: 'cluster', identifier: ' prod-cluster ', resourceId: 'cluster-XYZ' }));
    expect(plan).toMatchObject({ kind: 'cluster', inferredKind: undefined, endpoint: undefined, identifier: 'prod-cluster', errors: {} });
    expect(plan.targetNotes[0]).toMatch(/not an RDS endpoint name/);
  });

  it('takes the partition from the region', () => {
    const cn = buildIamSetupPlan(input({ server: 'db.abc.rds.cn-north-1.amazonaws.com.cn', region: '' }));
    expect(cn).toMatchObject({ region: 'cn-north-1', partition: 'aws-cn' });
    expect(cn.policy?.resourceArn).toMatch(/^arn:aws-cn:rds-db:cn-north-1:/);
    const gov = buildIamSetupPlan(input({ server: 'db.abc.us-gov-west-1.rds.amazonaws.com', region: 'us-gov-west-1' }));
    expect(gov.policy?.resourceArn).toMatch(/^arn:aws-us-gov:rds-db:us-gov-west-1:/);
    expect(gov.commands?.find((c) => c.id === 'attach-policy')?.command).toContain('arn:aws-us-gov:iam::123456789012:policy/');
  });

  it('leaves out what invalid input blocks, and says why', () => {
    const plan = buildIamSetupPlan(input({ accountId: '1234', resourceId: 'orders', principal: { type: 'user', name: 'a b' } }));
    expect(plan.errors).toEqual({
      accountId: expect.stringMatching(/12 digits/),
      resourceId: expect.stringMatching(/db-/),
      principalName: expect.stringMatching(/IAM user name/),
    });
    expect(plan.policy).toBeUndefined();
    // Only the attach command needs the account (in the policy ARN).
    expect(plan.commands?.map((c) => c.id)).toEqual(['enable-iam', 'find-resource-id', 'master-user', 'create-policy']);
    expect(buildIamSetupPlan(input({ accountId: '1234' })).commands?.some((c) => c.id === 'attach-policy')).toBe(false);
    expect(plan.sql).toBeDefined();

    const badIdentifier = buildIamSetupPlan(input({ identifier: 'bad name' }));
    expect(badIdentifier.errors.identifier).toMatch(/DB instance identifier must start with a letter/);
    expect(badIdentifier.commands).toBeUndefined();
    expect(badIdentifier.policy).toBeDefined();

    const noUser = buildIamSetupPlan(input({ user: '', region: 'nowhere' }));
    expect(noUser.errors.user).toMatch(/User name is required/);
    expect(noUser.errors.region).toMatch(/Region/);
    expect(noUser.sql).toBeUndefined();
    expect(noUser.policy).toBeUndefined();

    const badSchema = buildIamSetupPlan(input({ schemaGrant: { schema: '', privilege: 'read-only' } }));
    expect(badSchema.errors.schema).toMatch(/Schema is required/);
    expect(badSchema.sql).toBeUndefined();

    const noPrincipal = buildIamSetupPlan(input({ principal: { type: 'role', name: '' } }));
    expect(noPrincipal.errors).toEqual({});
    expect(noPrincipal.commands?.some((c) => c.id === 'attach-policy')).toBe(false);
  });

  it('adds the schema grants to the SQL', () => {
    const plan = buildIamSetupPlan(input({ user: 'MixedCase', schemaGrant: { schema: ' sales ', privilege: 'read-write' } }));
    expect(plan.sql).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA sales TO "MixedCase";');
    expect(plan.sqlNotes.join(' ')).toMatch(/ALTER DEFAULT PRIVILEGES/);
    expect(plan.sqlNotes[0]).toContain('“postgres”');
  });
});
