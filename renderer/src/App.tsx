/**
 * The DSN window: the library on the left (resizable), the open DSN on the right, the status bar
 * below, MFA and SSH prompts over all. It owns what changes which DSN is open, so an unsaved edit is
 * never lost: opening another DSN, New, Duplicate, an import into the form and closing the window
 * (main asks, see WindowService) ask Save / Don't save / Cancel first. The last opened DSN reopens on start; the window title names it.
 */
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { type SavedDsn } from '../../shared/dsn';
import { useApi } from './api';
import { readStored, usePersistentState, writeStored } from './components/use-persistent-state';
import { DsnEditor, type EditorHandle } from './features/dsn-form/DsnEditor';
import type { SectionId } from './features/dsn-form/editor-sections';
import type { DsnDraft } from './features/import/draft';
import { KnownTagsContext } from './features/library/known-tags';
import { Sidebar, type RowCommands } from './features/library/Sidebar';
import { TestResultsProvider, useTestResults } from './features/library/test-results';
import { useDsnList } from './features/library/use-dsn-list';
import { useLibraryActions } from './features/library/use-library-actions';
import { MfaPrompt } from './features/mfa/MfaPrompt';
import { type CommandId, useCommandKeys } from './features/shell/commands';
import { Splitter } from './features/shell/Splitter';
import { StatusBar } from './features/shell/StatusBar';
import { UnsavedChangesDialog } from './features/shell/UnsavedChangesDialog';
import { SshPrompt } from './features/ssh-prompt/SshPrompt';
import { StoreStatusProvider } from './features/store-status/store-status';

const LAST_OPENED = 'iam-dsn:last-opened';
const isWidth = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));
const isId = (v: unknown): v is string => typeof v === 'string';

/** What the editor shows: a saved DSN, a new one, or a new one filled from an import. */
interface Opened {
  id: string | undefined;
  draft?: DsnDraft | undefined;
  section?: SectionId | undefined;
  /** Changes each time: the editor starts over. */
  key: number;
}

/** An action waiting for the unsaved-changes answer. */
interface Pending {
  next: string;
  run: () => void;
}

export function App() {
  return (
    <StoreStatusProvider>
      <TestResultsProvider>
        <Window />
      </TestResultsProvider>
    </StoreStatusProvider>
  );
}

function Window() {
  const api = useApi();
  const { state, reload, refresh, upsert, remove } = useDsnList();
  const dsns = useMemo(() => (state.status === 'ready' ? state.dsns : []), [state]);
  const [opened, setOpened] = useState<Opened>(() => ({ id: readStored(LAST_OPENED, undefined, isId), key: 0 }));
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState<Pending>();
  // Unset until the user drags the splitter: then the CSS default (300 px, less in a small window).
  const [width, setWidth] = usePersistentState<number | null>('iam-dsn:sidebar-width', null, isWidth);
  const editor = useRef<EditorHandle>(null);
  const search = useRef<HTMLInputElement>(null);
  const afterOpen = useRef<'test' | undefined>(undefined);
  const results = useTestResults();
  // The last opened DSN may be gone (deleted elsewhere): then the editor shows a new one.
  const selected = opened.id === undefined ? undefined : dsns.find((d) => d.id === opened.id);
  const openId = state.status === 'ready' && selected === undefined ? undefined : opened.id;
  const knownTags = useMemo(() => [...new Set(dsns.flatMap((d) => d.tags))].sort(), [dsns]);

  useEffect(() => {
    if (state.status === 'ready') writeStored(LAST_OPENED, openId ?? null);
  }, [state.status, openId]);

  const title = selected?.name ?? (opened.draft !== undefined ? 'New DSN (imported)' : 'New DSN');
  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${title} — IAM DSN Manager`;
  }, [title, dirty]);

  // On launch the focus starts in the library (or on New when it is empty).
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || state.status !== 'ready') return;
    focused.current = true;
    requestAnimationFrame(() => {
      // Never take the focus from where the user already put it.
      if (document.activeElement !== null && document.activeElement !== document.body) return;
      const current = document.querySelector<HTMLElement>('[data-testid="dsn-list"] [aria-current="true"]');
      (current ?? search.current ?? document.querySelector<HTMLElement>('.sidebar .primary'))?.focus();
    });
  }, [state.status]);

  /** Runs `run` now, or after Save / Don't save when the open DSN has unsaved changes. */
  const guard = (next: string, run: () => void) => (dirty || editor.current?.hasUnsavedChanges() === true ? setPending({ next, run }) : run());

  // Main holds a close (or quit) while there are unsaved edits, and asks here.
  useEffect(() => void api.setUnsavedChanges(dirty), [api, dirty]);
  const askClose = useEffectEvent((reason: 'close' | 'quit') =>
    guard(reason === 'quit' ? 'quit IAM DSN Manager' : 'close the window', () => void api.closeWindow()),
  );
  useEffect(() => api.on('closeRequested', ({ reason }) => askClose(reason)), [api]);

  const open = useCallback((next: Omit<Opened, 'key'>) => {
    setOpened((o) => ({ ...next, key: o.key + 1 }));
    setDirty(false);
  }, []);

  const actions = useLibraryActions({
    // Duplicate and Undo open the DSN they made; a rename keeps the editor (and its unsaved edits).
    onChanged: (dsn) => {
      upsert(dsn);
      open({ id: dsn.id });
    },
    onRenamed: upsert,
    onDeleted: (id) => {
      remove(id);
      if (id === openId) open({ id: undefined });
    },
  });

  const newDsn = () => guard('start a new DSN', () => open({ id: undefined }));
  const duplicate = (dsn: SavedDsn) => guard(`duplicate “${dsn.name}”`, () => void actions.duplicate(dsn));

  const commands: RowCommands = {
    open: (dsn) => {
      if (dsn.id !== openId) guard(`open “${dsn.name}”`, () => open({ id: dsn.id }));
    },
    test: (dsn) => {
      if (dsn.id === openId) editor.current?.test();
      else
        guard(`open and test “${dsn.name}”`, () => {
          afterOpen.current = 'test';
          open({ id: dsn.id });
        });
    },
    duplicate,
    copyPsql: (dsn) => {
      if (dsn.id === openId) return editor.current?.copyPsql();
      // The exporters load with the first copy, keeping them out of the first paint.
      void import('../../shared/formats')
        .then(({ exportDsn }) => navigator.clipboard.writeText(exportDsn(dsn, 'psql').text))
        .then(
        () => actions.notify(`Copied the psql command of “${dsn.name}”.`),
        () => actions.notify('Could not copy: open the DSN and copy it from Export.', 'error'),
      );
    },
    toggleFavorite: (dsn) => {
      const { id, hasPassword: _p, passwordSessionOnly: _s, hasSecretAccessKey: _k, hasSessionToken: _t, updatedAt: _u, ...fields } = dsn;
      void api.saveDsn({ ...fields, id, favorite: !dsn.favorite }).then((result) => (result.ok ? upsert(result.value) : actions.notify(`Not changed: ${result.error.message}`, 'error')));
    },
  };

  // A DSN opened to be tested: test once its editor is there.
  useEffect(() => {
    if (afterOpen.current !== 'test' || selected === undefined) return;
    afterOpen.current = undefined;
    editor.current?.test();
  }, [opened.key, selected]);

  const run = (id: CommandId) => {
    const commandsById: Record<CommandId, () => void> = {
      new: newDsn,
      save: () => void editor.current?.save(),
      search: () => search.current?.focus(),
      test: () => editor.current?.test(),
      duplicate: () => selected !== undefined && duplicate(selected),
      'copy-psql': () => editor.current?.copyPsql(),
      undo: actions.undoLast,
    };
    commandsById[id]();
  };
  useCommandKeys(run);

  const maxWidth = Math.max(320, Math.round(window.innerWidth * 0.5));
  return (
    <KnownTagsContext value={knownTags}>
      <div className="app" style={width === null ? undefined : { ['--sidebar-width' as string]: `${Math.min(width, maxWidth)}px` }}>
        <MfaPrompt />
        <SshPrompt />
        <div className="workspace">
          <aside className="sidebar-pane" id="library-pane" aria-label="DSN library">
            <Sidebar
              state={state}
              selectedId={openId}
              selectedDirty={dirty}
              actions={actions}
              commands={commands}
              onNew={newDsn}
              onRetry={reload}
              onImported={refresh}
              onImportString={(draft) => guard('fill a new DSN from the import', () => open({ id: undefined, draft }))}
              searchRef={search}
            />
            <Splitter width={Math.min(width ?? Math.min(300, Math.round(window.innerWidth * 0.3)), maxWidth)} min={220} max={maxWidth} onWidth={setWidth} controls="library-pane" />
          </aside>
          <main className="editor-pane">
            {(state.status !== 'loading' || opened.id === undefined) && (
              <DsnEditor
                key={opened.key}
                ref={editor}
                saved={selected}
                draft={selected === undefined ? opened.draft : undefined}
                initialSection={opened.section}
                onSaved={(dsn) => {
                  upsert(dsn);
                  setOpened((o) => ({ ...o, id: dsn.id, draft: undefined }));
                }}
                onDirtyChange={setDirty}
                onTested={results.record}
              />
            )}
          </main>
        </div>
        <StatusBar
          nameOf={(id) => dsns.find((d) => d.id === id)?.name}
          onOpenRefresher={(id) => {
            if (id === openId) editor.current?.showSection('token-files');
            else guard('open its token files', () => open({ id, section: 'token-files' }));
          }}
        />
        {pending !== undefined && (
          <UnsavedChangesDialog
            name={selected?.name ?? 'New DSN'}
            next={pending.next}
            onSave={async () => {
              const saved = (await editor.current?.save()) ?? false;
              if (saved) {
                setPending(undefined);
                pending.run();
              }
              return saved;
            }}
            onDiscard={() => {
              setPending(undefined);
              pending.run();
            }}
            onCancel={() => setPending(undefined)}
          />
        )}
      </div>
    </KnownTagsContext>
  );
}
