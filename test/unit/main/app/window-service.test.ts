/**
 * The close guard of the main window, through its port in plain Node: a window with unsaved edits
 * is asked before it closes (or the app quits), and closes for real once the user answered.
 */
import { describe, expect, it, vi } from 'vitest';
import { type WindowControlPort, WindowService } from '../../../../electron/main/app/window-service';
import { createApiHandlers } from '../../../../electron/main/ipc/api-handlers';
import { testServices } from '../../../support/app';
import { MemoryLogger } from '../../../support/fakes';

const silentLogger = new MemoryLogger();

function fakeWindow(canAsk = true) {
  const port = {
    askToClose: vi.fn<WindowControlPort['askToClose']>(() => canAsk),
    close: vi.fn<WindowControlPort['close']>(),
    setEdited: vi.fn<NonNullable<WindowControlPort['setEdited']>>(),
  };
  return port;
}

describe('WindowService', () => {
  it('closes at once without unsaved edits, asking nothing', () => {
    const window = fakeWindow();
    const service = new WindowService({ window, logger: silentLogger });
    expect(service.onCloseAttempt('close')).toBe('close');
    expect(window.askToClose).not.toHaveBeenCalled();
  });

  it('with unsaved edits: keeps the window open and asks; the answer closes it without asking again', () => {
    const window = fakeWindow();
    const service = new WindowService({ window, logger: silentLogger });
    service.setUnsavedChanges(true);
    expect(window.setEdited).toHaveBeenLastCalledWith(true);
    expect(service.onCloseAttempt('close')).toBe('keep-open');
    expect(window.askToClose).toHaveBeenCalledWith({ reason: 'close' });
    expect(service.closeWindow()).toEqual({ ok: true, value: { closing: true } });
    expect(window.close).toHaveBeenCalledWith('close');
    // The close that follows goes through, once.
    expect(service.onCloseAttempt('close')).toBe('close');
    expect(service.onCloseAttempt('close')).toBe('keep-open');
  });

  it('a quit held for unsaved edits quits once answered', () => {
    const window = fakeWindow();
    const service = new WindowService({ window, logger: silentLogger });
    service.setUnsavedChanges(true);
    expect(service.onCloseAttempt('quit')).toBe('keep-open');
    service.closeWindow();
    expect(window.close).toHaveBeenCalledWith('quit');
  });

  it('Cancel (no answer) keeps it open; closeWindow without a question closes nothing', () => {
    const window = fakeWindow();
    const service = new WindowService({ window, logger: silentLogger });
    expect(service.closeWindow()).toEqual({ ok: true, value: { closing: false } });
    service.setUnsavedChanges(true);
    expect(service.onCloseAttempt('close')).toBe('keep-open');
    expect(service.onCloseAttempt('close')).toBe('keep-open');
    expect(window.close).not.toHaveBeenCalled();
  });

  it('saved meanwhile: the next close goes through', () => {
    const window = fakeWindow();
    const service = new WindowService({ window, logger: silentLogger });
    service.setUnsavedChanges(true);
    service.setUnsavedChanges(false);
    expect(service.onCloseAttempt('close')).toBe('close');
  });

  it('a window whose page cannot be asked closes (nothing to lose an answer to)', () => {
    const service = new WindowService({ window: fakeWindow(false), logger: silentLogger });
    service.setUnsavedChanges(true);
    expect(service.onCloseAttempt('close')).toBe('close');
  });

  it('through the IPC doors: the flag is validated, and the wiring has one WindowService', async () => {
    const window = fakeWindow();
    const handlers = createApiHandlers(testServices({ window }));
    expect((await handlers.setUnsavedChanges('yes')).ok).toBe(false);
    expect(await handlers.setUnsavedChanges(true)).toEqual({ ok: true, value: { unsaved: true } });
    expect(window.setEdited).toHaveBeenLastCalledWith(true);
    expect(await handlers.closeWindow()).toEqual({ ok: true, value: { closing: false } });
  });
});
