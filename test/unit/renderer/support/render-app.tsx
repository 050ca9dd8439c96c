/** Renders the whole DSN window with a fake API, and common user steps. */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import userEvent from '@testing-library/user-event';
import { ApiProvider } from '../../../../renderer/src/api';
import { App } from '../../../../renderer/src/App';
import { FakeApi } from './fake-api';

/** Renders the app; pass `advanceTimers` (vi.advanceTimersByTime) when the test uses fake timers. */
export function renderApp(api: FakeApi = new FakeApi(), options: { advanceTimers?: (ms: number) => unknown } = {}) {
  // No pause between keystrokes (delay: null): the tests wait for what the page shows, not for the clock.
  const user = userEvent.setup(options.advanceTimers === undefined ? { delay: null } : { delay: null, advanceTimers: options.advanceTimers });
  const view = render(
    <ApiProvider api={api}>
      <App />
    </ApiProvider>,
  );
  return { api, user, ...view };
}

type User = ReturnType<typeof userEvent.setup>;

/** Replaces a text field's content (an empty `text` just clears it). */
export async function retype(user: User, label: string, text: string): Promise<HTMLElement> {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  if (text !== '') await user.type(input, text);
  return input;
}

/** Fills a valid new IAM DSN (the region comes from the server name). */
export async function fillValidIamDsn(user: User, name = 'Orders reader'): Promise<void> {
  await user.type(screen.getByLabelText('Name'), name);
  await user.type(screen.getByLabelText('Server'), 'mydb.abc.eu-west-2.rds.amazonaws.com');
  await user.type(screen.getByLabelText('User name'), 'reader');
}

/** The text of the error message tied to a field (aria-describedby), or undefined. */
export function fieldError(input: HTMLElement): string | undefined {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el?.getAttribute('role') === 'alert') return el.textContent ?? '';
  }
  return undefined;
}

/** Opens one of the editor's tabs (Connection, Credentials, TLS & network, Export, IAM setup, Token files). */
export async function openTab(user: User, name: string): Promise<void> {
  const tab = screen.getByRole('tab', { name: new RegExp(`^${name.replace(/[&]/g, '\\$&')}`) });
  await user.click(tab);
  // Export, IAM setup and Token files load when first shown.
  const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
  await waitFor(() => expect(panel?.querySelector('.panel, .form-section, .empty-note')).not.toBeNull());
}

/** Opens a row's context menu in the library and picks an item. */
export async function rowMenu(user: User, row: HTMLElement, item: string): Promise<void> {
  fireEvent.contextMenu(row, { clientX: 20, clientY: 20 });
  await user.click(await screen.findByRole('menuitem', { name: item }));
}

/** Import → "Import connection string…" (the paste box). */
export async function openPasteBox(user: User): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Import…' }));
  await user.click(screen.getByRole('menuitem', { name: 'Import connection string…' }));
}
