// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { err } from '../../../shared/result';
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

  it('warns that a live token makes the output a credential, and says when it expires', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    expect(screen.queryByText(/the output is a credential/i)).not.toBeInTheDocument();
    const checkbox = screen.getByLabelText('Include a live token');
    await user.click(checkbox);
    expect(screen.getByText(/the output is a credential/i)).toBeInTheDocument();
    expect(checkbox).toHaveAccessibleDescription(/until the token expires: at most 15 minutes/);

    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(output().value).toContain(':SIGNED-TOKEN@'));
    expect(api.exportDsn).toHaveBeenLastCalledWith(expect.objectContaining({ includeToken: true, includePassword: false }));
    const result = screen.getByTestId('export-output');
    expect(within(result).getByText(/This text is a credential/)).toBeInTheDocument();
    expect(within(result).getByText(/stops working at/)).toBeInTheDocument();
    expect(result.querySelector('time')).toHaveAttribute('datetime', '2025-01-02T03:19:05.000Z');

    // Unticking regenerates without the token.
    await user.click(checkbox);
    await waitFor(() => expect(output().value).not.toContain('SIGNED-TOKEN'));
    expect(screen.queryByText(/the output is a credential/i)).not.toBeInTheDocument();
  });

  it('offers "Include password" for database auth', async () => {
    const dsn = savedDsn({ name: 'Legacy', authType: 'database', hasPassword: true });
    const { user, api } = renderApp(new FakeApi([dsn]));
    await user.click(await screen.findByRole('button', { name: /Legacy/ }));
    expect(screen.queryByLabelText('Include a live token')).not.toBeInTheDocument();
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
