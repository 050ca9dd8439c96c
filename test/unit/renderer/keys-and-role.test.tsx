// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, savedDsn } from './support/fake-api';
import { fieldError, fillValidIamDsn, openTab, renderApp, retype } from './support/render-app';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE-session-token';

const staticDsn = (overrides = {}) =>
  savedDsn({ name: 'Keys', credentialSource: { kind: 'static', accessKeyId: KEY_ID }, hasSecretAccessKey: true, hasSessionToken: true, ...overrides });

/** Every value and attribute in the DOM, to prove a secret is not in it. */
function domText(): string {
  const values = Array.from(document.querySelectorAll('input, textarea')).map((el) => (el as HTMLInputElement).value);
  return document.documentElement.outerHTML + values.join('\n');
}

describe('access keys', () => {
  it('are write-only: sent once on save, then gone from the form and shown as "stored"', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    await user.selectOptions(screen.getByLabelText('Credential source'), 'static');
    await user.type(screen.getByLabelText('Access key ID'), KEY_ID);
    await user.type(screen.getByLabelText('Secret access key'), SECRET);
    await user.type(screen.getByLabelText('Session token'), TOKEN);
    expect(screen.getByLabelText('Secret access key')).toHaveAccessibleDescription(/never shown again/);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({
      credentialSource: { kind: 'static', accessKeyId: KEY_ID },
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    });
    await waitFor(() => expect(screen.getByLabelText('Secret access key')).toHaveValue(''));
    expect(screen.getByLabelText('Session token')).toHaveValue('');
    expect(screen.getByLabelText('Secret access key')).toHaveAccessibleDescription(/^stored\b/);
    expect(screen.getByLabelText('Session token')).toHaveAccessibleDescription(/^stored\b/);
    expect(screen.getByLabelText('Secret access key')).toHaveAttribute('placeholder', 'Leave empty to keep the stored key');
    expect(domText()).not.toContain(SECRET);
    expect(domText()).not.toContain(TOKEN);

    // Saving again without typing keeps the stored secrets: nothing secret is sent.
    await openTab(user, 'Connection');
    await retype(user, 'Port', '5433');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(2));
    const second = api.saveDsn.mock.calls[1]?.[0];
    expect(second).not.toHaveProperty('secretAccessKey');
    expect(second).not.toHaveProperty('sessionToken');
    expect(second).not.toHaveProperty('clearStaticKeys');
  });

  it('needs a secret for new keys, a session token for ASIA keys, and a well-formed key id', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    await user.selectOptions(screen.getByLabelText('Credential source'), 'static');
    await user.type(screen.getByLabelText('Access key ID'), 'abc');
    await waitFor(() => expect(fieldError(screen.getByLabelText('Access key ID'))).toMatch(/must look like AKIA… or ASIA…/));
    expect(screen.getByLabelText('Access key ID')).toHaveAttribute('aria-invalid', 'true');

    await retype(user, 'Access key ID', 'ASIAIOSFODNN7EXAMPLE');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fieldError(screen.getByLabelText('Secret access key'))).toBe('Secret access key is required'));
    expect(fieldError(screen.getByLabelText('Session token'))).toBe('Session token is required for temporary (ASIA…) keys');
    expect(screen.getByLabelText('Secret access key')).toHaveAttribute('aria-invalid', 'true');
    expect(api.saveDsn).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('Secret access key'), SECRET);
    await user.type(screen.getByLabelText('Session token'), TOKEN);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
  });

  it('says "stored for this session only" when secrets cannot be encrypted', async () => {
    const api = new FakeApi([staticDsn()]);
    api.status = { secretStorage: 'session-only', storePath: '/tmp/config.json' };
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Keys/ }));
    await openTab(user, 'Credentials');
    await waitFor(() => expect(screen.getByLabelText('Secret access key')).toHaveAccessibleDescription(/^stored for this session only\b/));
    expect(screen.getByLabelText('Session token')).toHaveAccessibleDescription(/^stored for this session only\b/);
    expect(screen.getByLabelText('Access key ID')).toHaveValue(KEY_ID);
  });

  it('clears the stored keys on request, and asks for the secret of a changed key id', async () => {
    const dsn = staticDsn();
    const { user, api } = renderApp(new FakeApi([dsn]));
    await user.click(await screen.findByRole('button', { name: /Keys/ }));
    await openTab(user, 'Credentials');
    await retype(user, 'Access key ID', 'AKIAI44QH8DHBEXAMPLE');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fieldError(screen.getByLabelText('Secret access key'))).toBe('Type the secret access key of the new access key ID'));

    await user.click(screen.getByLabelText('Clear the stored keys'));
    expect(screen.getByLabelText('Clear the stored keys')).toHaveAccessibleDescription(/Removes the stored secret access key and session token/);
    await user.type(screen.getByLabelText('Secret access key'), SECRET);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ id: dsn.id, clearStaticKeys: true, secretAccessKey: SECRET });
    expect(api.saveDsn.mock.calls[0]?.[0]).not.toHaveProperty('sessionToken');
    await waitFor(() => expect(screen.getByLabelText('Session token')).toHaveAccessibleDescription(/^Optional\./));
  });

  it('removes stored keys when another source is chosen, and says so first', async () => {
    const dsn = staticDsn();
    const { user, api } = renderApp(new FakeApi([dsn]));
    await user.click(await screen.findByRole('button', { name: /Keys/ }));
    await openTab(user, 'Credentials');
    await user.selectOptions(screen.getByLabelText('Credential source'), 'default');
    expect(screen.getByLabelText('Credential source')).toHaveAccessibleDescription(/Saving with this source removes the stored access keys/);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ credentialSource: { kind: 'default' }, clearStaticKeys: true });
  });
});

describe('assume a role', () => {
  it('reveals the role fields with defaults, validates them inline, and sends them', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    expect(screen.queryByLabelText('Role ARN')).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('Assume a role'));
    expect(screen.getByRole('group', { name: 'Role to assume' })).toBeInTheDocument();
    expect(screen.getByLabelText('Session name')).toHaveValue('iam-dsn-manager');
    expect(screen.getByLabelText('Role session duration (seconds)')).toHaveValue('3600');
    expect(screen.getByLabelText('External ID')).toHaveValue('');
    expect(screen.getByLabelText('MFA device ARN')).toHaveValue('');

    const arn = screen.getByLabelText('Role ARN');
    await user.type(arn, 'arn:aws:iam::123:role/db');
    await waitFor(() => expect(fieldError(arn)).toBe('Role ARN must look like arn:aws:iam::123456789012:role/name'));
    expect(arn).toHaveAttribute('aria-invalid', 'true');
    expect(arn).toHaveAccessibleDescription(/must look like arn:aws:iam::123456789012:role\/name/);

    const duration = await retype(user, 'Role session duration (seconds)', '100');
    await waitFor(() => expect(fieldError(duration)).toBe('Role session duration must be a whole number from 900 to 43200'));
    expect(duration).toHaveAttribute('aria-invalid', 'true');

    const mfa = await retype(user, 'MFA device ARN', 'my phone');
    await waitFor(() => expect(fieldError(mfa)).toMatch(/MFA device must be an ARN/));
    const session = await retype(user, 'Session name', 'x');
    await waitFor(() => expect(fieldError(session)).toMatch(/Session name must be 2–64/));

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveDsn).not.toHaveBeenCalled();

    await retype(user, 'Role ARN', 'arn:aws:iam::123456789012:role/db-connect');
    await retype(user, 'Role session duration (seconds)', '7200');
    await retype(user, 'MFA device ARN', 'arn:aws:iam::123456789012:mfa/me');
    await retype(user, 'Session name', 'me-at-laptop');
    await user.type(screen.getByLabelText('External ID'), 'ext-42');
    await waitFor(() => expect(fieldError(screen.getByLabelText('Role ARN'))).toBeUndefined());
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0].assumeRole).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/db-connect',
      sessionName: 'me-at-laptop',
      externalId: 'ext-42',
      durationSeconds: 7200,
      mfaSerial: 'arn:aws:iam::123456789012:mfa/me',
    });
  });

  it('drops the role and its errors when unticked', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    await user.click(screen.getByLabelText('Assume a role'));
    await user.type(screen.getByLabelText('Role ARN'), 'nope');
    await waitFor(() => expect(fieldError(screen.getByLabelText('Role ARN'))).toMatch(/Role ARN must look like/));
    await user.click(screen.getByLabelText('Assume a role'));
    expect(screen.queryByLabelText('Role ARN')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).not.toHaveProperty('assumeRole');
    expect(screen.queryByText('Fix the highlighted fields to save.')).not.toBeInTheDocument();
  });
});

describe('STS endpoint', () => {
  it('sits in Credentials, explains itself, and is validated', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    const sts = screen.getByLabelText('STS endpoint');
    expect(sts).toHaveAccessibleDescription(/VPC interface endpoint.*FIPS.*Empty: the AWS default/);
    await user.type(sts, 'sts.example');
    await waitFor(() => expect(fieldError(sts)).toMatch(/STS endpoint must be an http\(s\) URL/));
    await retype(user, 'STS endpoint', 'https://sts-fips.us-east-1.amazonaws.com');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ stsEndpoint: 'https://sts-fips.us-east-1.amazonaws.com' });
  });

  it('shows a saved DSN’s STS endpoint', async () => {
    const { user } = renderApp(new FakeApi([savedDsn({ name: 'Vpce', stsEndpoint: 'https://vpce-1.sts.us-east-1.vpce.amazonaws.com' })]));
    await user.click(await screen.findByRole('button', { name: /Vpce/ }));
    await openTab(user, 'Credentials');
    expect(screen.getByLabelText('STS endpoint')).toBeVisible();
    expect(screen.getByLabelText('STS endpoint')).toHaveValue('https://vpce-1.sts.us-east-1.vpce.amazonaws.com');
  });
});
