// @vitest-environment jsdom
/**
 * The Export tab follows the form: a recipe is the shared exporter's text of the form's current
 * values (no Generate, never stale); a live token or password comes from main and is marked out
 * of date — Copy and Save off — once the form changes; a credential is masked until shown.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS } from '../../../shared/export-types';
import { err, ok } from '../../../shared/result';
import { FakeApi, savedDsn } from './support/fake-api';
import { fillValidIamDsn, openTab, renderApp, retype } from './support/render-app';

function mockClipboard() {
  const writeText = vi.fn(async (_text: string) => undefined);
  // After userEvent.setup(), which installs its own clipboard stub.
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

const output = () => screen.getByLabelText<HTMLTextAreaElement>('Connection string');
const URI = 'postgresql://reader@mydb.abc.eu-west-2.rds.amazonaws.com:5432/postgres?sslmode=require&connect_timeout=10';

function liveApi(expiresAt = new Date(Date.now() + 15 * 60_000).toISOString()) {
  const api = new FakeApi();
  api.exportDsn.mockImplementation(async (request) =>
    ok({
      format: request.format,
      text: `postgresql://reader:SIGNED-TOKEN-${request.dsn.port}@h/db`,
      maskedText: `postgresql://reader:HIDDEN_TOKEN@h/db`,
      containsSecret: true,
      tokenExpiresAt: expiresAt,
      notes: [],
    }),
  );
  return api;
}

describe('Export', () => {
  it('a recipe follows the form as you type: no Generate, no call to main, never stale', async () => {
    const { user, api } = renderApp();
    const writeText = mockClipboard();
    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    expect(screen.getByLabelText('Export format')).toHaveValue('uri');
    expect(screen.queryByRole('button', { name: 'Generate' })).not.toBeInTheDocument();
    expect(output()).toHaveValue(URI);
    expect(output()).toHaveAttribute('readonly');
    expect(screen.getByRole('list', { name: 'Notes' })).toHaveTextContent('aws rds generate-db-auth-token');

    await openTab(user, 'Connection');
    await retype(user, 'Port', '6432');
    await openTab(user, 'Export');
    expect(output()).toHaveValue(URI.replace(':5432/', ':6432/'));

    await user.selectOptions(screen.getByLabelText('Export format'), 'keyword');
    expect(output()).toHaveValue('host=mydb.abc.eu-west-2.rds.amazonaws.com port=6432 dbname=postgres user=reader sslmode=require connect_timeout=10');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(output().value);
    expect(await screen.findByText(/Copied/)).toBeInTheDocument();
    expect(api.exportDsn).not.toHaveBeenCalled();
  });

  it('offers all 11 formats with their labels, in order', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    const options = within(screen.getByLabelText('Export format')).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('value'))).toEqual([...EXPORT_FORMATS]);
    expect(options.map((o) => o.textContent)).toEqual(EXPORT_FORMATS.map((f) => EXPORT_FORMAT_LABELS[f]));
  });

  it('live token: made on request, masked until shown, one expiry as a countdown', async () => {
    const api = liveApi();
    const { user } = renderApp(api);
    const writeText = mockClipboard();
    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    await user.click(screen.getByRole('radio', { name: 'With a live token' }));
    expect(screen.getByText(/the output is a credential/i)).toBeInTheDocument();
    await waitFor(() => expect(output()).toHaveValue('postgresql://reader:HIDDEN_TOKEN@h/db'));
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ includeToken: true, includePassword: false }));
    expect(output()).toHaveAccessibleDescription(/The secret is hidden on screen; Copy and Save to file use the real text/);
    const warning = screen.getByTestId('credential-warning');
    expect(warning).toHaveTextContent(/This text is a credential\. Its token stops working in 1[45]:\d\d/);
    expect(warning.querySelectorAll('time')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Show the secret' }));
    expect(output()).toHaveValue('postgresql://reader:SIGNED-TOKEN-5432@h/db');
    expect(screen.getByRole('button', { name: 'Hide the secret' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith('postgresql://reader:SIGNED-TOKEN-5432@h/db');
  });

  it('live token: once the form changes it is out of date, Copy and Save are off, until a new one is made', async () => {
    const api = liveApi();
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    await user.click(screen.getByRole('radio', { name: 'With a live token' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Copy' })).toBeEnabled());

    await openTab(user, 'Connection');
    await retype(user, 'Port', '6432');
    await openTab(user, 'Export');
    expect(screen.getByTestId('export-stale')).toHaveTextContent('Out of date: the form changed since this token was made');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save to file…' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Make a new token' }));
    await waitFor(() => expect(screen.queryByTestId('export-stale')).not.toBeInTheDocument());
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ dsn: expect.objectContaining({ port: 6432 }) }));
    expect(screen.getByRole('button', { name: 'Copy' })).toBeEnabled();
  });

  it('says when the token in the output has expired', async () => {
    const { user } = renderApp(liveApi('2025-01-01T00:00:00.000Z'));
    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    await user.click(screen.getByRole('radio', { name: 'With a live token' }));
    expect(await screen.findByText(/Its token has expired: make a new one/)).toBeInTheDocument();
  });

  it.each(['jdbc', 'python', 'odbc', 'json'] as const)('IAM %s signs its own token (or holds none): live is disabled and not requested', async (format) => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    await user.selectOptions(screen.getByLabelText('Export format'), format);
    const live = screen.getByRole('radio', { name: 'With a live token' });
    expect(live).toBeDisabled();
    expect(screen.getByRole('group', { name: 'Mode' })).toHaveAccessibleDescription(format === 'json' ? /never holds a secret/ : /signs its own token/);
    expect(output().value).not.toBe('');
    expect(api.exportDsn).not.toHaveBeenCalled();
  });

  it('database auth: "Include password" asks main, with the saved DSN', async () => {
    const dsn = savedDsn({ name: 'Legacy', authType: 'database', hasPassword: true });
    const api = new FakeApi([dsn]);
    api.exportDsn.mockImplementation(async (request) => ok({ format: request.format, text: 'postgresql://reader:pw@h/db', maskedText: 'postgresql://reader:HIDDEN_PASSWORD@h/db', containsSecret: true, notes: [] }));
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Legacy/ }));
    await openTab(user, 'Export');
    expect(screen.queryByRole('radio', { name: 'With a live token' })).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('Include password'));
    expect(screen.getByText(/holds the database password in clear and does not expire/)).toBeInTheDocument();
    await waitFor(() => expect(api.exportDsn).toHaveBeenCalledTimes(1));
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ includeToken: false, includePassword: true, dsn: expect.objectContaining({ id: dsn.id }) }));
    expect(await screen.findByText(/The password in it does not expire/)).toBeInTheDocument();
  });

  it('an invalid form shows no export text and points at the problem; an export error from main is shown', async () => {
    const api = new FakeApi();
    api.exportDsn.mockResolvedValueOnce(err('CREDENTIALS_MISSING', 'No AWS credentials found', { hint: 'Run aws sso login\nor set AWS_PROFILE' }));
    const { user } = renderApp(api);
    await openTab(user, 'Export');
    expect(screen.getByTestId('export-invalid')).toHaveTextContent('A field the connection needs is not valid');
    expect(screen.queryByLabelText('Connection string')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show the problem' }));
    await waitFor(() => expect(screen.getByLabelText('Server')).toHaveFocus());

    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    await user.click(screen.getByRole('radio', { name: 'With a live token' }));
    expect(await screen.findByText('Export failed')).toBeInTheDocument();
    expect(screen.getByTestId('error-hint').textContent).toBe('Run aws sso login\nor set AWS_PROFILE');
  });

  it('says when copying fails', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    await openTab(user, 'Export');
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) }, configurable: true });
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText(/Could not copy/)).toBeInTheDocument();
  });

  it('Copy psql command in the action bar copies the recipe of the current values, also unsaved', async () => {
    const { user, api } = renderApp();
    const writeText = mockClipboard();
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Copy psql command' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(writeText.mock.calls[0]?.[0]).toMatch(/^PGPASSWORD="\$\(aws rds generate-db-auth-token --hostname mydb\.abc\.eu-west-2\.rds\.amazonaws\.com .*\)" psql 'host=mydb/);
    expect(screen.getByTestId('action-status')).toHaveTextContent('psql command copied');
    expect(api.saveDsn).not.toHaveBeenCalled();
  });
});
