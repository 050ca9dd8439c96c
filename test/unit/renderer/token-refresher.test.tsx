import '@testing-library/jest-dom/vitest';
// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RefresherStatus } from '../../../shared/ipc-contract';
import { err } from '../../../shared/result';
import { FakeApi, savedDsn } from './support/fake-api';
import { fillValidIamDsn, openTab, renderApp } from './support/render-app';

const panel = () => screen.getByRole('region', { name: 'Token file refresher' });

async function openSaved(api: FakeApi, name: string) {
  const view = renderApp(api);
  await view.user.click(await within(screen.getByTestId('dsn-list')).findByRole('button', { name: new RegExp(name) }));
  await openTab(view.user, 'Token files');
  return view;
}

describe('Token file refresher panel', () => {
  it('is shown for saved IAM DSNs only (not for a new DSN, not for database auth)', async () => {
    const iam = savedDsn({ name: 'Orders reader' });
    const db = savedDsn({ name: 'Legacy', authType: 'database', server: '10.0.0.5', region: '' });
    const { user } = await openSaved(new FakeApi([iam, db]), 'Orders reader');
    expect(panel()).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Legacy/ }));
    expect(screen.queryByRole('tab', { name: 'Token files' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Token file refresher' })).not.toBeInTheDocument();
  });

  it.each([
    ['linux', 'readable by you only (mode 0600)', undefined],
    ['win32', 'Windows has no file modes', /0600|mode 0/],
  ] as const)('on %s says how private the file is in terms that hold there', async (platform, says, never) => {
    const api = new FakeApi([savedDsn()]);
    api.platform = platform;
    await openSaved(api, 'Orders reader');
    expect(panel()).toHaveTextContent(says);
    if (never !== undefined) expect(panel()).not.toHaveTextContent(never);
  });

  it('is not offered before a new DSN is saved', async () => {
    const { user } = renderApp(new FakeApi());
    await fillValidIamDsn(user);
    await openTab(user, 'Token files');
    expect(screen.getByText(/Save the DSN first/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Token file refresher' })).not.toBeInTheDocument();
  });

  it('starts a .pgpass refresher, shows the status (file, line, last and next refresh, expiry), and stops it', async () => {
    const dsn = savedDsn();
    const api = new FakeApi([dsn]);
    const { user } = await openSaved(api, 'Orders reader');
    const p = within(panel());
    expect(p.getByLabelText('File kind')).toHaveValue('pgpass');
    expect(p.getByLabelText('File path')).toHaveValue('~/.pgpass');
    expect(p.getByLabelText('File path')).toHaveAccessibleDescription(/libpq reads ~\/.pgpass by itself/);
    await user.click(p.getByRole('button', { name: 'Start' }));

    expect(api.startRefresher).toHaveBeenCalledWith({ dsnId: dsn.id, target: { kind: 'pgpass', path: '~/.pgpass' } });
    const status = await p.findByTestId('refresher-status');
    expect(status).toHaveTextContent('Running');
    expect(status).toHaveTextContent('/home/me/.pgpass');
    expect(status).toHaveTextContent('orders.abc123.us-east-1.rds.amazonaws.com:5432:postgres:reader');
    expect(status).toHaveTextContent('(#1)');
    const times = [...status.querySelectorAll('time')].map((t) => t.getAttribute('datetime'));
    expect(times).toEqual(['2025-01-02T03:04:05.000Z', '2025-01-02T03:16:05.000Z', '2025-01-02T03:19:05.000Z']);
    expect(p.getByLabelText('File path')).toBeDisabled();
    expect(p.getByLabelText('File path')).toHaveValue('/home/me/.pgpass');

    await user.click(p.getByRole('button', { name: 'Stop' }));
    expect(api.stopRefresher).toHaveBeenCalledWith(dsn.id);
    await waitFor(() => expect(p.getByTestId('refresher-status')).toHaveTextContent('Stopped'));
    expect(p.getByRole('button', { name: 'Start' })).toBeEnabled();
    expect(p.getByLabelText('File path')).toBeEnabled();
  });

  it('switches to a password file with a path from the DSN name and shows how to use it', async () => {
    const api = new FakeApi([savedDsn({ name: 'Prod Orders' })]);
    const { user } = await openSaved(api, 'Prod Orders');
    const p = within(panel());
    await user.selectOptions(p.getByLabelText('File kind'), 'password-file');
    expect(p.getByLabelText('File path')).toHaveValue('~/prod-orders.token');
    expect(p.getByLabelText('File path')).toHaveAccessibleDescription(/PGPASSWORD="\$\(cat ~\/prod-orders.token\)" psql/);
    await user.click(p.getByRole('button', { name: 'Start' }));
    expect(api.startRefresher).toHaveBeenLastCalledWith(expect.objectContaining({ target: { kind: 'password-file', path: '~/prod-orders.token' } }));
  });

  it('shows why it did not start, on the path field for a path error', async () => {
    const api = new FakeApi([savedDsn()]);
    const { user } = await openSaved(api, 'Orders reader');
    const p = within(panel());
    await user.clear(p.getByLabelText('File path'));
    await user.type(p.getByLabelText('File path'), 'relative/pgpass');
    await user.click(p.getByRole('button', { name: 'Start' }));
    expect(await p.findByText('File path must be absolute, e.g. /home/me/.pgpass or ~/.pgpass')).toBeInTheDocument();
    expect(p.getByLabelText('File path')).toHaveAttribute('aria-invalid', 'true');

    api.startRefresher.mockResolvedValueOnce(err('VALIDATION', '/home/me/.pgpass is readable or writable by group or others (mode 0644); libpq ignores such a password file, so the refresher does not write into it.', { hint: 'Run: chmod 600 /home/me/.pgpass — then start again.' }));
    await user.clear(p.getByLabelText('File path'));
    await user.type(p.getByLabelText('File path'), '/home/me/.pgpass');
    await user.click(p.getByRole('button', { name: 'Start' }));
    const alert = await p.findByRole('alert');
    expect(alert).toHaveTextContent('Not started');
    expect(alert).toHaveTextContent('mode 0644');
    expect(within(alert).getByTestId('error-hint')).toHaveTextContent('chmod 600 /home/me/.pgpass');
    // Main also pushes the failed start's status (nothing written): the error is still shown once.
    const failed: RefresherStatus = { dsnId: api.startRefresher.mock.calls[0]?.[0].dsnId ?? '', target: { kind: 'pgpass', path: '/home/me/.pgpass' }, state: 'error', lastRefreshAt: null, nextRefreshAt: null, tokenExpiresAt: null, refreshCount: 0, lastError: { code: 'VALIDATION', message: 'mode 0644' } };
    act(() => api.emit('refresherStatus', failed));
    expect(p.getAllByRole('alert')).toHaveLength(1);
    expect(p.queryByTestId('refresher-status')).not.toBeInTheDocument();
  });

  it('shows a running refresher when the DSN opens, and follows pushed status changes (errors with hints)', async () => {
    const dsn = savedDsn();
    const api = new FakeApi([dsn]);
    const running: RefresherStatus = {
      dsnId: dsn.id,
      target: { kind: 'password-file', path: '/home/me/orders.token' },
      state: 'running',
      lastRefreshAt: '2025-01-02T03:04:05.000Z',
      nextRefreshAt: '2025-01-02T03:16:05.000Z',
      tokenExpiresAt: '2025-01-02T03:19:05.000Z',
      refreshCount: 3,
    };
    api.refreshers.set(dsn.id, running);
    const { user } = await openSaved(api, 'Orders reader');
    const p = within(panel());
    expect(await p.findByTestId('refresher-status')).toHaveTextContent('(#3)');
    expect(p.getByLabelText('File kind')).toHaveValue('password-file');
    expect(p.getByLabelText('File path')).toHaveValue('/home/me/orders.token');

    act(() => api.emit('refresherStatus', { ...running, dsnId: savedDsn().id, refreshCount: 99 }));
    act(() =>
      api.emit('refresherStatus', {
      ...running,
      state: 'error',
      nextRefreshAt: '2025-01-02T03:16:09.000Z',
      lastError: { code: 'SSO_LOGIN_REQUIRED', message: 'The AWS SSO session has expired.', hint: 'Run: aws sso login --profile dev' },
      }),
    );
    const status = await p.findByText(/Failing/);
    expect(status).toBeInTheDocument();
    expect(p.getByTestId('refresher-status')).not.toHaveTextContent('(#99)');
    expect(p.getByText('Next retry')).toBeInTheDocument();
    expect(p.getByRole('alert')).toHaveTextContent('the file keeps its previous token');
    expect(p.getByRole('alert')).toHaveTextContent('SSO_LOGIN_REQUIRED');
    // Still retrying: Stop is offered.
    expect(p.getByRole('button', { name: 'Stop' })).toBeInTheDocument();

    act(() => api.emit('refresherStatus', { ...running, state: 'error', nextRefreshAt: null, lastError: { code: 'MFA_REQUIRED', message: 'MFA code required' } }));
    expect(await p.findByText(/\(stopped\)/)).toBeInTheDocument();
    expect(p.getByRole('alert')).toHaveTextContent('The refresher stopped after a failure');
    expect(p.getByRole('button', { name: 'Start' })).toBeInTheDocument();
    await user.click(p.getByRole('button', { name: 'Start' }));
    expect(api.startRefresher).toHaveBeenLastCalledWith({ dsnId: dsn.id, target: { kind: 'pgpass', path: '~/.pgpass' } });
  });

  it('the status bar names running refreshers with their next refresh, and opens the DSN’s Token files', async () => {
    const dsn = savedDsn({ name: 'Refreshed one' });
    const api = new FakeApi([dsn, savedDsn({ name: 'Other' })]);
    api.refreshers.set(dsn.id, { dsnId: dsn.id, target: { kind: 'pgpass', path: '/home/me/.pgpass' }, state: 'running', lastRefreshAt: '2025-01-02T03:04:05.000Z', nextRefreshAt: '2025-01-02T03:16:05.000Z', tokenExpiresAt: '2025-01-02T03:19:05.000Z', refreshCount: 1 });
    const { user } = renderApp(api);
    const item = await within(screen.getByTestId('status-bar')).findByTestId('status-refreshers');
    expect(item).toHaveTextContent(/^1 token file refreshing · next: Refreshed one at/);
    expect(item.querySelector('time')).toHaveAttribute('datetime', '2025-01-02T03:16:05.000Z');
    expect(screen.getByTestId('status-bar')).toHaveTextContent('Refreshers stop when the app quits');
    await user.click(item);
    expect(await screen.findByRole('region', { name: 'Token file refresher' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Token files' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByLabelText('Name')).toHaveValue('Refreshed one');
  });

  it('unsubscribes when the DSN closes, and says when the form has unsaved changes', async () => {
    const api = new FakeApi([savedDsn(), savedDsn({ name: 'Second', server: 'second.abc123.us-east-1.rds.amazonaws.com' })]);
    const { user } = await openSaved(api, 'Orders reader');
    // The status bar listens too.
    expect(api.listenerCount('refresherStatus')).toBe(2);
    await user.type(screen.getByLabelText('User name'), 'x');
    expect(within(panel()).getByText(/save the form first/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Second/ }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Don’t save' }));
    await waitFor(() => expect(api.listenerCount('refresherStatus')).toBe(1));
  });
});
