/**
 * Where to save a file, asked of the user: the port (only main chooses paths to write, always
 * through a native dialog) and its Electron adapter. Tests and the e2e harness pass their own.
 */
import * as electron from 'electron';
import type { BrowserWindow } from 'electron';

/** What the save dialog is asked. */
export interface SaveDialogOptions {
  title: string;
  /** A file name, or a path, the dialog starts with. */
  defaultPath: string;
  buttonLabel: string;
  filters: Array<{ name: string; extensions: string[] }>;
}

/** Asks the user where to save; `undefined` when the dialog was dismissed. */
export interface SaveDialogPort {
  choosePath(options: SaveDialogOptions): Promise<string | undefined>;
}

/** Electron's save dialog, modal to the main window when there is one. `electron.dialog` is read only when asked. */
export class ElectronSaveDialog implements SaveDialogPort {
  constructor(private readonly mainWindow: () => BrowserWindow | null) {}

  async choosePath(options: SaveDialogOptions): Promise<string | undefined> {
    const window = this.mainWindow();
    const chosen = window === null ? await electron.dialog.showSaveDialog(options) : await electron.dialog.showSaveDialog(window, options);
    return chosen.canceled ? undefined : chosen.filePath;
  }
}
