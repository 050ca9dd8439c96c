/**
 * A context menu (role=menu) at a point: the first item has the focus, ↑/↓/Home/End move, Enter
 * runs, Escape or Tab or a click elsewhere closes it and focus goes back to where it was. Items
 * show their shortcut (aria-keyshortcuts too).
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  label: string;
  run: () => void;
  /** Shown at the right, e.g. "Ctrl+D". */
  shortcut?: string | undefined;
  /** For aria-keyshortcuts, e.g. "Control+D". */
  ariaShortcut?: string | undefined;
  danger?: boolean;
  disabled?: boolean;
}

interface MenuProps {
  label: string;
  items: readonly MenuItem[];
  /** Where it opens (client coordinates); it is kept inside the window. */
  at: { x: number; y: number };
  onClose: () => void;
}

export function Menu({ label, items, at, onClose }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState(at);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (menu === null) return;
    const { width, height } = menu.getBoundingClientRect();
    setPosition({ x: Math.max(4, Math.min(at.x, window.innerWidth - width - 4)), y: Math.max(4, Math.min(at.y, window.innerHeight - height - 4)) });
  }, [at]);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!(event.target instanceof Node) || ref.current?.contains(event.target) !== true) onClose();
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      if (opener?.isConnected === true) opener.focus();
    };
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move: Record<string, number | undefined> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 };
    const target = move[event.key];
    if (target !== undefined) {
      event.preventDefault();
      buttons[(target + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  return createPortal(
    <div ref={ref} className="menu" role="menu" aria-label={label} style={{ left: position.x, top: position.y }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={item.danger === true ? 'menu-item menu-danger' : 'menu-item'}
          disabled={item.disabled}
          aria-keyshortcuts={item.ariaShortcut}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut !== undefined && (
            <kbd className="menu-shortcut" aria-hidden="true">
              {item.shortcut}
            </kbd>
          )}
        </button>
      ))}
    </div>,
    document.body,
  );
}
