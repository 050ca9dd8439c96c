/**
 * The application menu's template in plain Node (Electron's types only): every window command is
 * in it once with the accelerator of shared/commands.ts, choosing it sends that command to the
 * window, and the standard Edit items keep text fields working on macOS.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from '../../../electron/main/app-menu';
import { COMMAND_IDS, type CommandId } from '../../../shared/commands';

vi.mock('electron', () => {
  throw new Error('app-menu.ts must not load electron');
});

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

describe('appMenuTemplate', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('%s: every command once, with its accelerator, sending its command', (platform) => {
    const send = vi.fn<(command: CommandId) => void>();
    const all = items(appMenuTemplate({ platform, send }));
    const accelerators = new Map(all.filter((i) => i.click !== undefined).map((i) => [i.label, i.accelerator]));
    expect(accelerators).toEqual(
      new Map([
        ['New DSN', 'CmdOrCtrl+N'],
        ['Save', 'CmdOrCtrl+S'],
        ['Undo', 'CmdOrCtrl+Z'],
        ['Search DSNs', 'CmdOrCtrl+F'],
        ['Test connection', 'CmdOrCtrl+Enter'],
        ['Copy psql command', 'CmdOrCtrl+Shift+C'],
        ['Duplicate', 'CmdOrCtrl+D'],
      ]),
    );
    for (const item of all.filter((i) => i.click !== undefined)) {
      // The page's key handler owns the keys: the menu shows them without registering them.
      expect(item.registerAccelerator).toBe(false);
      item.click?.({} as never, undefined, {} as never);
    }
    expect(send.mock.calls.map(([command]) => command).sort()).toEqual([...COMMAND_IDS].sort());
  });

  it('macOS: the app menu first, Close in File; elsewhere Quit in File; Edit has cut, copy, paste and select all', () => {
    const mac = appMenuTemplate({ platform: 'darwin', send: () => undefined });
    expect(mac[0]).toEqual({ role: 'appMenu' });
    const roles = (t: MenuItemConstructorOptions[]) => items(t).map((i) => i.role).filter((r) => r !== undefined);
    expect(roles(mac)).toContain('close');
    expect(roles(mac)).not.toContain('quit');
    const linux = appMenuTemplate({ platform: 'linux', send: () => undefined });
    expect(linux[0]?.label).toBe('File');
    expect(roles(linux)).toContain('quit');
    for (const t of [mac, linux]) expect(roles(t)).toEqual(expect.arrayContaining(['redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('developer tools only in a development build', () => {
    const roles = (dev: boolean) => items(appMenuTemplate({ platform: 'linux', send: () => undefined, dev })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
