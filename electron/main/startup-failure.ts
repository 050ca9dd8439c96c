/**
 * What a user sees when the app cannot start: a native error box naming the cause and the log
 * file, shown before the app exits. Without it a start-up failure is a console line nobody who
 * launched the app from a desktop menu ever sees. Safe before `ready` (Electron then writes the
 * box to stderr on Linux).
 */
import type { Dialog } from 'electron';

/** Shows the start-up failure box; the caller exits afterwards. */
export function showStartupFailure(dialog: Pick<Dialog, 'showErrorBox'>, error: unknown, logFile: string): void {
  const cause = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('IAM DSN Manager could not start', `${cause}\n\nMore in the log: ${logFile}`);
}
