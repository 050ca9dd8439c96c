// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SavedDsn } from '../../../shared/dsn';
import { FakeApi, savedDsn, XSS } from './support/fake-api';
import { fieldError, openTab, renderApp, retype } from './support/render-app';

function mockClipboard() {
  const writeText = vi.fn(async (_text: string) => undefined);
  // After userEvent.setup(), which installs its own clipboard stub.
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

/** Renders the app with `dsn` saved, opens it, and opens the IAM setup panel. */
async function openSetup(dsn: SavedDsn) {
  const view = renderApp(new FakeApi([dsn]));
  await view.user.click(await screen.findByRole('button', { name: new RegExp(dsn.name) }));
  await openTab(view.user, 'IAM setup');
  const panel = screen.getByTestId('iam-setup');
  return { ...view, panel };
}

const policyText = () => within(screen.getByTestId('iam-policy')).getByRole('code').textContent ?? '';
const policyArn = () => (JSON.parse(policyText()) as { Statement: Array<{ Resource: string }> }).Statement[0]?.Resource;
const commandText = (id: string) => screen.getByTestId(`iam-command-${id}`).querySelector('code')?.textContent ?? '';

describe('IAM setup panel', () => {
  it('is a tab of IAM DSNs only, loaded when first opened; its steps are in the order a person does them', async () => {
    const { user } = renderApp(new FakeApi([savedDsn({ name: 'Password one', authType: 'database' }), savedDsn({ name: 'Iam one' })]));
    await user.click(await screen.findByRole('button', { name: /Password one/ }));
    expect(screen.queryByRole('tab', { name: 'IAM setup' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Iam one/ }));
    expect(screen.queryByTestId('iam-setup')).not.toBeInTheDocument();
    await openTab(user, 'IAM setup');
    expect(screen.getByTestId('iam-policy')).toBeInTheDocument();
    const steps = within(screen.getByTestId('iam-setup')).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(steps).toEqual([
      'Turn on IAM database authentication',
      'Create the database user',
      'Find the resource ID',
      'Create the policy that allows rds-db:connect',
      'Attach it to the role or user that signs',
    ]);

    // Switching the form to database auth removes it.
    await openTab(user, 'Connection');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'database');
    expect(screen.queryByRole('tab', { name: 'IAM setup' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('iam-setup')).not.toBeInTheDocument();
  });

  it('fills account and role from the role to assume; a typed value wins, a cleared one stays clear', async () => {
    const { user } = await openSetup(
      savedDsn({ name: 'Role one', assumeRole: { roleArn: 'arn:aws:iam::210987654321:role/apps/OrdersApp', sessionName: 's', externalId: '', durationSeconds: 3600, mfaSerial: '' } }),
    );
    expect(screen.getByLabelText('AWS account ID')).toHaveValue('210987654321');
    expect(screen.getByLabelText('IAM role name')).toHaveValue('OrdersApp');
    expect(screen.getByTestId('iam-target')).toHaveTextContent('Account and role filled from the role to assume');
    expect(commandText('attach-policy')).toContain('--role-name OrdersApp');
    expect(commandText('attach-policy')).not.toContain('--region');
    await retype(user, 'IAM role name', '');
    expect(screen.getByLabelText('IAM role name')).toHaveValue('');
  });

  it('starts with * for account and resource, and warns that the policy then allows every database', async () => {
    await openSetup(savedDsn({ name: 'Orders reader' }));
    expect(policyArn()).toBe('arn:aws:rds-db:us-east-1:*:dbuser:*/reader');
    const warning = screen.getByTestId('iam-wildcard-warning');
    expect(warning).toHaveTextContent(/every database .* in us-east-1/);
    expect(warning).toHaveTextContent(/any account/);
    expect(screen.getByTestId('iam-target')).toHaveTextContent('a DB instance endpoint in us-east-1 (partition aws)');
    expect(screen.getByLabelText('DB instance identifier')).toHaveValue('orders');
    expect(screen.getByLabelText('Resource type')).toHaveValue('instance');
  });

  it('validates the account ID and resource ID, then fills them into the policy', async () => {
    const { user } = await openSetup(savedDsn({ name: 'Orders reader' }));
    const account = await retype(user, 'AWS account ID', '12345');
    await user.tab();
    expect(fieldError(account)).toBe('AWS account ID must be exactly 12 digits, e.g. 123456789012');
    expect(account).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('iam-policy')).not.toBeInTheDocument();
    expect(screen.getByText(/Finish or fix the fields above to see the policy/)).toBeInTheDocument();

    await retype(user, 'AWS account ID', '123456789012');
    expect(fieldError(account)).toBeUndefined();
    const resource = await retype(user, 'Resource ID (DbiResourceId)', 'orders');
    await user.tab();
    expect(fieldError(resource)).toMatch(/"db-" then letters and digits.*not the name/);

    await retype(user, 'Resource ID (DbiResourceId)', 'db-ABCDEFGHIJKL01234');
    expect(fieldError(resource)).toBeUndefined();
    expect(policyArn()).toBe('arn:aws:rds-db:us-east-1:123456789012:dbuser:db-ABCDEFGHIJKL01234/reader');
    expect(screen.queryByTestId('iam-wildcard-warning')).not.toBeInTheDocument();
  });

  it('copies the policy, the SQL and each command', async () => {
    const { user } = await openSetup(savedDsn({ name: 'Orders reader' }));
    const writeText = mockClipboard();
    await retype(user, 'AWS account ID', '123456789012');
    await retype(user, 'Resource ID (DbiResourceId)', 'db-ABC123');

    await user.click(screen.getByRole('button', { name: 'Copy IAM policy' }));
    const copied = writeText.mock.calls.at(-1)?.[0] ?? '';
    expect(JSON.parse(copied)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'AllowRdsIamConnect', Effect: 'Allow', Action: 'rds-db:connect', Resource: 'arn:aws:rds-db:us-east-1:123456789012:dbuser:db-ABC123/reader' }],
    });
    expect(within(screen.getByTestId('iam-policy')).getByRole('status')).toHaveTextContent('Copied');

    await user.click(screen.getByRole('button', { name: 'Copy SQL' }));
    expect(writeText).toHaveBeenLastCalledWith(expect.stringContaining('CREATE USER reader WITH LOGIN;\nGRANT rds_iam TO reader;'));

    await user.click(screen.getByRole('button', { name: 'Copy enable IAM authentication command' }));
    expect(writeText).toHaveBeenLastCalledWith(
      'aws rds modify-db-instance --db-instance-identifier orders --enable-iam-database-authentication --apply-immediately --region us-east-1',
    );
  });

  it('says when copying fails', async () => {
    const { user } = await openSetup(savedDsn({ name: 'Orders reader' }));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) }, configurable: true });
    await user.click(screen.getByRole('button', { name: 'Copy SQL' }));
    expect(await within(screen.getByTestId('iam-sql')).findByText(/Could not copy/)).toBeInTheDocument();
  });

  it('follows the form: a cluster endpoint and a hostile user name, quoted in the SQL and shown as text', async () => {
    const hostile = `Robert"); DROP TABLE x;-- ${XSS}`;
    const { user } = await openSetup(savedDsn({ name: 'Aurora', server: 'aurora-1.cluster-ro-abc.eu-west-1.rds.amazonaws.com', region: 'eu-west-1', user: 'app' }));
    expect(screen.getByLabelText('Resource type')).toHaveValue('cluster');
    expect(screen.getByLabelText('DB cluster identifier')).toHaveValue('aurora-1');
    expect(screen.getByLabelText('Resource ID (DbClusterResourceId)')).toHaveAttribute('placeholder', expect.stringMatching(/^cluster-/));
    expect(commandText('enable-iam')).toContain('modify-db-cluster --db-cluster-identifier aurora-1');
    expect(commandText('find-resource-id')).toContain("'DBClusters[0].DbClusterResourceId'");

    await retype(user, 'User name', hostile);
    await waitFor(() => expect(screen.getByTestId('iam-sql')).toHaveTextContent('CREATE USER "Robert""); DROP TABLE x;--'));
    expect(document.querySelector('img')).toBeNull();
    expect(policyArn()).toBe(`arn:aws:rds-db:eu-west-1:*:dbuser:*/${hostile}`);
  });

  it('explains RDS Proxy and labels the prx- resource ID', async () => {
    await openSetup(savedDsn({ name: 'Via proxy', server: 'app-proxy.proxy-abc.us-east-1.rds.amazonaws.com' }));
    expect(screen.getByLabelText('Resource type')).toHaveValue('proxy');
    expect(screen.getByLabelText('Proxy name')).toHaveValue('app-proxy');
    expect(screen.getByLabelText('Resource ID (proxy, prx-…)')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'About the target' })).toHaveTextContent(/configured on the proxy.*prx-/);
    expect(commandText('enable-iam')).toContain('describe-db-proxies --db-proxy-name app-proxy');
  });

  it('lets the user choose the kind and identifier when the server is not an RDS name', async () => {
    const { user } = await openSetup(savedDsn({ name: 'Cname', server: 'db.internal.example.com', region: 'us-gov-west-1' }));
    expect(screen.getByLabelText('Resource type')).toHaveAccessibleDescription(/Not detected/);
    await user.selectOptions(screen.getByLabelText('Resource type'), 'cluster');
    await retype(user, 'DB cluster identifier', 'prod');
    expect(commandText('enable-iam')).toBe(
      'aws rds modify-db-cluster --db-cluster-identifier prod --enable-iam-database-authentication --apply-immediately --region us-gov-west-1',
    );
    expect(policyArn()).toMatch(/^arn:aws-us-gov:rds-db:us-gov-west-1:/);
    await retype(user, 'DB cluster identifier', 'bad name');
    expect(fieldError(screen.getByLabelText('DB cluster identifier'))).toMatch(/start with a letter/);
  });

  it('adds schema grants and the attach command on request', async () => {
    const { user } = await openSetup(savedDsn({ name: 'Orders reader' }));
    expect(screen.getByText(/Enter an IAM role or user name for the attach command/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('IAM role name'), 'OrdersApp');
    expect(commandText('attach-policy')).toMatch(/^aws iam attach-role-policy --role-name OrdersApp --policy-arn "arn:aws:iam::\$\(aws sts get-caller-identity/);

    await user.click(screen.getByLabelText('Also grant access to a schema'));
    await retype(user, 'Schema', 'Sales');
    await user.selectOptions(screen.getByLabelText('Schema privileges'), 'read-write');
    const sql = screen.getByTestId('iam-sql');
    expect(sql).toHaveTextContent('GRANT USAGE ON SCHEMA "Sales" TO reader;');
    expect(sql).toHaveTextContent('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "Sales" TO reader;');
    expect(sql).toHaveTextContent('ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales" GRANT USAGE, SELECT ON SEQUENCES TO reader;');
  });
});
