/**
 * The DSN window's commands and their shortcuts, in one table for both sides: the application
 * menu (main) shows each with its accelerator and sends the command to the window; the window's
 * keyboard handler, its tooltips and aria-keyshortcuts read the same keys. Cmd on macOS, Ctrl
 * elsewhere.
 */

/** Every command a shortcut or a menu can run. */
export const COMMAND_IDS = ['new', 'save', 'search', 'test', 'duplicate', 'copy-psql', 'undo'] as const;
/** One of {@link COMMAND_IDS}. */
export type CommandId = (typeof COMMAND_IDS)[number];

/** A key with the platform's modifier (Cmd on macOS, Ctrl elsewhere), and Shift when set. */
export interface CommandShortcut {
  key: string;
  shift?: boolean;
}

/** Labels and shortcuts of the commands (a total table). */
export const COMMANDS: Record<CommandId, { label: string; shortcut: CommandShortcut }> = {
  new: { label: 'New DSN', shortcut: { key: 'N' } },
  save: { label: 'Save', shortcut: { key: 'S' } },
  search: { label: 'Search DSNs', shortcut: { key: 'F' } },
  test: { label: 'Test connection', shortcut: { key: 'Enter' } },
  duplicate: { label: 'Duplicate', shortcut: { key: 'D' } },
  'copy-psql': { label: 'Copy psql command', shortcut: { key: 'C', shift: true } },
  undo: { label: 'Undo delete', shortcut: { key: 'Z' } },
};

/** True when `value` names a command (a pushed payload is checked with it). */
export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && (COMMAND_IDS as readonly string[]).includes(value);
}

/** The shortcut as an Electron accelerator: "CmdOrCtrl+Shift+C". */
export function commandAccelerator(id: CommandId): string {
  const { key, shift } = COMMANDS[id].shortcut;
  return `CmdOrCtrl+${shift === true ? 'Shift+' : ''}${key}`;
}
