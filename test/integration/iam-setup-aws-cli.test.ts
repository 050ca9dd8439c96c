import { describe, expect, it } from 'vitest';
import { awsCliCommands, policyArnWord, shellCommand, type AwsCliCommand, type AwsCliStepId } from '../../shared/iam-setup';
import { runCommands, STUB_ACCOUNT } from '../support/bash-argv';

const byId = (commands: AwsCliCommand[], id: AwsCliStepId): string => {
  const found = commands.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no ${id} command`);
  return found.command;
};

/** The argv bash makes of one command (its single `aws` call, without `aws`). */
function argvOf(command: string): string[] {
  const run = runCommands([command]);
  expect(run.status, run.stderr).toBe(0);
  expect(run.pwned).toEqual([]);
  expect(run.strayFiles).toEqual([]);
  expect(run.calls).toHaveLength(1);
  return run.calls[0] ?? [];
}

describe('AWS CLI commands for a DB instance', () => {
  const commands = awsCliCommands({
    kind: 'instance',
    identifier: 'orders',
    region: 'us-east-1',
    accountId: '123456789012',
    policyName: 'rds-db-connect-orders-reader',
    principal: { type: 'role', name: 'OrdersApp' },
  });

  it('are, in order, enable, find resource id, master user, create policy, attach', () => {
    expect(commands.map((c) => c.id)).toEqual(['enable-iam', 'find-resource-id', 'master-user', 'create-policy', 'attach-policy']);
    expect(byId(commands, 'enable-iam')).toBe(
      'aws rds modify-db-instance --db-instance-identifier orders --enable-iam-database-authentication --apply-immediately --region us-east-1',
    );
    expect(byId(commands, 'find-resource-id')).toBe(
      "aws rds describe-db-instances --db-instance-identifier orders --query 'DBInstances[0].DbiResourceId' --output text --region us-east-1",
    );
    expect(byId(commands, 'create-policy')).toBe(
      'aws iam create-policy --policy-name rds-db-connect-orders-reader --policy-document file://policy.json',
    );
    expect(byId(commands, 'attach-policy')).toBe(
      'aws iam attach-role-policy --role-name OrdersApp --policy-arn arn:aws:iam::123456789012:policy/rds-db-connect-orders-reader',
    );
  });

  it('mean in bash what they say', () => {
    expect(argvOf(byId(commands, 'find-resource-id'))).toEqual([
      'rds', 'describe-db-instances', '--db-instance-identifier', 'orders', '--query', 'DBInstances[0].DbiResourceId', '--output', 'text', '--region', 'us-east-1',
    ]);
    expect(argvOf(byId(commands, 'master-user'))).toContain('DBInstances[0].MasterUsername');
  });
});

describe('AWS CLI commands for a cluster, a custom endpoint and a proxy', () => {
  it('use modify-db-cluster and DbClusterResourceId for a cluster', () => {
    const commands = awsCliCommands({ kind: 'cluster', identifier: 'aurora-1', region: 'eu-west-1', policyName: 'p', principal: { type: 'user', name: 'alice' } });
    expect(byId(commands, 'enable-iam')).toBe(
      'aws rds modify-db-cluster --db-cluster-identifier aurora-1 --enable-iam-database-authentication --apply-immediately --region eu-west-1',
    );
    expect(byId(commands, 'find-resource-id')).toBe(
      "aws rds describe-db-clusters --db-cluster-identifier aurora-1 --query 'DBClusters[0].DbClusterResourceId' --output text --region eu-west-1",
    );
    expect(byId(commands, 'attach-policy')).toMatch(/^aws iam attach-user-policy --user-name alice --policy-arn /);
  });

  it('look up the cluster of a custom endpoint first', () => {
    const commands = awsCliCommands({ kind: 'cluster', identifier: 'reporting', region: 'eu-west-1', policyName: 'p', customEndpointName: 'reporting' });
    expect(commands[0]?.id).toBe('find-cluster');
    expect(argvOf(byId(commands, 'find-cluster'))).toEqual([
      'rds', 'describe-db-cluster-endpoints', '--db-cluster-endpoint-identifier', 'reporting', '--query', 'DBClusterEndpoints[0].DBClusterIdentifier', '--output', 'text', '--region', 'eu-west-1',
    ]);
  });

  it('check the proxy instead of modifying a database, and read the prx- id from its ARN', () => {
    const commands = awsCliCommands({ kind: 'proxy', identifier: 'app-proxy', region: 'ap-south-1', policyName: 'p' });
    expect(commands.map((c) => c.id)).toEqual(['enable-iam', 'proxy-end-to-end', 'find-resource-id', 'create-policy']);
    expect(commands.map((c) => c.command).join('\n')).not.toMatch(/modify-db-(instance|cluster)/);
    expect(byId(commands, 'enable-iam')).toContain('describe-db-proxies --db-proxy-name app-proxy');
    expect(commands.find((c) => c.id === 'enable-iam')?.note).toMatch(/configured on the proxy/);
    expect(byId(commands, 'proxy-end-to-end')).toBe('aws rds modify-db-proxy --db-proxy-name app-proxy --default-auth-scheme IAM_AUTH --region ap-south-1');
    expect(argvOf(byId(commands, 'find-resource-id'))).toContain('DBProxies[0].DBProxyArn');
  });

  it('leave out the attach command without a principal name', () => {
    const commands = awsCliCommands({ kind: 'instance', identifier: 'db1', region: 'us-east-1', policyName: 'p', principal: { type: 'role', name: '' } });
    expect(commands.some((c) => c.id === 'attach-policy')).toBe(false);
  });
});

describe('policy ARN of the attach command', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('in %s is in the %s partition (IAM is global: --region only to reach another partition)', (region, partition) => {
    expect(policyArnWord({ region, accountId: '123456789012', policyName: 'p' })).toBe(`arn:${partition}:iam::123456789012:policy/p`);
    const withoutAccount = awsCliCommands({ kind: 'instance', identifier: 'd', region, policyName: 'my-policy', principal: { type: 'role', name: 'r' } });
    expect(argvOf(byId(withoutAccount, 'attach-policy'))).toEqual([
      'iam', 'attach-role-policy', '--role-name', 'r', '--policy-arn', `arn:${partition}:iam::${STUB_ACCOUNT}:policy/my-policy`, ...(partition === 'aws' ? [] : ['--region', region]),
    ]);
  });
});

describe('shell quoting of hostile names', () => {
  const HOSTILE = [
    'x; pwned a',
    '$(pwned b)',
    '`pwned c`',
    "it's; pwned d",
    '"; pwned e; "',
    "'\"$(pwned f)\"'",
    'new\nline; pwned g',
    'glob*?[a]',
    '~root',
    '> out.txt',
    '-- --region us-west-2',
    'ünïcødé name',
    'back\\slash $HOME !!',
    '',
  ];

  it('shellCommand keeps every word one word', () => {
    const run = runCommands(HOSTILE.map((word) => shellCommand(['aws', word, 'tail'])));
    expect(run.status, run.stderr).toBe(0);
    expect(run.pwned).toEqual([]);
    expect(run.strayFiles).toEqual([]);
    expect(run.calls).toEqual(HOSTILE.map((word) => [word, 'tail']));
  });

  it('every generated command passes hostile identifiers, policy and principal names through unchanged', () => {
    for (const word of HOSTILE.filter((w) => w !== '')) {
      for (const kind of ['instance', 'cluster', 'proxy'] as const) {
        for (const accountId of ['123456789012', '']) {
          const commands = awsCliCommands({ kind, identifier: word, region: 'us-east-1', accountId, policyName: word, principal: { type: 'user', name: word }, customEndpointName: word });
          const run = runCommands(commands.map((c) => c.command));
          expect(run.status, run.stderr).toBe(0);
          expect(run.pwned).toEqual([]);
          expect(run.strayFiles).toEqual([]);
          expect(run.calls).toHaveLength(commands.length);
          for (const argv of run.calls) expect(argv).toContain(word);
          const attach = run.calls.at(-1) ?? [];
          expect(attach.slice(0, 4)).toEqual(['iam', 'attach-user-policy', '--user-name', word]);
          expect(attach[5]).toBe(`arn:aws:iam::${accountId === '' ? STUB_ACCOUNT : accountId}:policy/${word}`);
        }
      }
    }
  });
});
