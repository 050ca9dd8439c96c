import { describe, expect, it } from 'vitest';
import {
  accountIdProblem,
  defaultPolicyName,
  iamPrincipalNameProblem,
  identifierFromEndpoint,
  inferTarget,
  policyNameProblem,
  rdsIdentifierProblem,
  resourceIdProblem,
  resourceKindOf,
} from '../../../shared/iam-setup';

describe('account ID', () => {
  it('is optional or exactly 12 digits', () => {
    expect(accountIdProblem('')).toBeUndefined();
    expect(accountIdProblem('123456789012')).toBeUndefined();
    for (const bad of ['12345678901', '1234567890123', '1234-5678-9012', 'abcdefghijkl', '12345678901 ', '１２３４５６７８９０１２']) {
      expect(accountIdProblem(bad), bad).toMatch(/12 digits/);
    }
  });
});

describe('resource ID', () => {
  it('is optional, and db-, cluster- or prx- by kind', () => {
    expect(resourceIdProblem('', 'instance')).toBeUndefined();
    expect(resourceIdProblem('db-ABCDEFGHIJKL01234', 'instance')).toBeUndefined();
    expect(resourceIdProblem('cluster-ABCD123EFGH4IJKLMNOPQR5ST', 'cluster')).toBeUndefined();
    expect(resourceIdProblem('prx-0123456789abcdef0', 'proxy')).toBeUndefined();
    expect(resourceIdProblem('prx-ABCDEFGHIJKL01234', 'proxy')).toBeUndefined();
  });

  it('explains the usual mistakes', () => {
    expect(resourceIdProblem('db-abcdef123', 'instance')).toMatch(/capital letters/);
    expect(resourceIdProblem('cluster-ABC', 'instance')).toMatch(/DB cluster resource ID.*"db-"/);
    expect(resourceIdProblem('db-ABC', 'cluster')).toMatch(/DB instance resource ID.*"cluster-"/);
    expect(resourceIdProblem('db-ABC', 'proxy')).toMatch(/"prx-"/);
    expect(resourceIdProblem('orders-db', 'instance')).toMatch(/not the name/);
    expect(resourceIdProblem('db-ABC/x', 'instance')).toMatch(/"db-" then letters and digits/);
    expect(resourceIdProblem('*', 'instance')).toBeDefined();
  });
});

describe('RDS identifiers, IAM names and the policy name', () => {
  it('checks RDS identifiers', () => {
    expect(rdsIdentifierProblem('orders-db-1', 'DB instance identifier')).toBeUndefined();
    expect(rdsIdentifierProblem('', 'Proxy name')).toBe('Proxy name is required');
    for (const bad of ['1db', 'db--x', 'db-', 'db_x', 'db x', 'a'.repeat(64), 'x;y']) expect(rdsIdentifierProblem(bad, 'X'), bad).toBeDefined();
  });

  it('checks IAM role, user and policy names', () => {
    expect(iamPrincipalNameProblem('', 'IAM role name')).toBeUndefined();
    expect(iamPrincipalNameProblem('App_Role+=,.@-1', 'IAM role name')).toBeUndefined();
    expect(iamPrincipalNameProblem('role name', 'IAM role name')).toMatch(/letters, digits/);
    expect(iamPrincipalNameProblem('arn:aws:iam::123456789012:role/x', 'IAM role name')).toMatch(/letters, digits/);
    expect(iamPrincipalNameProblem('r'.repeat(65), 'IAM role name')).toMatch(/64/);
    expect(policyNameProblem('')).toMatch(/required/);
    expect(policyNameProblem('p'.repeat(128))).toBeUndefined();
    expect(policyNameProblem('p'.repeat(129))).toMatch(/128/);
  });

  it('derives a valid default policy name from any user name', () => {
    expect(defaultPolicyName('orders', 'reader')).toBe('rds-db-connect-orders-reader');
    expect(defaultPolicyName('', 'reader')).toBe('rds-db-connect-reader');
    const hostile = defaultPolicyName('orders', 'Robert"); DROP TABLE x;-- ユーザー');
    expect(policyNameProblem(hostile)).toBeUndefined();
    expect(defaultPolicyName('a'.repeat(63), 'b'.repeat(63))).toHaveLength(128);
  });
});

describe('target inference', () => {
  it.each([
    ['orders.abc123.us-east-1.rds.amazonaws.com', 'instance', 'orders'],
    ['Aurora-1.cluster-abc123.eu-west-1.rds.amazonaws.com', 'cluster', 'aurora-1'],
    ['aurora-1.cluster-ro-abc123.eu-west-1.rds.amazonaws.com', 'cluster', 'aurora-1'],
    ['reporting.cluster-custom-abc123.eu-west-1.rds.amazonaws.com', 'cluster', 'reporting'],
    ['app-proxy.proxy-abc123.ap-south-1.rds.amazonaws.com', 'proxy', 'app-proxy'],
    ['db.abc.rds.cn-north-1.amazonaws.com.cn', 'instance', 'db'],
  ])('%s is a %s named %s', (server, kind, identifier) => {
    expect(inferTarget(server)).toMatchObject({ kind, identifier });
    expect(inferTarget(server).endpoint).toBeDefined();
  });

  it('falls back to an instance named by the first label for other names', () => {
    expect(inferTarget('db.internal.example.com')).toEqual({ endpoint: undefined, kind: 'instance', identifier: 'db' });
    expect(identifierFromEndpoint('')).toBe('');
    expect(resourceKindOf('cluster-ro')).toBe('cluster');
  });
});
