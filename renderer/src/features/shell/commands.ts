/**
 * The window's commands from the keyboard and the application menu, and their shortcuts in words:
 * the keyboard handler, the buttons' tooltips and aria-keyshortcuts and the context menu read the
 * one table in shared/commands.ts, which main's application menu shows too, so a shortcut is shown
 * wherever it works. Cmd on macOS, Ctrl elsewhere.
 */
import { useEffect, useEffectEvent } from 'react';
import { COMMAND_IDS, COMMANDS, type CommandId } from '../../../../shared/commands';
import { useApi } from '../../api';

export { type CommandId } from '../../../../shared/commands';

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
 * Runs the window's commands from the keyboard and from the application menu (main sends the
 * item's command; its accelerators are shown there but handled here, so a key runs once). Undo
 * is left to a text field that has the focus (its own undo), and no command runs while a modal
 * dialog is open (it has its own keys).
 */
export function useCommandKeys(run: (id: CommandId) => void): void {
  const api = useApi();
  const onCommand = useEffectEvent(run);
  useEffect(
    () =>
      api.on('menuCommand', ({ command }) => {
        if (document.querySelector('dialog[open]') === null) onCommand(command);
      }),
    [api],
  );
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
