// @vitest-environment jsdom
/** Export → Save to file…: the request it sends, what it shows (path, mode, expiry), cancel and errors. */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { err } from '../../../shared/result';
import { FakeApi, savedDsn } from './support/fake-api';
import { fillValidIamDsn, openTab, renderApp } from './support/render-app';

type User = ReturnType<typeof renderApp>['user'];

/** The Export tab's output (a recipe at once; a live one once main answered). */
async function exportTab(user: User) {
  await openTab(user, 'Export');
  return screen.findByTestId('export-output');
}

describe('Save to file', () => {
  it('recipe: saves with the same options as the output and shows the path and mode 0644', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await exportTab(user);
    await user.selectOptions(screen.getByLabelText('Export format'), 'env');
    const out = await screen.findByTestId('export-output');
    await user.click(within(out).getByRole('button', { name: 'Save to file…' }));
    const result = await screen.findByTestId('save-result');
    expect(api.saveExport).toHaveBeenCalledTimes(1);
    expect(api.saveExport).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'env', includeToken: false, includePassword: false }));
    expect(api.saveExport.mock.calls[0]?.[0]).not.toHaveProperty('path');
    expect(within(result).getByTestId('saved-path')).toHaveTextContent('/home/me/env.txt');
    expect(within(result).getByTestId('saved-mode')).toHaveTextContent('mode 0644: others on this computer can read it');
  });

  it('live token: the file is 0600, and it says plainly that a fresh token (not the one shown) went in', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await exportTab(user);
    await user.selectOptions(screen.getByLabelText('Export format'), 'pgpass');
    await user.click(screen.getByRole('radio', { name: 'With a live token' }));
    const out = await screen.findByTestId('export-output');
    await waitFor(() => expect(out).toHaveAttribute('data-contains-secret', 'true'));
    await user.click(within(out).getByRole('button', { name: 'Save to file…' }));
    const result = await screen.findByTestId('save-result');
    expect(api.saveExport).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'pgpass', includeToken: true }));
    expect(within(result).getByTestId('saved-mode')).toHaveTextContent('mode 0600: only you can read it');
    expect(within(result).getByTestId('saved-token')).toHaveTextContent(/^A freshly signed token was written \(not the one shown here\); it stops working at/);
    expect(result.querySelector('time')).toHaveAttribute('datetime', '2025-01-02T03:19:05.000Z');
  });

  it('shows kept .pgpass entries and a replaced loose file', async () => {
    const api = new FakeApi();
    api.saveExport.mockResolvedValueOnce({ ok: true, value: { path: '/home/me/.pgpass', mode: '0600', containsSecret: true, keptLines: 3, replacedMode: '0644' } });
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    const out = await exportTab(user);
    await user.click(within(out).getByRole('button', { name: 'Save to file…' }));
    const result = await screen.findByTestId('save-result');
    expect(result).not.toHaveTextContent('below the new line');
    expect(result).toHaveTextContent("The file's 3 other entries were kept byte for byte, in their order.");
    expect(result).toHaveTextContent('The file it replaced was readable by others (mode 0644); the new one is 0600.');
  });

  it.each([
    ['replaced', "This DSN's line was replaced where it was. The file's 2 other entries were kept byte for byte, in their order."],
    ['added', "This DSN's line was added at the end. The file's 2 other entries were kept byte for byte, in their order."],
    ['before-wildcard', "This DSN's line was put just before the first wildcard (*) line that matched it, since libpq uses the first matching line."],
  ] as const)('says what became of the .pgpass lines: %s', async (pgpassLine, text) => {
    const api = new FakeApi();
    api.saveExport.mockResolvedValueOnce({ ok: true, value: { path: '/home/me/.pgpass', mode: '0600', containsSecret: true, keptLines: 2, pgpassLine } });
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    const out = await exportTab(user);
    await user.click(within(out).getByRole('button', { name: 'Save to file…' }));
    expect(await screen.findByTestId('saved-lines')).toHaveTextContent(text);
  });

  it('on Windows never claims a file mode', async () => {
    const api = new FakeApi();
    api.platform = 'win32';
    api.saveExport.mockResolvedValueOnce({ ok: true, value: { path: 'C:\\Users\\me\\pgpass.conf', mode: '0600', containsSecret: true, keptLines: 0, replacedMode: '0666' } });
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    const out = await exportTab(user);
    await user.click(within(out).getByRole('button', { name: 'Save to file…' }));
    const result = await screen.findByTestId('save-result');
    expect(result).toHaveTextContent('Windows has no file modes');
    expect(result).not.toHaveTextContent(/mode 0\d{3}|0600/);
  });

  it('a closed dialog says "Not saved."; an error is shown; a new output forgets the last save', async () => {
    const api = new FakeApi();
    api.saveExport.mockResolvedValueOnce(err('CANCELLED', 'Not saved: the save dialog was closed.'));
    api.saveExport.mockResolvedValueOnce(err('STORE_IO', 'Could not write /ro/x.', { hint: 'Choose a folder you can write to.', detail: 'EACCES' }));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    const out = await exportTab(user);
    const button = within(out).getByRole('button', { name: 'Save to file…' });
    await user.click(button);
    expect(await within(out).findByText('Not saved.')).toBeInTheDocument();
    await user.click(button);
    const alert = await within(out).findByRole('alert');
    expect(alert).toHaveTextContent('Could not write /ro/x.');
    expect(alert).toHaveTextContent('Choose a folder you can write to.');
    await user.click(within(out).getByRole('button', { name: 'Save to file…' }));
    expect(await screen.findByTestId('save-result')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Export format'), 'keyword');
    await waitFor(() => expect(screen.queryByTestId('save-result')).not.toBeInTheDocument());
  });

  it('database auth: Include password goes into the save request; JSON cannot carry it', async () => {
    const dsn = savedDsn({ name: 'Legacy', authType: 'database', hasPassword: true });
    const { user, api } = renderApp(new FakeApi([dsn]));
    await user.click(await screen.findByRole('button', { name: /Legacy/ }));
    await exportTab(user);
    await user.click(screen.getByLabelText('Include password'));
    const out = await screen.findByTestId('export-output');
    await waitFor(() => expect(out).toHaveAttribute('data-contains-secret', 'true'));
    await user.click(within(out).getByRole('button', { name: 'Save to file…' }));
    await screen.findByTestId('save-result');
    expect(api.saveExport).toHaveBeenLastCalledWith(expect.objectContaining({ includePassword: true, includeToken: false, dsn: expect.objectContaining({ id: dsn.id }) }));
    await user.selectOptions(screen.getByLabelText('Export format'), 'json');
    expect(screen.getByLabelText('Include password')).toBeDisabled();
    expect(screen.getByLabelText('Include password')).not.toBeChecked();
    // JSON is rendered here from the form, without the password and without asking main.
    expect(screen.getByLabelText<HTMLTextAreaElement>('Connection string').value).toContain('"name": "Legacy"');
    expect(api.exportDsn).not.toHaveBeenCalledWith(expect.objectContaining({ format: 'json' }));
  });
});
