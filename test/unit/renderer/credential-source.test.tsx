// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../shared/result';
import { FakeApi, PROFILES } from './support/fake-api';
import { fillValidIamDsn, openTab, renderApp, retype } from './support/render-app';

type User = ReturnType<typeof renderApp>['user'];

function optionLabels(select: HTMLElement): Array<[string, string]> {
  return within(select)
    .getAllByRole('option')
    .map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']);
}

async function openProfiles(user: User): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'Show profiles' }));
  return screen.getByRole('listbox', { name: 'AWS profiles' });
}

async function chooseProfile(user: User, name: string): Promise<void> {
  const list = await openProfiles(user);
  await user.click(within(list).getByRole('option', { name: new RegExp(`^${name} `) }));
}

describe('credential source', () => {
  it('offers the three kinds and shows only the chosen kind’s fields', async () => {
    const { user, api } = renderApp();
    await openTab(user, 'Credentials');
    const kind = await screen.findByLabelText('Credential source');
    expect(optionLabels(kind)).toEqual([
      ['default', 'Default AWS chain'],
      ['profile', 'Named profile'],
      ['static', 'Access keys'],
    ]);
    expect(kind).toHaveValue('default');
    expect(screen.queryByLabelText('Profile name')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Access key ID')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Assume a role')).not.toBeChecked();

    await user.selectOptions(kind, 'profile');
    expect(screen.getByRole('combobox', { name: 'Profile name' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Access key ID')).not.toBeInTheDocument();
    await waitFor(() => expect(api.listProfiles).toHaveBeenCalledTimes(1));

    await user.selectOptions(kind, 'static');
    expect(screen.queryByLabelText('Profile name')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Access key ID')).toHaveAttribute('type', 'text');
    expect(screen.getByLabelText('Secret access key')).toHaveAttribute('type', 'password');
    expect(screen.getByLabelText('Session token')).toHaveAttribute('type', 'password');
    expect(screen.queryByLabelText('Clear the stored keys')).not.toBeInTheDocument();

    await user.selectOptions(kind, 'default');
    expect(screen.queryByLabelText('Access key ID')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Assume a role')).toBeInTheDocument();

    // Database auth has no AWS credentials and no STS endpoint.
    expect(screen.getByLabelText('STS endpoint')).toBeInTheDocument();
    await openTab(user, 'Connection');
    await user.selectOptions(screen.getByLabelText('Authentication'), 'database');
    await openTab(user, 'Credentials');
    expect(screen.queryByLabelText('Credential source')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('STS endpoint')).not.toBeInTheDocument();
  });

  it('lists the profiles with their kind, region and MFA need; filters, keyboard and Refresh', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    await openTab(user, 'Credentials');
    await user.selectOptions(await screen.findByLabelText('Credential source'), 'profile');
    const input = screen.getByRole('combobox', { name: 'Profile name' });
    expect(input).toHaveAttribute('aria-expanded', 'false');

    const list = await openProfiles(user);
    expect(input).toHaveAttribute('aria-expanded', 'true');
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'default static keys us-east-1',
      'dev-sso SSO eu-west-1',
      'prod-admin role eu-central-1 needs MFA',
      'vault credential_process no region',
      'k8s web identity ap-south-1',
    ]);
    expect(within(list).getAllByText('needs MFA')).toHaveLength(1);

    // Typing filters; arrows and Enter choose.
    await user.type(input, 'dev');
    expect(within(list).getAllByRole('option')).toHaveLength(1);
    await user.keyboard('{ArrowDown}');
    const active = input.getAttribute('aria-activedescendant');
    expect(active).not.toBeNull();
    expect(document.getElementById(active ?? '')).toHaveTextContent('dev-sso');
    await user.keyboard('{Enter}');
    expect(input).toHaveValue('dev-sso');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveAccessibleDescription(/dev-sso SSO eu-west-1 from config/);

    // Escape closes the list without choosing.
    await user.keyboard('{ArrowDown}');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');

    api.listProfiles.mockResolvedValueOnce(ok([...PROFILES, { name: 'new-one', kind: 'static', needsMfa: false, sources: ['credentials'] }]));
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.listProfiles).toHaveBeenCalledTimes(2));
    const refreshed = await openProfiles(user);
    expect(within(refreshed).getAllByRole('option')).toHaveLength(6);
    await user.click(within(refreshed).getByRole('option', { name: /^new-one / }));
    expect(input).toHaveValue('new-one');
  });

  it('fills Region from a chosen profile only when the user has not set one', async () => {
    const { user } = renderApp();
    await user.type(await screen.findByLabelText('Server'), 'db.internal.example.com');
    await openTab(user, 'Credentials');
    await user.selectOptions(screen.getByLabelText('Credential source'), 'profile');
    const region = screen.getByLabelText('Region');
    expect(region).toHaveValue('');

    await chooseProfile(user, 'dev-sso');
    expect(region).toHaveValue('eu-west-1');
    expect(region).toHaveAccessibleDescription(/From profile “dev-sso”/);
    // Auto-filled, so another profile replaces it; one without a region leaves it.
    await chooseProfile(user, 'k8s');
    expect(region).toHaveValue('ap-south-1');
    await chooseProfile(user, 'vault');
    expect(region).toHaveValue('ap-south-1');

    // The user's own region is never overwritten.
    await openTab(user, 'Connection');
    await retype(user, 'Region', 'us-west-2');
    await openTab(user, 'Credentials');
    await chooseProfile(user, 'prod-admin');
    expect(region).toHaveValue('us-west-2');
    expect(screen.getByRole('combobox', { name: 'Profile name' })).toHaveValue('prod-admin');
  });

  it('keeps the region an RDS endpoint names over a profile’s region', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    await user.selectOptions(screen.getByLabelText('Credential source'), 'profile');
    await chooseProfile(user, 'dev-sso');
    expect(screen.getByLabelText('Region')).toHaveValue('eu-west-2');
    expect(screen.getByLabelText('Region')).toHaveAccessibleDescription(/detected from endpoint/i);
  });

  it('says when the profile files cannot be read, and still takes a typed name', async () => {
    const api = new FakeApi();
    api.listProfiles.mockResolvedValueOnce(
      err('STORE_IO', 'The AWS config file could not be read.', { detail: 'EACCES: permission denied, open /home/me/.aws/config <b>x</b>' }),
    );
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await openTab(user, 'Credentials');
    await user.selectOptions(screen.getByLabelText('Credential source'), 'profile');
    const alert = await screen.findByText('Could not read the AWS profile files');
    const callout = alert.closest('[role="alert"]');
    expect(callout).toHaveTextContent('The AWS config file could not be read.');
    expect(callout).toHaveTextContent('EACCES: permission denied, open /home/me/.aws/config <b>x</b>');
    expect(callout?.querySelector('b')).toBeNull();

    await user.type(screen.getByRole('combobox', { name: 'Profile name' }), 'typed-by-hand');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0].credentialSource).toEqual({ kind: 'profile', profile: 'typed-by-hand' });
  });
});
