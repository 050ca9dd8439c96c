// @vitest-environment jsdom
/**
 * The window's side of closing and of the application menu: it tells main whether there are
 * unsaved edits; a close or quit main holds asks Save / Don't save / Cancel, and only an answer
 * closes; a menu item runs its command like its key.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, savedDsn } from './support/fake-api';
import { renderApp, retype } from './support/render-app';

describe('closing the window', () => {
  it('tells main about unsaved edits as they come and go', async () => {
    const api = new FakeApi([savedDsn({ name: 'Existing' })]);
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Existing/ }));
    await waitFor(() => expect(api.setUnsavedChanges).toHaveBeenLastCalledWith(false));
    await retype(user, 'Port', '5433');
    await waitFor(() => expect(api.unsaved).toBe(true));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.unsaved).toBe(false));
  });

  it('a held close asks; Cancel keeps the window and the edit; Don’t save closes', async () => {
    const api = new FakeApi([savedDsn({ name: 'Existing' })]);
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Existing/ }));
    await retype(user, 'Port', '5433');
    act(() => api.emit('closeRequested', { reason: 'close' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Save changes to “Existing”?' });
    expect(dialog).toHaveTextContent(/close the window/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.closeWindow).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Port')).toHaveValue('5433');
    act(() => api.emit('closeRequested', { reason: 'quit' }));
    const again = await screen.findByRole('alertdialog');
    expect(again).toHaveTextContent(/quit IAM DSN Manager/);
    await user.click(within(again).getByRole('button', { name: 'Don’t save' }));
    await waitFor(() => expect(api.closeWindow).toHaveBeenCalledTimes(1));
    expect(api.saveDsn).not.toHaveBeenCalled();
  });

  it('Save in the close prompt saves first, then closes', async () => {
    const api = new FakeApi([savedDsn({ name: 'Existing' })]);
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Existing/ }));
    await retype(user, 'Port', '5433');
    act(() => api.emit('closeRequested', { reason: 'close' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.closeWindow).toHaveBeenCalledTimes(1));
    expect(api.saveDsn.mock.calls[0]?.[0]).toMatchObject({ port: 5433 });
    expect(api.saveDsn.mock.invocationCallOrder[0]).toBeLessThan(api.closeWindow.mock.invocationCallOrder[0] ?? 0);
  });
});

describe('the application menu', () => {
  it('runs a chosen item’s command (New DSN, Save, Test), and nothing while a dialog is open', async () => {
    const api = new FakeApi([savedDsn({ name: 'Existing' })]);
    const { user } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Existing/ }));
    act(() => api.emit('menuCommand', { command: 'test' }));
    await waitFor(() => expect(api.testConnection).toHaveBeenCalledTimes(1));
    await retype(user, 'Port', '5433');
    act(() => api.emit('menuCommand', { command: 'new' }));
    const dialog = await screen.findByRole('alertdialog');
    act(() => api.emit('menuCommand', { command: 'save' }));
    expect(api.saveDsn).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    act(() => api.emit('menuCommand', { command: 'save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
  });
});
