/**
 * The DSN library's side of the IPC handlers (api-handlers.ts wraps each in its guard): duplicate,
 * rename, tags, undo of a delete, export and import. Arguments are untrusted and validated here with
 * the form's schemas; log lines carry ids and counts, never a name or a secret.
 */
import { type SavedDsn, tagsSchema } from '../../../shared/dsn';
import type { ImportLibraryReport, LibraryExport } from '../../../shared/ipc-contract';
import type { Result } from '../../../shared/result';
import type { Logger } from '../platform/logger';
import type { DsnLibrary } from '../library/library';
import { dsnIdSchema, dsnNameSchema, exportIdsSchema, importOptionsSchema, libraryJsonSchema, validate, validateField } from './schemas';

/** One body per library method, taking untrusted arguments. */
export function createLibraryHandlers(library: DsnLibrary, logger: Logger) {
  const idOf = (id: unknown) => validate(dsnIdSchema, id, 'DSN id');

  return {
    duplicate(id: unknown): Result<SavedDsn> {
      const parsed = idOf(id);
      if (!parsed.ok) return parsed;
      const copy = library.duplicate(parsed.value);
      if (copy.ok) logger.info('DSN duplicated', { from: parsed.value, id: copy.value.id });
      return copy;
    },

    rename(id: unknown, newName: unknown): Result<SavedDsn> {
      const parsed = idOf(id);
      if (!parsed.ok) return parsed;
      const name = validateField(dsnNameSchema, newName, 'name');
      if (!name.ok) return name;
      const renamed = library.rename(parsed.value, name.value);
      if (renamed.ok) logger.info('DSN renamed', { id: parsed.value });
      return renamed;
    },

    setTags(id: unknown, tags: unknown): Result<SavedDsn> {
      const parsed = idOf(id);
      if (!parsed.ok) return parsed;
      const list = validateField(tagsSchema, tags, 'tags');
      if (!list.ok) return list;
      const tagged = library.setTags(parsed.value, list.value);
      if (tagged.ok) logger.info('DSN tags set', { id: parsed.value, count: list.value.length });
      return tagged;
    },

    restore(id: unknown): Result<SavedDsn> {
      const parsed = idOf(id);
      if (!parsed.ok) return parsed;
      const restored = library.restore(parsed.value);
      logger.info('DSN restore', { id: parsed.value, code: restored.ok ? undefined : restored.error.code });
      return restored;
    },

    exportLibrary(ids: unknown): Result<LibraryExport> {
      const parsed = validate(exportIdsSchema, ids, 'DSN ids');
      if (!parsed.ok) return parsed;
      const exported = library.exportLibrary(parsed.value);
      if (exported.ok) logger.info('Library exported', { count: exported.value.count });
      return exported;
    },

    importLibrary(json: unknown, options: unknown): Result<ImportLibraryReport> {
      const text = validateField(libraryJsonSchema, json, 'json');
      if (!text.ok) return text;
      const opts = validate(importOptionsSchema, options, 'import options');
      if (!opts.ok) return opts;
      const report = library.importLibrary(text.value, opts.value);
      const r = report.ok ? report.value : undefined;
      logger.info('Library import', {
        dryRun: opts.value.dryRun === true,
        mode: opts.value.onConflict,
        code: report.ok ? undefined : report.error.code,
        total: r?.total,
        imported: r?.imported.length,
        renamed: r?.renamed.length,
        replaced: r?.replaced.length,
        skipped: r?.skipped.length,
      });
      return report;
    },
  };
}
