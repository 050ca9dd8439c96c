// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, savedDsn } from './support/fake-api';
import { fieldError, fillValidIamDsn, openTab, renderApp, retype } from './support/render-app';

const EXPIRATION_RANGE = 'Token expiration must be a whole number from 1 to 900';
const PORT_RANGE = 'Port must be a whole number from 1 to 65535';

function optionValues(select: HTMLElement): string[] {
  return within(select)
    .getAllByRole('option')
    .map((o) => (o as HTMLOptionElement).value);
}

describe('DSN form', () => {
  it('issue 11 #11, #12: says which spelling of Server the token is signed for when it is not the typed one', async () => {
    const { user } = renderApp();
    await screen.findByRole('heading', { name: 'New DSN' });
    const server = await retype(user, 'Server', 'Orders.ABC123.US-East-1.rds.amazonaws.com.');
    expect(server).toHaveAccessibleDescription('The endpoint host name: the token is signed for it. The token is signed for orders.abc123.us-east-1.rds.amazonaws.com (DNS names ignore case, and RDS refuses a final dot).');
    await retype(user, 'Server', 'orders.abc123.us-east-1.rds.amazonaws.com');
    expect(server).toHaveAccessibleDescription('The endpoint host name: the token is signed for it.');
  });

  it('starts a new DSN with the defaults, in tabs', async () => {
    const { user } = renderApp();
    expect(await screen.findByRole('heading', { name: 'New DSN' })).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Connection', 'Credentials', 'TLS & network', 'Export', 'IAM setup', 'Token files']);
    expect(screen.getByRole('tab', { name: 'Connection' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByLabelText('Authentication')).toHaveValue('iam');
    expect(screen.getByLabelText('Port')).toHaveValue('5432');
    expect(screen.getByLabelText('Port')).toHaveAttribute('inputmode', 'numeric');
    expect(screen.getByLabelText('Database')).toHaveValue('postgres');
    expect(screen.getByLabelText('Environment')).toHaveValue('');
    await openTab(user, 'TLS & network');
    expect(screen.getByLabelText('SSL mode')).toHaveValue('require');
    expect(screen.getByLabelText('Token expiration (seconds)')).toHaveValue('900');
    expect(screen.getByLabelText('Token expiration (seconds)')).toHaveAccessibleDescription(/how long a signed token is reused/i);
    expect(screen.getByLabelText('Credential source')).toHaveValue('default');
    expect(screen.getByLabelText('Connect timeout (seconds)')).toHaveValue('10');
    expect(screen.getByLabelText('Query timeout (seconds)')).toHaveValue('10');
    expect(screen.queryByLabelText('Profile name')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it.each([
    ['0', EXPIRATION_RANGE],
    ['901', EXPIRATION_RANGE],
    ['1.5', EXPIRATION_RANGE],
    ['abc', EXPIRATION_RANGE],
    ['', 'Token expiration is required'],
  ])('shows the expiration message as you type %j', async (text, message) => {
    const { user } = renderApp();
    await openTab(user, 'Credentials');
    const input = await retype(user, 'Token expiration (seconds)', text);
    await waitFor(() => expect(fieldError(input)).toBe(message));
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(screen.getByRole('alert', { name: '' })).toHaveTextContent(message);

    await retype(user, 'Token expiration (seconds)', '300');
    await waitFor(() => expect(fieldError(input)).toBeUndefined());
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it.each([
    ['0', PORT_RANGE],
    ['65536', PORT_RANGE],
    ['54.2', PORT_RANGE],
    ['', 'Port is required'],
  ])('shows the port message as you type %j', async (text, message) => {
    const { user } = renderApp();
    const input = await retype(user, 'Port', text);
    await waitFor(() => expect(fieldError(input)).toBe(message));
    // The error is on Port only, not on the other number fields; the tab counts it.
    expect(screen.getByRole('tab', { name: /^Connection/ })).toHaveTextContent('1');
    expect(fieldError(screen.getByLabelText('Connect timeout (seconds)'))).toBeUndefined();
    expect(fieldError(screen.getByLabelText('Token expiration (seconds)'))).toBeUndefined();
  });

  it('shows "User name is required" when the user name is emptied', async () => {
    const { user } = renderApp();
    await user.type(screen.getByLabelText('User name'), 'x');
    const input = await retype(user, 'User name', '');
    await waitFor(() => expect(fieldError(input)).toBe('User name is required'));
  });

  it('on Save of an empty form shows each required field and does not save; the name is not needed', async () => {
    const { user, api } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fieldError(screen.getByLabelText('Server'))).toBe('Server is required'));
    expect(fieldError(screen.getByLabelText('User name'))).toBe('User name is required');
    expect(fieldError(screen.getByLabelText('Region'))).toBe('Region is required for IAM authentication');
    expect(fieldError(screen.getByLabelText('Name'))).toBeUndefined();
    expect(fieldError(screen.getByLabelText('Port'))).toBeUndefined();
    // The field is focused once its tab is shown (a render after the errors).
    await waitFor(() => expect(screen.getByLabelText('Server')).toHaveFocus());
    expect(screen.getByTestId('action-status')).toHaveTextContent('Fix the highlighted fields to save.');
    expect(api.saveDsn).not.toHaveBeenCalled();
  });

  it('an unnamed DSN is saved as user@host, the name its field suggests', async () => {
    const { user, api } = renderApp();
    await user.type(screen.getByLabelText('Server'), 'orders.abc.eu-west-2.rds.amazonaws.com');
    await user.type(screen.getByLabelText('User name'), 'reader');
    expect(screen.getByLabelText('Name')).toHaveAttribute('placeholder', 'reader@orders');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0].name).toBe('reader@orders');
  });

  it('an error in another tab opens that tab on Save, and the tab counts its problems', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    await retype(user, 'Token expiration (seconds)', '0');
    await openTab(user, 'Connection');
    expect(screen.getByRole('tab', { name: /^Credentials/ })).toHaveAccessibleName('Credentials, 1 problem');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('tab', { name: /^Credentials/ })).toHaveAttribute('aria-selected', 'true'));
    await waitFor(() => expect(screen.getByLabelText('Token expiration (seconds)')).toHaveFocus());
  });

  it('shows the IAM IP-address rule on Server as you type, even while another field is invalid', async () => {
    const { user } = renderApp();
    await retype(user, 'Port', 'abc');
    const server = await retype(user, 'Server', '10.0.0.5');
    await waitFor(() => expect(fieldError(server)).toMatch(/not an IP address/));
  });

  it('does not offer SSL mode "disable" for IAM, and flags it after switching back from database auth', async () => {
    const { user } = renderApp();
    await openTab(user, 'TLS & network');
    const ssl = await screen.findByLabelText('SSL mode');
    expect(optionValues(ssl)).toEqual(['require', 'prefer', 'allow']);

    expect(ssl).toHaveAccessibleDescription(/Always encrypt/);
    await user.selectOptions(ssl, 'prefer');
    expect(ssl).toHaveAccessibleDescription(/For IAM this acts as require: the token is only ever sent over TLS/);
    await user.selectOptions(ssl, 'require');
    await openTab(user, 'Connection');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'database');
    await openTab(user, 'TLS & network');
    expect(optionValues(ssl)).toEqual(['require', 'prefer', 'allow', 'disable']);
    await user.selectOptions(ssl, 'disable');
    expect(fieldError(ssl)).toBeUndefined();

    await openTab(user, 'Connection');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'iam');
    await openTab(user, 'TLS & network');
    await waitFor(() => expect(fieldError(ssl)).toMatch(/"disable" is not allowed for IAM authentication/));
    expect(ssl).toHaveAttribute('aria-invalid', 'true');

    await user.selectOptions(ssl, 'require');
    await waitFor(() => expect(fieldError(ssl)).toBeUndefined());
    expect(optionValues(ssl)).toEqual(['require', 'prefer', 'allow']);
  });

  it('fills Region from the endpoint as you type, and keeps a region the user typed', async () => {
    const { user } = renderApp();
    const server = await screen.findByLabelText('Server');
    const region = screen.getByLabelText('Region');
    await user.type(server, 'mydb.abc.eu-west-2.rds.amazonaws.com');
    expect(region).toHaveValue('eu-west-2');
    expect(region).toHaveAccessibleDescription(/detected from endpoint/i);

    await retype(user, 'Region', 'us-east-1');
    await user.clear(server);
    await user.type(server, 'other.xyz.ap-south-1.rds.amazonaws.com');
    expect(region).toHaveValue('us-east-1');
    expect(region).not.toHaveAccessibleDescription(/detected from endpoint/i);
    expect(region).toHaveAccessibleDescription(/endpoint name says ap-south-1/i);

    await user.click(screen.getByRole('button', { name: 'Use ap-south-1' }));
    expect(region).toHaveValue('ap-south-1');
    // Following the server again.
    await retype(user, 'Server', 'mydb.abc.eu-west-2.rds.amazonaws.com');
    expect(region).toHaveValue('eu-west-2');
  });

  it('asks for the profile name when a named profile is chosen', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    await user.selectOptions(screen.getByLabelText('Credential source'), 'profile');
    const profile = screen.getByLabelText('Profile name');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fieldError(profile)).toBe('Profile name is required'));
    expect(api.saveDsn).not.toHaveBeenCalled();

    await user.type(profile, 'bad name!');
    await waitFor(() => expect(fieldError(profile)).toMatch(/letters, digits/));
    await retype(user, 'Profile name', 'prod-admin');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0].credentialSource).toEqual({ kind: 'profile', profile: 'prod-admin' });
  });

  it('shows Password only for database auth and sends it write-only', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await user.selectOptions(screen.getByLabelText('Authentication'), 'database');
    expect(screen.queryByRole('tab', { name: 'IAM setup' })).not.toBeInTheDocument();
    await openTab(user, 'Credentials');
    expect(screen.queryByLabelText('Token expiration (seconds)')).not.toBeInTheDocument();
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    await user.type(password, 'pa ss');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ authType: 'database', password: 'pa ss' });
    // After saving, the field is empty again and says a password is stored.
    await waitFor(() => expect(screen.getByLabelText('Password')).toHaveValue(''));
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/^stored\b/);
  });

  it('shows a stored session-only password and can clear it', async () => {
    const dsn = savedDsn({ name: 'Legacy', authType: 'database', hasPassword: true, passwordSessionOnly: true });
    const { user, api } = renderApp(new FakeApi([dsn]));
    await user.click(await screen.findByRole('button', { name: /Legacy/ }));
    await openTab(user, 'Credentials');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/stored for this session only/);
    await user.click(screen.getByLabelText('Clear the stored password'));
    expect(screen.getByLabelText('Password')).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ id: dsn.id, clearPassword: true });
    expect(api.saveDsn.mock.calls[0]?.[0]).not.toHaveProperty('password');
  });

  it('keeps the network fields in TLS & network; a connect-via port without a host is refused there', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    expect(screen.getByLabelText('CA bundle path')).not.toBeVisible();
    await openTab(user, 'TLS & network');
    expect(screen.getByLabelText('CA bundle path')).toHaveAccessibleDescription(/encrypted, but the server is not verified/);
    // Direct by default: the connect-via fields appear for "Connect via host:port" only.
    expect(screen.getByRole('radio', { name: /^Direct/ })).toBeChecked();
    expect(screen.queryByLabelText('Connect via host')).toBeNull();
    await user.click(screen.getByRole('radio', { name: /^Connect via host:port/ }));
    const port = screen.getByLabelText('Connect via port');
    await user.type(port, '6432');
    await openTab(user, 'Connection');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('tab', { name: /^TLS & network/ })).toHaveAttribute('aria-selected', 'true'));
    expect(fieldError(screen.getByLabelText('Connect via host'))).toBe('Connect via host is required when a connect via port is set');
    await retype(user, 'CA bundle path', '/etc/ssl/rds.pem');
    expect(screen.getByLabelText('CA bundle path')).toHaveAccessibleDescription(/verified against this bundle, chain and name/);
  });
});
