// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EXPORT_FORMAT_LABELS, EXPORT_FORMATS } from '../../../shared/export-types';
import { err, ok } from '../../../shared/result';
import { FakeApi, savedDsn } from './support/fake-api';
import { fillValidIamDsn, renderApp } from './support/render-app';

function mockClipboard() {
  const writeText = vi.fn(async (_text: string) => undefined);
  // After userEvent.setup(), which installs its own clipboard stub.
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

const output = () => screen.getByLabelText<HTMLTextAreaElement>('Connection string');

describe('Export', () => {
  it('generates a URI, switches to keyword/value, and copies', async () => {
    const { user, api } = renderApp();
    const writeText = mockClipboard();
    await fillValidIamDsn(user);
    expect(screen.getByLabelText('Export format')).toHaveValue('uri');
    await user.click(screen.getByRole('button', { name: 'Generate' }));

    await waitFor(() => expect(output()).toHaveValue('postgresql://reader@mydb.abc.eu-west-2.rds.amazonaws.com:5432/postgres?sslmode=require'));
    expect(output()).toHaveAttribute('readonly');
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'uri', includeToken: false, includePassword: false }));
    expect(screen.getByRole('list', { name: 'Notes' })).toHaveTextContent('aws rds generate-db-auth-token');

    await user.selectOptions(screen.getByLabelText('Export format'), 'keyword');
    await waitFor(() => expect(output()).toHaveValue('host=mydb.abc.eu-west-2.rds.amazonaws.com port=5432 dbname=postgres user=reader'));
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'keyword' }));

    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith('host=mydb.abc.eu-west-2.rds.amazonaws.com port=5432 dbname=postgres user=reader');
    expect(await screen.findByText(/Copied/)).toBeInTheDocument();
  });

  it('offers all 11 formats with their labels, in order', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    const options = within(screen.getByLabelText('Export format')).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('value'))).toEqual([...EXPORT_FORMATS]);
    expect(options.map((o) => o.textContent)).toEqual(EXPORT_FORMATS.map((f) => EXPORT_FORMAT_LABELS[f]));
  });

  it('IAM mode switch: recipe by default; live warns that the output is a credential and counts down to its expiry', async () => {
    const api = new FakeApi();
    const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
    api.exportDsn.mockImplementation(async (request) =>
      ok({ format: request.format, text: request.includeToken ? 'postgresql://reader:SIGNED-TOKEN@h/db' : 'postgresql://reader@h/db', containsSecret: request.includeToken, tokenExpiresAt: request.includeToken ? expiresAt : undefined, notes: [] }),
    );
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    const recipe = screen.getByRole('radio', { name: 'Recipe (no secret)' });
    const live = screen.getByRole('radio', { name: 'With a live token' });
    expect(recipe).toBeChecked();
    expect(screen.queryByText(/the output is a credential/i)).not.toBeInTheDocument();

    await user.click(live);
    expect(screen.getByText(/the output is a credential/i)).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Mode' })).toHaveAccessibleDescription(/until the token expires: at most 15 minutes/);

    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(output().value).toContain(':SIGNED-TOKEN@'));
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ includeToken: true, includePassword: false }));
    const result = screen.getByTestId('export-output');
    expect(within(result).getByText(/This text is a credential/)).toBeInTheDocument();
    expect(within(result).getByText(/stops working at/)).toBeInTheDocument();
    expect(result.querySelector('time')).toHaveAttribute('datetime', expiresAt);
    expect(screen.getByTestId('token-countdown').textContent).toMatch(/^1[45]:\d\d$/);
    // The output's own callout replaces the warning given when live was chosen.
    expect(screen.queryByText('Warning: the output is a credential.')).not.toBeInTheDocument();

    // Back to the recipe regenerates without the token.
    await user.click(recipe);
    await waitFor(() => expect(output().value).not.toContain('SIGNED-TOKEN'));
    expect(screen.queryByText(/the output is a credential/i)).not.toBeInTheDocument();
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ includeToken: false }));
  });

  it('says when the token in the output has expired', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('radio', { name: 'With a live token' }));
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    // The fake's token expired in 2025.
    expect(await screen.findByText(/stopped working at/)).toBeInTheDocument();
    expect(screen.getByText(/Generate again/)).toBeInTheDocument();
  });

  it.each(['jdbc', 'python', 'odbc', 'json'] as const)('IAM %s signs its own token (or holds none): live is disabled and not requested', async (format) => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('radio', { name: 'With a live token' }));
    await user.selectOptions(screen.getByLabelText('Export format'), format);
    const live = screen.getByRole('radio', { name: 'With a live token' });
    expect(live).toBeDisabled();
    expect(live).not.toBeChecked();
    expect(screen.queryByText(/the output is a credential/i)).not.toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Mode' })).toHaveAccessibleDescription(format === 'json' ? /never holds a secret/ : /signs its own token/);
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ format, includeToken: false })));
    // Another format brings the chosen live mode back.
    await user.selectOptions(screen.getByLabelText('Export format'), 'psql');
    expect(screen.getByRole('radio', { name: 'With a live token' })).toBeChecked();
  });

  it('offers "Include password" for database auth', async () => {
    const dsn = savedDsn({ name: 'Legacy', authType: 'database', hasPassword: true });
    const { user, api } = renderApp(new FakeApi([dsn]));
    await user.click(await screen.findByRole('button', { name: /Legacy/ }));
    expect(screen.queryByRole('radio', { name: 'With a live token' })).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('Include password'));
    expect(screen.getByText(/contains the database password in clear text and does not expire/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(api.exportDsn).toHaveBeenCalledTimes(1));
    expect(api.exportDsn).toHaveBeenLastCalledWith(
      expect.objectContaining({ includeToken: false, includePassword: true, dsn: expect.objectContaining({ id: dsn.id }) }),
    );
    expect(await screen.findByText(/The password in it does not expire/)).toBeInTheDocument();
  });

  it('does not export an invalid form, and shows export errors', async () => {
    const api = new FakeApi();
    api.exportDsn.mockResolvedValueOnce(err('CREDENTIALS_MISSING', 'No AWS credentials found', { hint: 'Run aws sso login\nor set AWS_PROFILE' }));
    const { user } = renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('Fix the highlighted fields first.')).toBeInTheDocument();
    expect(api.exportDsn).not.toHaveBeenCalled();

    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('Export failed')).toBeInTheDocument();
    expect(screen.getByText(/No AWS credentials found/)).toBeInTheDocument();
    expect(screen.getByTestId('error-hint').textContent).toBe('Run aws sso login\nor set AWS_PROFILE');
  });

  it('says when copying fails', async () => {
    const { user } = renderApp();
    await fillValidIamDsn(user);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) }, configurable: true });
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await user.click(await screen.findByRole('button', { name: 'Copy' }));
    expect(await screen.findByText(/Could not copy/)).toBeInTheDocument();
  });
});
