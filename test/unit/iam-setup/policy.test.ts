import { describe, expect, it } from 'vitest';
import { connectPolicy, connectPolicyJson, escapePolicyText, POLICY_SID, rdsDbUserArn } from '../../../shared/iam-setup';

const ACCOUNT = '123456789012';

describe('rds-db:connect policy', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('in %s uses the %s partition', (region, partition) => {
    const json = connectPolicyJson({ region, accountId: ACCOUNT, resourceId: 'db-ABCDEFGHIJKL01234', dbUser: 'reader' });
    expect(JSON.parse(json)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: POLICY_SID,
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: `arn:${partition}:rds-db:${region}:${ACCOUNT}:dbuser:db-ABCDEFGHIJKL01234/reader`,
        },
      ],
    });
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const json = connectPolicyJson({ region: 'eu-west-1', accountId: ACCOUNT, resourceId: 'cluster-ABC123', dbUser: 'app' });
    expect(json).toBe(
      [
        '{',
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        '    {',
        '      "Sid": "AllowRdsIamConnect",',
        '      "Effect": "Allow",',
        '      "Action": "rds-db:connect",',
        '      "Resource": "arn:aws:rds-db:eu-west-1:123456789012:dbuser:cluster-ABC123/app"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(POLICY_SID).toMatch(/^[A-Za-z0-9]+$/);
  });

  it.each([
    [{ accountId: undefined, resourceId: undefined }, 'arn:aws:rds-db:us-east-1:*:dbuser:*/reader'],
    [{ accountId: '', resourceId: '' }, 'arn:aws:rds-db:us-east-1:*:dbuser:*/reader'],
    [{ accountId: '   ', resourceId: '  ' }, 'arn:aws:rds-db:us-east-1:*:dbuser:*/reader'],
    [{ accountId: ACCOUNT, resourceId: '' }, `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:*/reader`],
    [{ accountId: '', resourceId: 'db-XYZ' }, 'arn:aws:rds-db:us-east-1:*:dbuser:db-XYZ/reader'],
    [{ accountId: ACCOUNT, resourceId: 'prx-0123abcd' }, `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:prx-0123abcd/reader`],
  ])('a missing account or resource id becomes * (%o)', (parts, arn) => {
    const resource = { region: 'us-east-1', dbUser: 'reader', ...parts };
    expect(rdsDbUserArn(resource)).toBe(arn);
    expect(JSON.parse(connectPolicyJson(resource))).toEqual(connectPolicy(resource));
    expect(connectPolicy(resource).Statement[0].Resource).toBe(arn);
  });

  it('escapes IAM wildcards and policy variables in the user name, so it matches only itself', () => {
    expect(escapePolicyText('a*b?c$d')).toBe('a${*}b${?}c${$}d');
    expect(escapePolicyText('${aws:username}')).toBe('${$}{aws:username}');
    expect(rdsDbUserArn({ region: 'us-east-1', accountId: ACCOUNT, resourceId: 'db-A', dbUser: '*' })).toBe(`arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:db-A/\${*}`);
  });

  it('keeps hostile and unicode user names exact through JSON', () => {
    for (const dbUser of ['Robert"); DROP TABLE x;--', 'MixedCase', 'select', 'ユーザー', 'with space', 'back\\slash', 'new\nline', '</script><b>']) {
      const policy = JSON.parse(connectPolicyJson({ region: 'us-west-2', accountId: ACCOUNT, resourceId: 'db-A1', dbUser })) as ReturnType<typeof connectPolicy>;
      expect(policy.Statement[0].Resource).toBe(`arn:aws:rds-db:us-west-2:${ACCOUNT}:dbuser:db-A1/${dbUser}`);
    }
  });
});
