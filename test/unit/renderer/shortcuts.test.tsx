// @vitest-environment jsdom
/** The window's shortcuts (Ctrl on Linux and Windows): they run the command and are shown where the command is. */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FakeApi, savedDsn } from './support/fake-api';
import { fillValidIamDsn, renderApp } from './support/render-app';

describe('shortcuts', () => {
  it('are shown in the tooltips and announced', async () => {
    renderApp();
    expect(await screen.findByRole('button', { name: 'New DSN' })).toHaveAttribute('title', 'New DSN (Ctrl+N)');
    expect(screen.getByRole('button', { name: 'Save' })).toHaveAttribute('title', 'Save (Ctrl+S)');
    expect(screen.getByRole('button', { name: 'Test connection' })).toHaveAttribute('aria-keyshortcuts', 'Control+Enter');
    expect(screen.getByRole('button', { name: 'Copy psql command' })).toHaveAttribute('title', 'Copy psql command (Ctrl+Shift+C)');
  });

  it('Ctrl+S saves, Ctrl+Enter tests, Ctrl+Shift+C copies, Ctrl+F searches, Ctrl+N starts anew, Ctrl+D duplicates', async () => {
    const api = new FakeApi([savedDsn({ name: 'Existing' })]);
    const { user } = renderApp(api);
    await screen.findByRole('button', { name: /Existing/ });
    await fillValidIamDsn(user);
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.testConnection).toHaveBeenCalledTimes(1));
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.keyboard('{Control>}{Shift>}C{/Shift}{/Control}');
    await waitFor(() => expect(writeText.mock.calls[0]?.[0]).toMatch(/ psql 'host=mydb/));
    await user.keyboard('{Control>}f{/Control}');
    expect(screen.getByRole('searchbox', { name: 'Search DSNs' })).toHaveFocus();
    await user.keyboard('{Control>}d{/Control}');
    await waitFor(() => expect(api.duplicateDsn).toHaveBeenCalledTimes(1));
    await user.keyboard('{Control>}n{/Control}');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'New DSN' })).toBeInTheDocument());
  });

  it('do nothing while a dialog is open (it has its own keys)', async () => {
    const api = new FakeApi([savedDsn({ name: 'Existing' })]);
    const { user } = renderApp(api);
    const row = await screen.findByRole('button', { name: /Existing/ });
    await user.click(row);
    row.focus();
    await user.keyboard('{Delete}');
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
    await user.keyboard('{Control>}s{/Control}');
    expect(api.saveDsn).not.toHaveBeenCalled();
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
  });

  it('the library row menu opens from the keyboard (Shift+F10) and lists the shortcuts', async () => {
    const { user } = renderApp(new FakeApi([savedDsn({ name: 'Existing' })]));
    const row = await screen.findByRole('button', { name: /Existing/ });
    row.focus();
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = screen.getByRole('menu', { name: 'DSN Existing' });
    expect(within(menu).getAllByRole('menuitem').map((i) => i.textContent)).toEqual([
      'Open',
      'Test connection',
      'DuplicateCtrl+D',
      'Rename…F2',
      'Copy psql commandCtrl+Shift+C',
      'Add to favorites',
      'Delete…Del',
    ]);
    expect(within(menu).getByRole('menuitem', { name: 'Open' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(within(menu).getByRole('menuitem', { name: 'Test connection' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(row).toHaveFocus();
  });
});
