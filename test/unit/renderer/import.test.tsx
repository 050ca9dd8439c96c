// @vitest-environment jsdom
/**
 * "Import connection string…": the paste box parses in the page (nothing goes to main), lists
 * what was recognised and ignored, warns about a secret (never kept), names the broken part of a
 * malformed string, and "Create DSN" opens a NEW, unsaved form pre-filled with the values.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, savedDsn } from './support/fake-api';
import { openPasteBox as openImportMenu, renderApp } from './support/render-app';

const SERVER = 'orders.cluster-abc123.eu-west-1.rds.amazonaws.com';
const URI = `postgresql://app_user:Sup3rS3cret@${SERVER}:5432/orders?sslmode=verify-full&sslrootcert=/etc/ssl/rds.pem&hostaddr=127.0.0.1&application_name=x`;
const ODBC = `Driver={AWS Unicode ODBC Driver for PostgreSQL};Server=127.0.0.1;Port=15432;Database=orders;UserName=app_user;AuthType=IAM;Region=eu-west-1;SSLMode=require;IamHost=${SERVER};TokenExpiration=600;Password={tok}}en}`;

type User = ReturnType<typeof renderApp>['user'];

async function openPasteBox(user: User) {
  await screen.findByRole('button', { name: 'Import…' });
  await waitFor(() => expect(screen.getByRole('button', { name: 'Import…' })).toBeEnabled());
  await openImportMenu(user);
  return screen.findByRole('dialog', { name: 'Import a connection string' });
}

async function paste(user: User, dialog: HTMLElement, text: string) {
  const box = within(dialog).getByLabelText('Connection string');
  await user.clear(box);
  await user.click(box);
  await user.paste(text);
  await user.click(within(dialog).getByRole('button', { name: 'Parse' }));
}

/** The rows of a table as "cell | cell | …" lines. */
function rows(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((c) => c.textContent).join(' | '));
}

describe('Import a connection string', () => {
  it('libpq URI: recognised, ignored, the secret warning; Create DSN pre-fills a new unsaved form', async () => {
    const api = new FakeApi([savedDsn({ name: 'Existing' })]);
    const { user } = renderApp(api);
    const dialog = await openPasteBox(user);
    expect(within(dialog).getByLabelText('Connection string')).toHaveFocus();
    await paste(user, dialog, URI);

    expect(within(dialog).getByTestId('import-format')).toHaveTextContent('libpq URI');
    const recognised = rows(within(dialog).getByRole('table', { name: 'Recognised' }));
    // Field labels, as the form names them — never the internal keys.
    expect(recognised).toEqual(
      expect.arrayContaining([
        `host | Server | ${SERVER}`,
        'hostaddr | Connect via host | 127.0.0.1',
        'dbname | Database | orders',
        'user | User name | app_user',
        'sslmode | SSL mode | require, verified with the CA bundle (verify-full)',
        'sslrootcert | CA bundle path | /etc/ssl/rds.pem',
      ]),
    );
    const ignored = rows(within(dialog).getByRole('table', { name: 'Ignored' }));
    expect(ignored.some((r) => r.startsWith('password | a secret: not imported'))).toBe(true);
    expect(ignored.some((r) => r.startsWith('application_name | '))).toBe(true);
    expect(within(dialog).getByTestId('import-secret-warning')).toHaveTextContent('A password or token was in the string; it was not imported.');
    expect(within(dialog).getByRole('list', { name: 'Import notes' })).toHaveTextContent(/sslmode=verify-full: the server is verified against \/etc\/ssl\/rds\.pem, chain and name/);
    expect(within(dialog).getByTestId('import-outcome').textContent).not.toContain('Sup3rS3cret');

    await user.click(within(dialog).getByRole('button', { name: 'Create DSN' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: /^New DSN \(imported\) ?\(unsaved changes\)$/ })).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('app_user@orders');
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveFocus());
    expect(screen.getByLabelText('Server')).toHaveValue(SERVER);
    expect(screen.getByLabelText('User name')).toHaveValue('app_user');
    expect(screen.getByLabelText('Database')).toHaveValue('orders');
    expect(screen.getByLabelText('Region')).toHaveValue('eu-west-1');
    expect(screen.getByLabelText('Connect via host')).toHaveValue('127.0.0.1');
    expect(screen.getByLabelText('CA bundle path')).toHaveValue('/etc/ssl/rds.pem');
    expect(document.body.innerHTML).not.toContain('Sup3rS3cret');
    expect(api.saveDsn).not.toHaveBeenCalled();
    // No list entry is selected: it is a new DSN until saved.
    expect(screen.getByTestId('dsn-list').querySelector('[aria-current="true"]')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    const input = api.saveDsn.mock.calls[0]?.[0];
    expect(input).toMatchObject({ name: 'app_user@orders', server: SERVER, database: 'orders', user: 'app_user', region: 'eu-west-1', connectViaHost: '127.0.0.1', caBundlePath: '/etc/ssl/rds.pem' });
    expect(input).not.toHaveProperty('id');
    expect(JSON.stringify(input)).not.toContain('Sup3rS3cret');
  });

  it('ODBC (AWS driver): IAM, tunnel and token port; the Password in braces is not imported', async () => {
    const { user } = renderApp();
    const dialog = await openPasteBox(user);
    await paste(user, dialog, ODBC);
    expect(within(dialog).getByTestId('import-format')).toHaveTextContent('ODBC connection string');
    const recognised = rows(within(dialog).getByRole('table', { name: 'Recognised' }));
    expect(recognised).toEqual(
      expect.arrayContaining(['AuthType | Authentication | IAM', 'Region | Region | eu-west-1', `IamHost | Server | ${SERVER}`, 'Server | Connect via host | 127.0.0.1', 'Port | Connect via port | 15432', 'TokenExpiration | Token expiration | 600']),
    );
    expect(rows(within(dialog).getByRole('table', { name: 'Ignored' }))).toEqual(expect.arrayContaining([expect.stringMatching(/^Driver \| names the ODBC driver/), expect.stringMatching(/^Password \| a secret/)]));
    expect(within(dialog).getByTestId('import-outcome').textContent).not.toContain('tok}en');
    await user.click(within(dialog).getByRole('button', { name: 'Create DSN' }));
    expect(screen.getByLabelText('Server')).toHaveValue(SERVER);
    expect(screen.getByLabelText('Connect via port')).toHaveValue('15432');
    expect(screen.getByLabelText('Token expiration (seconds)')).toHaveValue('600');
    expect(screen.getByLabelText('Authentication')).toHaveValue('iam');
  });

  it('a malformed string: the error names the part; Create DSN stays disabled; editing clears the error', async () => {
    const { user } = renderApp();
    const dialog = await openPasteBox(user);
    await paste(user, dialog, "host=db.example.com password='abc user=me");
    const alert = within(dialog).getByTestId('import-error');
    expect(alert).toHaveTextContent("Unterminated quote in value of 'password' at position");
    expect(alert).toHaveTextContent('Read as a libpq keyword/value string.');
    expect(within(dialog).getByRole('button', { name: 'Create DSN' })).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Connection string'), "'");
    expect(within(dialog).queryByTestId('import-error')).not.toBeInTheDocument();
  });

  it('a JDBC URL with user:password@ in it: the error never shows the password', async () => {
    const { user } = renderApp();
    const dialog = await openPasteBox(user);
    await paste(user, dialog, 'jdbc:postgresql://bob:Hunter2Pw@db.example.com/app');
    const alert = within(dialog).getByTestId('import-error');
    expect(alert).toHaveTextContent("The host part 'db.example.com' is preceded by user information");
    expect(alert.textContent).not.toContain('Hunter2Pw');
  });

  it('Escape and Cancel close it without touching the form; the string never goes to the main process', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    let dialog = await openPasteBox(user);
    await paste(user, dialog, URI);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import…' })).toHaveFocus();
    dialog = await openPasteBox(user);
    expect(within(dialog).getByLabelText('Connection string')).toHaveValue('');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByLabelText('Server')).toHaveValue('');
    const calls = Object.values(api).filter((v): v is { mock: { calls: unknown[][] } } => typeof v === 'function' && 'mock' in v).flatMap((f) => f.mock.calls);
    expect(JSON.stringify(calls)).not.toContain('Sup3rS3cret');
  });

  it('New DSN after an import starts empty again', async () => {
    const { user } = renderApp();
    const dialog = await openPasteBox(user);
    await paste(user, dialog, URI);
    await user.click(within(dialog).getByRole('button', { name: 'Create DSN' }));
    expect(screen.getByLabelText('Server')).toHaveValue(SERVER);
    // An imported, unsaved DSN is unsaved work: New asks first.
    await user.click(screen.getByRole('button', { name: 'New DSN' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Save changes to “New DSN”?' })).getByRole('button', { name: 'Don’t save' }));
    expect(screen.getByLabelText('Server')).toHaveValue('');
    expect(screen.getByRole('heading', { name: 'New DSN' })).toBeInTheDocument();
  });

  it('an RDS psql line without a password becomes an IAM DSN', async () => {
    const { user } = renderApp();
    const dialog = await openPasteBox(user);
    await paste(user, dialog, `psql "host=${SERVER} port=5432 dbname=orders user=app_user sslmode=require"`);
    expect(within(dialog).getByRole('list', { name: 'Import notes' })).toHaveTextContent(/Authentication was set to IAM: the server is an Amazon RDS endpoint/);
    await user.click(within(dialog).getByRole('button', { name: 'Create DSN' }));
    expect(screen.getByLabelText('Authentication')).toHaveValue('iam');
    expect(screen.getByLabelText('Region')).toHaveValue('eu-west-1');
  });

  it('verify-full without a root certificate keeps verification: the new DSN needs a CA bundle before it saves', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    const dialog = await openPasteBox(user);
    await paste(user, dialog, `postgresql://app_user@${SERVER}/orders?sslmode=verify-full`);
    await user.click(within(dialog).getByRole('button', { name: 'Create DSN' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('tab', { name: /^TLS & network/ })).toHaveAttribute('aria-selected', 'true'));
    const ca = screen.getByLabelText('CA bundle path');
    expect(ca).toHaveAccessibleDescription(/The imported string asked for sslmode=verify-full: set a CA bundle so the server stays verified/);
    expect(api.saveDsn).not.toHaveBeenCalled();
    await user.type(ca, '/etc/ssl/rds.pem');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ sslMode: 'require', caBundlePath: '/etc/ssl/rds.pem' });
  });
});
