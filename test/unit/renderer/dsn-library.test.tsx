// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeApi, savedDsn } from './support/fake-api';
import { renderApp, rowMenu } from './support/render-app';

const list = () => screen.getByTestId('dsn-list');
/** The names the list shows, in order. */
const names = () => within(list()).queryAllByRole('button').filter((b) => b.classList.contains('dsn-item')).map((b) => b.querySelector('.dsn-item-name')?.textContent);
const item = (name: RegExp) => within(list()).getByRole('button', { name });
const search = () => screen.getByRole('searchbox', { name: 'Search DSNs' });

function library() {
  return new FakeApi([
    savedDsn({ name: 'Orders reader', server: 'orders.abc.us-east-1.rds.amazonaws.com', region: 'us-east-1', tags: ['prod'], updatedAt: '2025-01-01T00:00:00.000Z' }),
    savedDsn({ name: 'Billing', server: 'billing.xyz.eu-central-1.rds.amazonaws.com', region: 'eu-central-1', user: 'billing_app', authType: 'database', sslMode: 'require', hasPassword: true, tags: ['prod', 'finance'], updatedAt: '2025-03-01T00:00:00.000Z' }),
    savedDsn({ name: 'Analytics', server: 'analytics.def.eu-west-1.rds.amazonaws.com', region: 'eu-west-1', database: 'warehouse', tags: ['reporting'], updatedAt: '2025-02-01T00:00:00.000Z' }),
  ]);
}

describe('DSN library: search and sort', () => {
  it('filters as you type over name, server, user, database, region and tags, ignoring case', { timeout: 20_000 }, async () => {
    const { user } = renderApp(library());
    await screen.findByRole('button', { name: /Billing/ });
    expect(names()).toEqual(['Analytics', 'Billing', 'Orders reader']);
    expect(screen.getByTestId('list-count')).toHaveTextContent('3 DSNs');

    await user.type(search(), 'BILL');
    await waitFor(() => expect(names()).toEqual(['Billing']));
    expect(screen.getByTestId('list-count')).toHaveTextContent('1 of 3 DSNs');
    expect(item(/Billing/).querySelector('mark')).toHaveTextContent('Bill');

    const cases: Array<[string, string[]]> = [
      ['billing_app', ['Billing']], // user
      ['warehouse', ['Analytics']], // database
      ['eu-', ['Analytics', 'Billing']], // region
      ['report', ['Analytics']], // tag
      ['orders us-east', ['Orders reader']], // every word, any field
      ['rds.amazonaws.com', ['Analytics', 'Billing', 'Orders reader']], // server
    ];
    for (const [query, expected] of cases) {
      await user.clear(search());
      await user.paste(query);
      await waitFor(() => expect(names()).toEqual(expected));
    }

    await user.type(search(), ' nothing-like-this');
    expect(await screen.findByTestId('no-match')).toHaveTextContent('No DSN matches “rds.amazonaws.com nothing-like-this”');
    await user.keyboard('{Escape}');
    expect(search()).toHaveValue('');
    await waitFor(() => expect(names()).toHaveLength(3));
  });

  it('sorts by name, server or most recently updated', async () => {
    const { user } = renderApp(library());
    await screen.findByRole('button', { name: /Billing/ });
    await user.selectOptions(screen.getByLabelText('Sort by'), 'Server');
    expect(names()).toEqual(['Analytics', 'Billing', 'Orders reader']);
    await user.selectOptions(screen.getByLabelText('Sort by'), 'Recently updated');
    expect(names()).toEqual(['Billing', 'Analytics', 'Orders reader']);
    await user.selectOptions(screen.getByLabelText('Sort by'), 'Name');
    expect(names()).toEqual(['Analytics', 'Billing', 'Orders reader']);
  });

  it('filters by tag chips: every chosen tag must match', async () => {
    const { user } = renderApp(library());
    await screen.findByRole('button', { name: /Billing/ });
    // Folded until asked for, so the list keeps its rows.
    expect(screen.queryByRole('group', { name: 'Filter by tag' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Tags' }));
    const chips = screen.getByRole('group', { name: 'Filter by tag' });
    expect(within(chips).getAllByRole('button').map((b) => b.textContent)).toEqual(['finance (1)', 'prod (2)', 'reporting (1)']);

    const prod = within(chips).getByRole('button', { name: 'prod (2)' });
    await user.click(prod);
    expect(prod).toHaveAttribute('aria-pressed', 'true');
    expect(names()).toEqual(['Billing', 'Orders reader']);
    await user.click(within(chips).getByRole('button', { name: 'finance (1)' }));
    expect(names()).toEqual(['Billing']);
    await user.type(search(), 'orders');
    expect(await screen.findByTestId('no-match')).toHaveTextContent('with the chosen tags');
    await user.click(screen.getByRole('button', { name: 'Clear search and tags' }));
    expect(names()).toHaveLength(3);
    expect(prod).toHaveAttribute('aria-pressed', 'false');
  });

  it('is keyboard usable: ↓ from the search goes to the results, ↑ from the first goes back', async () => {
    const { user } = renderApp(library());
    await screen.findByRole('button', { name: /Billing/ });
    await user.click(search());
    await user.keyboard('eu{ArrowDown}');
    await waitFor(() => expect(item(/Analytics/)).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    expect(item(/Billing/)).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(search()).toHaveFocus();
  });
});

describe('DSN library: duplicate, rename, delete with undo', () => {
  it('duplicates the open DSN as "<name> copy", opens it, and says secrets are not copied', async () => {
    const { user, api } = renderApp(library());
    const row = await screen.findByRole('button', { name: /Billing/ });
    await user.click(row);
    await rowMenu(user, row, 'Duplicate');

    await waitFor(() => expect(names()).toEqual(['Analytics', 'Billing', 'Billing copy', 'Orders reader']));
    expect(api.duplicateDsn).toHaveBeenCalledWith(expect.any(String));
    expect(item(/Billing copy/)).toHaveAttribute('aria-current', 'true');
    expect(screen.getByLabelText('Name')).toHaveValue('Billing copy');
    expect(screen.getByTestId('toast')).toHaveTextContent('Duplicated as “Billing copy”. Stored passwords and keys are not copied');
    // Ctrl+D duplicates the open one.
    await user.keyboard('{Control>}d{/Control}');
    await waitFor(() => expect(names()).toContain('Billing copy 2'));
  });

  it('renames in a dialog; a taken name is shown on the field', async () => {
    const { user, api } = renderApp(library());
    const row = await screen.findByRole('button', { name: /Billing/ });
    await user.click(row);
    await rowMenu(user, row, 'Rename…');
    const dialog = screen.getByRole('dialog', { name: 'Rename DSN' });
    const field = within(dialog).getByLabelText('New name');
    expect(field).toHaveFocus();
    expect(field).toHaveValue('Billing');

    await user.clear(field);
    await user.type(field, 'analytics{Enter}');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('A DSN named "analytics" already exists.');
    expect(field).toHaveAccessibleDescription('A DSN named "analytics" already exists.');

    await user.clear(field);
    await user.type(field, 'Billing (EU){Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.renameDsn).toHaveBeenLastCalledWith(expect.any(String), 'Billing (EU)');
    expect(names()).toEqual(['Analytics', 'Billing (EU)', 'Orders reader']);
    expect(screen.getByLabelText('Name')).toHaveValue('Billing (EU)');
  });

  it('F2 on a row renames it; Escape closes the dialog without renaming', async () => {
    const { user, api } = renderApp(library());
    const row = await screen.findByRole('button', { name: /Analytics/ });
    row.focus();
    await user.keyboard('{F2}');
    expect(screen.getByRole('dialog', { name: 'Rename DSN' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.renameDsn).not.toHaveBeenCalled();
  });

  it('delete shows "Deleted “x”" with Undo; Undo restores the same DSN and opens it', async () => {
    const api = library();
    const billing = [...api.dsns.values()].find((d) => d.name === 'Billing');
    const { user } = renderApp(api);
    const row = await screen.findByRole('button', { name: /Billing/ });
    await user.click(row);
    await rowMenu(user, row, 'Delete…');
    const confirm = screen.getByRole('alertdialog', { name: 'Delete DSN?' });
    expect(confirm).toHaveAccessibleDescription(/You can undo this for a few seconds/);
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));

    const toast = await screen.findByTestId('toast');
    expect(toast).toHaveTextContent('Deleted “Billing”');
    expect(toast.closest('[role="status"]')).toHaveAttribute('aria-live', 'polite');
    expect(names()).toEqual(['Analytics', 'Orders reader']);

    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(names()).toEqual(['Analytics', 'Billing', 'Orders reader']));
    expect(api.restoreDsn).toHaveBeenCalledWith(billing?.id);
    expect(api.dsns.get(billing?.id ?? '')).toEqual(billing);
    expect(item(/Billing/)).toHaveAttribute('aria-current', 'true');
    expect(screen.getByTestId('toast')).toHaveTextContent('Restored “Billing”.');
  });

  it('Ctrl+Z undoes too; the Undo toast goes after 10 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const api = library();
      const { user } = renderApp(api, { advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
      const deleteOne = async (name: RegExp) => {
        await user.click(await screen.findByRole('button', { name }));
        await user.keyboard('{Delete}');
        await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
        await screen.findByText(/^Deleted “/);
      };
      await deleteOne(/Analytics/);
      await user.keyboard('{Control>}z{/Control}');
      await waitFor(() => expect(names()).toContain('Analytics'));

      await deleteOne(/Orders reader/);
      act(() => vi.advanceTimersByTime(9_000));
      expect(screen.getByTestId('toast')).toHaveTextContent('Deleted “Orders reader”');
      act(() => vi.advanceTimersByTime(1_100));
      expect(screen.queryByTestId('toast')).not.toBeInTheDocument();
      expect(api.restoreDsn).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('DSN library: tags, environment and favourites', () => {
  it('tags are a field of the form, saved with it; duplicates are refused; the list groups by them', async () => {
    const { user, api } = renderApp(library());
    await user.click(await screen.findByRole('button', { name: /Analytics/ }));
    const field = screen.getByRole('combobox', { name: 'Tags' });
    await user.type(field, ' eu {Enter}');
    expect(within(screen.getByRole('list', { name: 'Tags of this DSN' })).getAllByRole('listitem').map((li) => li.firstChild?.textContent)).toEqual(['reporting', 'eu']);
    await user.type(field, 'REPORTING,');
    expect(screen.getByRole('alert')).toHaveTextContent('Already tagged “REPORTING”');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Remove tag reporting' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0].tags).toEqual(['eu']);

    await user.selectOptions(screen.getByLabelText('Group'), 'tag');
    const groups = within(list()).getAllByRole('button', { expanded: true }).map((b) => b.querySelector('.tree-group-label')?.textContent);
    expect(groups).toEqual(['eu', 'prod']);
  });

  it('folds a group with ← and opens it with →', async () => {
    const { user } = renderApp(library());
    await screen.findByRole('button', { name: /Billing/ });
    await user.selectOptions(screen.getByLabelText('Group'), 'region');
    const group = within(list()).getByRole('button', { name: /^eu-central-1/, expanded: true });
    group.focus();
    await user.keyboard('{ArrowLeft}');
    expect(within(list()).getByRole('button', { name: /^eu-central-1/, expanded: false })).toHaveFocus();
    expect(names()).not.toContain('Billing');
    await user.keyboard('{ArrowRight}');
    expect(names()).toContain('Billing');
  });

  it('marks a production DSN and pins favourites at the top', async () => {
    const api = new FakeApi([savedDsn({ name: 'B prod', environment: 'production' }), savedDsn({ name: 'A dev', environment: 'development' })]);
    const { user } = renderApp(api);
    const prod = await screen.findByRole('button', { name: /B prod/ });
    expect(prod).toHaveAttribute('data-environment', 'production');
    await user.click(prod);
    expect(screen.getByTestId('editor-environment')).toHaveTextContent('Production');
    await rowMenu(user, prod, 'Add to favorites');
    await waitFor(() => expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ name: 'B prod', favorite: true, environment: 'production' }));
    await waitFor(() => expect(within(list()).getByRole('button', { name: /Favorites/ })).toBeInTheDocument());
    expect(names()).toEqual(['B prod', 'A dev']);
    expect(screen.getByRole('button', { name: 'Favorite' })).toHaveAttribute('aria-pressed', 'true');
  });
});

describe('DSN library: many DSNs', () => {
  it('keeps 1,000 DSNs windowed and still finds the last one', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => savedDsn({ name: `DSN ${String(i).padStart(4, '0')}`, server: `db${i}.abc.us-east-1.rds.amazonaws.com` }));
    const { user } = renderApp(new FakeApi(many));
    await screen.findByText('1,000 DSNs');
    expect(within(list()).queryAllByRole('listitem').length).toBeLessThan(60);
    await user.type(search(), 'db999.');
    await waitFor(() => expect(names()).toEqual(['DSN 0999']));
    expect(screen.getByTestId('list-count')).toHaveTextContent('1 of 1,000 DSNs');
  });
});
