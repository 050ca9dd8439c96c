/**
 * The list's actions on one DSN: duplicate, rename (dialog), delete (confirmation, then a toast
 * with Undo for 10 s) and undo. Results go up through `onChanged` / `onDeleted`; feedback is the toast.
 */
import { useCallback, useRef, useState } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import type { ToastMessage } from './Toast';

/** How long the Undo toast stays (paused while hovered or focused). */
export const UNDO_TOAST_MS = 10_000;
const INFO_TOAST_MS = 6_000;

export interface LibraryActionsOptions {
  /** A DSN was created (duplicate) or came back (undo): show and open it. */
  onChanged: (dsn: SavedDsn) => void;
  /** A DSN was renamed: show the new name; the editor stays as it is. */
  onRenamed: (dsn: SavedDsn) => void;
  onDeleted: (id: string) => void;
}

export function useLibraryActions({ onChanged, onRenamed, onDeleted }: LibraryActionsOptions) {
  const api = useApi();
  const [toast, setToast] = useState<ToastMessage>();
  const [renaming, setRenaming] = useState<SavedDsn>();
  const [confirming, setConfirming] = useState<SavedDsn>();
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<{ title: string; error: AppError }>();
  /** The last deleted DSN, while its Undo is offered. */
  const [lastDeleted, setLastDeleted] = useState<SavedDsn>();
  const toastIds = useRef(0);

  const show = useCallback((message: Omit<ToastMessage, 'id'>) => {
    toastIds.current += 1;
    setToast({ ...message, id: toastIds.current });
  }, []);
  const dismissToast = useCallback(() => {
    setToast(undefined);
    setLastDeleted(undefined);
  }, []);

  const undo = useCallback(
    async (dsn: SavedDsn) => {
      setToast(undefined);
      setLastDeleted(undefined);
      const result = await api.restoreDsn(dsn.id);
      if (result.ok) {
        onChanged(result.value);
        show({ text: `Restored “${result.value.name}”.`, durationMs: INFO_TOAST_MS });
      } else {
        show({ text: `“${dsn.name}” could not be restored: ${result.error.message}`, tone: 'error', durationMs: UNDO_TOAST_MS });
      }
    },
    [api, onChanged, show],
  );

  const duplicate = useCallback(
    async (dsn: SavedDsn) => {
      setFailure(undefined);
      const result = await api.duplicateDsn(dsn.id);
      if (!result.ok) {
        setFailure({ title: 'Not duplicated', error: result.error });
        return;
      }
      onChanged(result.value);
      show({ text: `Duplicated as “${result.value.name}”. Stored passwords and keys are not copied: enter them in the copy.`, durationMs: INFO_TOAST_MS });
    },
    [api, onChanged, show],
  );

  const renamed = useCallback(
    (dsn: SavedDsn) => {
      setRenaming(undefined);
      onRenamed(dsn);
      show({ text: `Renamed to “${dsn.name}”.`, durationMs: INFO_TOAST_MS });
    },
    [onRenamed, show],
  );

  const askDelete = useCallback((dsn: SavedDsn | undefined) => {
    if (dsn === undefined) return;
    setFailure(undefined);
    setConfirming(dsn);
  }, []);

  const confirmDelete = useCallback(async () => {
    if (confirming === undefined) return;
    const dsn = confirming;
    setDeleting(true);
    const result = await api.deleteDsn(dsn.id);
    setDeleting(false);
    setConfirming(undefined);
    if (!result.ok) {
      setFailure({ title: 'Not deleted', error: result.error });
      return;
    }
    onDeleted(dsn.id);
    setLastDeleted(dsn);
    show({ text: `Deleted “${dsn.name}”`, action: { label: 'Undo', run: () => void undo(dsn), shortcut: true }, durationMs: UNDO_TOAST_MS });
  }, [api, confirming, onDeleted, show, undo]);

  /** Ctrl+Z / ⌘Z: undoes the last delete while its toast is up. */
  const undoLast = useCallback(() => {
    if (lastDeleted !== undefined) void undo(lastDeleted);
  }, [lastDeleted, undo]);

  /** A message from elsewhere in the window (e.g. "Copied"). */
  const notify = useCallback((text: string, tone: 'info' | 'error' = 'info') => show({ text, tone, durationMs: INFO_TOAST_MS }), [show]);

  return {
    toast,
    dismissToast,
    undoLast,
    notify,
    failure,
    renaming,
    startRename: setRenaming,
    cancelRename: () => setRenaming(undefined),
    renamed,
    duplicate,
    confirming,
    deleting,
    askDelete,
    cancelDelete: () => setConfirming(undefined),
    confirmDelete,
  };
}
