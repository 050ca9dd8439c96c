/**
 * The main window's unsaved-changes guard: the window says whether the open DSN has unsaved
 * edits; closing the window (or quitting the app) then asks it first — Save / Don't save /
 * Cancel — instead of closing and losing them. Electron-free: the composition root passes the
 * window's controls as a port and calls {@link WindowService.onCloseAttempt} from the window's
 * `close` event (whose preventDefault keeps it open).
 */
import type { CloseRequest } from '../../../shared/ipc-contract';
import { ok, type Result } from '../../../shared/result';
import type { Logger } from '../platform/logger';

/** What the guard needs of the window and the app. */
export interface WindowControlPort {
  /** Asks the window about its unsaved edits (a push); false when no page can be asked. */
  askToClose(request: CloseRequest): boolean;
  /** Closes the window (`close`) or quits the app (`quit`) — this time without asking. */
  close(reason: CloseRequest['reason']): void;
  /** Shows the edited state where the OS has one (macOS's dot in the close button); optional. */
  setEdited?(edited: boolean): void;
}

export interface WindowServiceDeps {
  /** Absent (the CLI, the bench): nothing to close, nothing asked. */
  window?: WindowControlPort | undefined;
  logger: Logger;
}

/** What to do with a close: let it happen, or keep the window open while the user answers. */
export type CloseDecision = 'close' | 'keep-open';

export class WindowService {
  private unsaved = false;
  /** The close the window was asked about and not yet answered. */
  private asked: CloseRequest | undefined;
  /** Set by closeWindow(): the next close goes through unasked. */
  private allowed = false;

  constructor(private readonly deps: WindowServiceDeps) {}

  /** The window's unsaved state, as it last said. */
  setUnsavedChanges(unsaved: boolean): Result<{ unsaved: boolean }> {
    this.unsaved = unsaved;
    this.deps.window?.setEdited?.(unsaved);
    return ok({ unsaved });
  }

  /**
   * Called on the window's `close`: without unsaved edits (or once the user answered), it closes;
   * else the window is asked and stays open. A window that cannot be asked (no page) closes.
   */
  onCloseAttempt(reason: CloseRequest['reason']): CloseDecision {
    if (this.allowed || !this.unsaved) {
      this.allowed = false;
      this.asked = undefined;
      return 'close';
    }
    const window = this.deps.window;
    if (window === undefined || !window.askToClose({ reason })) return 'close';
    this.asked = { reason };
    this.deps.logger.info('Close held for unsaved changes', { reason });
    return 'keep-open';
  }

  /** The user answered Save or Don't save: closes (or quits) as asked. Nothing happens unless a close was asked about. */
  closeWindow(): Result<{ closing: boolean }> {
    const asked = this.asked;
    const window = this.deps.window;
    if (asked === undefined || window === undefined) return ok({ closing: false });
    this.allowed = true;
    this.asked = undefined;
    window.close(asked.reason);
    return ok({ closing: true });
  }
}
