/**
 * The application menu: every window command of shared/commands.ts with its accelerator, so the
 * shortcuts are shown in the menus, plus the platform's standard items (the app menu on macOS,
 * Edit's cut/copy/paste — without them text fields lose their shortcuts on macOS — zoom, window).
 * A command item sends its command to the window (`send`), which runs it as the keyboard does.
 * The window's keydown handler owns the keys (it knows when a dialog is open or a text field
 * wants Undo), so the menu shows the accelerators without registering them where Electron
 * allows (`registerAccelerator`, Linux and Windows); on macOS a key the page handled never
 * reaches the menu. Electron is imported for types only: the template is tested in plain Node.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { type CommandId, COMMANDS, commandAccelerator } from '../../shared/commands';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Sends a command to the main window (a push the page's command handler runs). */
  send: (command: CommandId) => void;
  /** Development build: View offers the developer tools. */
  dev?: boolean;
}

/** Labels in the menu where they differ from the buttons' (Undo acts on text fields too). */
const menuLabel = (id: CommandId): string => (id === 'undo' ? 'Undo' : COMMANDS[id].label);

/** The menu template; the composition root passes it to Menu.buildFromTemplate. */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const command = (id: CommandId): MenuItemConstructorOptions => ({
    label: menuLabel(id),
    accelerator: commandAccelerator(id),
    registerAccelerator: false,
    click: () => options.send(id),
  });
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [command('new'), separator, command('save'), separator, mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [command('undo'), { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }, separator, command('search')],
    },
    { label: 'DSN', submenu: [command('test'), command('copy-psql'), separator, command('duplicate')] },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }, ...(options.dev === true ? [separator, { role: 'toggleDevTools' } satisfies MenuItemConstructorOptions] : [])],
    },
    { role: 'windowMenu' },
  ];
}
