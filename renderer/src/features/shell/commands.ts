/**
 * The window's commands and their shortcuts, in one table: the keyboard handler, the buttons'
 * tooltips and aria-keyshortcuts, the context menu and (later) the application menu read it, so a
 * shortcut is shown wherever it works. Cmd on macOS, Ctrl elsewhere.
 */
import { useEffect, useEffectEvent } from 'react';

/** Every command a shortcut or a menu can run. */
export const COMMAND_IDS = ['new', 'save', 'search', 'test', 'duplicate', 'copy-psql', 'undo'] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

interface Shortcut {
  key: string;
  shift?: boolean;
}

/** Labels and shortcuts (with the platform's modifier: Cmd on macOS, Ctrl elsewhere). */
export const COMMANDS: Record<CommandId, { label: string; shortcut: Shortcut }> = {
  new: { label: 'New DSN', shortcut: { key: 'N' } },
  save: { label: 'Save', shortcut: { key: 'S' } },
  search: { label: 'Search DSNs', shortcut: { key: 'F' } },
  test: { label: 'Test connection', shortcut: { key: 'Enter' } },
  duplicate: { label: 'Duplicate', shortcut: { key: 'D' } },
  'copy-psql': { label: 'Copy psql command', shortcut: { key: 'C', shift: true } },
  undo: { label: 'Undo delete', shortcut: { key: 'Z' } },
};

/** True on macOS (the Cmd key), read once. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The shortcut as people read it: "Ctrl+Shift+C", or "⇧⌘C" on macOS. */
export function shortcutLabel(id: CommandId): string {
  const { key, shift } = COMMANDS[id].shortcut;
  const shown = key === 'Enter' ? (IS_MAC ? '↩' : 'Enter') : key;
  return IS_MAC ? `${shift === true ? '⇧' : ''}⌘${shown}` : `Ctrl+${shift === true ? 'Shift+' : ''}${shown}`;
}

/** The shortcut for aria-keyshortcuts ("Control+Shift+C" / "Meta+Shift+C"). */
export function ariaShortcut(id: CommandId): string {
  const { key, shift } = COMMANDS[id].shortcut;
  return `${IS_MAC ? 'Meta' : 'Control'}+${shift === true ? 'Shift+' : ''}${key}`;
}

/** "Save (Ctrl+S)", for a tooltip. */
export function withShortcut(id: CommandId, label: string = COMMANDS[id].label): string {
  return `${label} (${shortcutLabel(id)})`;
}

/** The command a key press means, if any. */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): CommandId | undefined {
  const modifier = IS_MAC ? event.metaKey : event.ctrlKey;
  if (!modifier || event.altKey) return undefined;
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return COMMAND_IDS.find((id) => {
    const s = COMMANDS[id].shortcut;
    return s.key === key && (s.shift === true) === event.shiftKey;
  });
}

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Runs the window's commands from the keyboard. Undo is left to a text field that has the focus
 * (its own undo), and no command runs while a modal dialog is open (it has its own keys).
 */
export function useCommandKeys(run: (id: CommandId) => void): void {
  const onCommand = useEffectEvent(run);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const id = commandFor(event);
      if (id === undefined) return;
      if (id === 'undo' && inTextField(event.target)) return;
      if (document.querySelector('dialog[open]') !== null) return;
      event.preventDefault();
      onCommand(id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
