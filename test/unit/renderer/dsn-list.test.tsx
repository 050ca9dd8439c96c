// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { err } from '../../../shared/result';
import { FakeApi, savedDsn } from './support/fake-api';
import { fieldError, fillValidIamDsn, renderApp, retype, rowMenu } from './support/render-app';

const list = () => screen.getByTestId('dsn-list');

describe('saving and the DSN list', () => {
  it('saves a new DSN, shows it in the list and confirms', async () => {
    const { user, api } = renderApp();
    expect(await screen.findByText(/No saved DSNs yet/)).toBeInTheDocument();
    await fillValidIamDsn(user, '  Orders reader ');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/Saved “Orders reader”/)).toBeInTheDocument();
    expect(api.saveDsn).toHaveBeenCalledTimes(1);
    const input = api.saveDsn.mock.calls[0]?.[0];
    expect(input).toMatchObject({
      name: 'Orders reader',
      authType: 'iam',
      server: 'mydb.abc.eu-west-2.rds.amazonaws.com',
      port: 5432,
      user: 'reader',
      database: 'postgres',
      region: 'eu-west-2',
      sslMode: 'require',
      tokenExpirationSeconds: 900,
      credentialSource: { kind: 'default' },
    });
    expect(input).not.toHaveProperty('id');
    expect(input).not.toHaveProperty('password');

    const item = within(list()).getByRole('button', { name: /Orders reader/ });
    expect(item).toHaveAttribute('aria-current', 'true');
    expect(screen.getByRole('heading', { level: 1, name: 'Orders reader' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Orders reader — IAM DSN Manager'));

    // A second save updates the same DSN; until then the edit is marked, in the title too.
    await retype(user, 'Port', '5433');
    expect(screen.queryByText(/Saved “Orders reader”/)).not.toBeInTheDocument();
    expect(screen.getByTestId('action-status')).toHaveTextContent('Unsaved changes');
    expect(screen.getByRole('heading', { level: 1 })).toHaveAccessibleName(/^Orders reader ?\(unsaved changes\)$/);
    expect(within(list()).getByRole('img', { name: 'unsaved changes' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('● Orders reader — IAM DSN Manager'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(2));
    expect(api.saveDsn.mock.calls[1]?.[0]).toMatchObject({ id: api.dsns.keys().next().value, port: 5433 });
    expect(within(list()).getAllByRole('button')).toHaveLength(1);
    // The marker goes once main answered the save.
    await waitFor(() => expect(within(list()).queryByRole('img', { name: 'unsaved changes' })).not.toBeInTheDocument());
  });

  it('shows field errors returned by main on the fields', async () => {
    const api = new FakeApi();
    api.saveDsn.mockResolvedValueOnce(
      err('VALIDATION', 'The DSN is not valid', {
        fieldErrors: {
          server: ['Server is not reachable by that name'],
          'credentialSource.profile': ['Profile name is required'],
          _: ['Something about the whole DSN'],
        },
      }),
    );
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const server = screen.getByLabelText('Server');
    await waitFor(() => expect(fieldError(server)).toBe('Server is not reachable by that name'));
    expect(server).toHaveAttribute('aria-invalid', 'true');
    expect(server).toHaveFocus();
    expect(screen.getByText('Not saved')).toBeInTheDocument();
    expect(screen.getByText(/Something about the whole DSN/)).toBeInTheDocument();
    expect(screen.queryByText(/Saved “/)).not.toBeInTheDocument();
    expect(screen.getByTestId('dsn-list')).toBeEmptyDOMElement();
  });

  it('shows a name clash on the Name field', async () => {
    const api = new FakeApi();
    api.saveDsn.mockResolvedValueOnce(err('NAME_TAKEN', 'A DSN named "Orders reader" already exists'));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fieldError(screen.getByLabelText('Name'))).toBe('A DSN named "Orders reader" already exists'));
  });

  it('opens a saved DSN in the form, and New DSN starts over', async () => {
    const dsn = savedDsn({ name: 'Billing', server: 'billing.xyz.eu-central-1.rds.amazonaws.com', region: 'eu-central-1', port: 6543 });
    const { user } = renderApp(new FakeApi([dsn, savedDsn({ name: 'Analytics' })]));
    // Sorted by name.
    const items = await within(await screen.findByTestId('dsn-list')).findAllByRole('button');
    expect(items.map((b) => b.querySelector('.dsn-item-name')?.textContent)).toEqual(['Analytics', 'Billing']);

    await user.click(screen.getByRole('button', { name: /Billing/ }));
    expect(screen.getByLabelText('Name')).toHaveValue('Billing');
    expect(screen.getByLabelText('Port')).toHaveValue('6543');
    expect(screen.getByLabelText('Region')).toHaveAccessibleDescription(/detected from endpoint/i);

    await user.click(screen.getByRole('button', { name: 'New DSN' }));
    expect(screen.getByLabelText('Name')).toHaveValue('');
    expect(screen.getByLabelText('Port')).toHaveValue('5432');
    expect(within(list()).queryByRole('button', { current: true })).not.toBeInTheDocument();
  });

  it('asks before deleting; Escape cancels, Delete deletes', async () => {
    const dsn = savedDsn({ name: 'Billing', authType: 'database', hasPassword: true });
    const { user, api } = renderApp(new FakeApi([dsn]));
    const row = await screen.findByRole('button', { name: /Billing/ });
    await user.click(row);
    await rowMenu(user, row, 'Delete…');

    const dialog = screen.getByRole('alertdialog', { name: 'Delete DSN?' });
    expect(dialog.tagName).toBe('DIALOG');
    expect(dialog).toHaveAccessibleDescription(/Delete “Billing”\? Its stored password is removed too/);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    // The rest of the window is hidden while the dialog is open.
    expect(screen.queryByRole('button', { name: 'New DSN' })).not.toBeInTheDocument();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.deleteDsn).not.toHaveBeenCalled();
    expect(within(list()).getByRole('button', { name: /Billing/ })).toBeInTheDocument();
    expect(row).toHaveFocus();

    await user.keyboard('{Delete}');
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(api.deleteDsn).toHaveBeenCalledWith(dsn.id);
    expect(within(list()).queryByRole('button', { name: /Billing/ })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'New DSN' })).toBeInTheDocument();
  });

  it('is keyboard usable: arrows move through the list, Delete key asks to delete', async () => {
    const { user, api } = renderApp(new FakeApi([savedDsn({ name: 'A one' }), savedDsn({ name: 'B two' }), savedDsn({ name: 'C three' })]));
    const first = await screen.findByRole('button', { name: /A one/ });
    first.focus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('button', { name: /B two/ })).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByRole('button', { name: /C three/ })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByLabelText('Name')).toHaveValue('C three');
    screen.getByRole('button', { name: /C three/ }).focus();
    await user.keyboard('{Delete}');
    expect(screen.getByRole('alertdialog')).toHaveAccessibleDescription(/C three/);
    await user.keyboard('{Escape}');
    expect(api.deleteDsn).not.toHaveBeenCalled();
  });

  it('shows a load failure with Retry', async () => {
    const api = new FakeApi([savedDsn({ name: 'Back again' })]);
    api.listDsns.mockResolvedValueOnce(err('STORE_IO', 'Could not read the settings file', { detail: 'EACCES: permission denied' }));
    const { user } = renderApp(api);
    expect(await screen.findByText('Could not read the settings file', { exact: false })).toBeInTheDocument();
    expect(screen.getByText('EACCES: permission denied')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('button', { name: /Back again/ })).toBeInTheDocument();
  });
});

describe('status bar', () => {
  it('says secrets are encrypted by the OS keychain', async () => {
    renderApp();
    expect(await within(screen.getByTestId('status-bar')).findByText('Secrets encrypted by the OS keychain')).toBeInTheDocument();
  });

  it('warns that secrets are session-only and shows the store and the recovered file path', async () => {
    const api = new FakeApi();
    api.status = { secretStorage: 'session-only', storePath: '/home/me/.config/x/config.json', recoveredFromCorruptFile: '/home/me/.config/x/config.corrupt-1.json' };
    const { user } = renderApp(api);
    const item = await within(screen.getByTestId('status-bar')).findByRole('button', { name: /The store was damaged and reset/ });
    await user.click(item);
    const details = screen.getByRole('dialog', { name: 'Where DSNs and secrets are kept' });
    expect(details).toHaveTextContent(/Kept for this session only/);
    expect(details).toHaveTextContent('/home/me/.config/x/config.corrupt-1.json');
    expect(details).toHaveTextContent('/home/me/.config/x/config.json');
    await user.click(within(details).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('unsaved changes', () => {
  const two = () => new FakeApi([savedDsn({ name: 'Billing', port: 6543 }), savedDsn({ name: 'Analytics' })]);

  it('opening another DSN asks Save / Don’t save / Cancel; Cancel keeps the edit, Don’t save drops it', async () => {
    const { user, api } = renderApp(two());
    await user.click(await screen.findByRole('button', { name: /Billing/ }));
    await retype(user, 'Port', '7000');
    await user.click(screen.getByRole('button', { name: /Analytics/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Save changes to “Billing”?' });
    expect(dialog).toHaveAccessibleDescription(/If you open “Analytics” without saving, they are lost/);
    expect(within(dialog).getByRole('button', { name: 'Save' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByLabelText('Port')).toHaveValue('7000');
    expect(screen.getByLabelText('Name')).toHaveValue('Billing');

    await user.click(screen.getByRole('button', { name: /Analytics/ }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Don’t save' }));
    expect(screen.getByLabelText('Name')).toHaveValue('Analytics');
    expect(api.saveDsn).not.toHaveBeenCalled();
  });

  it('Save in the prompt saves the edit, then goes on', async () => {
    const { user, api } = renderApp(two());
    await user.click(await screen.findByRole('button', { name: /Billing/ }));
    await retype(user, 'Port', '7000');
    await user.click(screen.getByRole('button', { name: 'New DSN' }));
    await user.click(within(screen.getByRole('alertdialog', { name: /Save changes/ })).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'New DSN' })).toBeInTheDocument());
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ name: 'Billing', port: 7000 });
  });

  it('an invalid form cannot be saved from the prompt: it says so and stays', async () => {
    const { user } = renderApp(two());
    await user.click(await screen.findByRole('button', { name: /Billing/ }));
    await retype(user, 'Port', '0');
    await user.click(screen.getByRole('button', { name: /Analytics/ }));
    const dialog = screen.getByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/Not saved: fix the highlighted fields/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByLabelText('Name')).toHaveValue('Billing');
  });

  it('Duplicate asks too; a rename keeps the edit and takes the new name', async () => {
    const { user, api } = renderApp(two());
    const row = await screen.findByRole('button', { name: /Billing/ });
    await user.click(row);
    await retype(user, 'Port', '7000');
    await rowMenu(user, row, 'Duplicate');
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    expect(api.duplicateDsn).not.toHaveBeenCalled();

    await rowMenu(user, row, 'Rename…');
    const rename = screen.getByRole('dialog', { name: 'Rename DSN' });
    await retype(user, 'New name', 'Billing (eu)');
    await user.click(within(rename).getByRole('button', { name: 'Rename' }));
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveValue('Billing (eu)'));
    expect(screen.getByLabelText('Port')).toHaveValue('7000');
    expect(screen.getByTestId('action-status')).toHaveTextContent('Unsaved changes');
  });

  it('a new DSN with something typed counts as unsaved; an untouched one does not', async () => {
    const { user } = renderApp(two());
    await user.click(await screen.findByRole('button', { name: /Billing/ }));
    await user.click(screen.getByRole('button', { name: 'New DSN' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Server'), 'x');
    await user.click(screen.getByRole('button', { name: /Analytics/ }));
    expect(screen.getByRole('alertdialog', { name: 'Save changes to “New DSN”?' })).toBeInTheDocument();
  });
});
