/**
 * The DSN library as use cases: save, delete with undo, duplicate, rename, tags, and export /
 * import of a set, over the store (library/store.ts) and the library (library/library.ts). Log
 * lines carry ids, kinds and counts, never a name or a secret.
 */
import type { DsnInput, SavedDsn } from '../../../shared/dsn';
import type { ImportLibraryOptions, ImportLibraryReport, LibraryExport, StoreStatus } from '../../../shared/ipc-contract';
import { ok, type Result } from '../../../shared/result';
import type { DsnLibrary } from '../library/library';
import type { DsnStorePort } from '../library/store';
import type { Logger } from '../platform/logger';

export interface DsnServiceDeps {
  store: DsnStorePort;
  library: DsnLibrary;
  logger: Logger;
}

export class DsnService {
  constructor(private readonly deps: DsnServiceDeps) {}

  list(): Result<SavedDsn[]> {
    return this.deps.store.list();
  }

  async save(input: DsnInput): Promise<Result<SavedDsn>> {
    const saved = await this.deps.store.save(input);
    if (saved.ok) {
      const v = saved.value;
      this.deps.logger.info('DSN saved', { id: v.id, authType: v.authType, source: v.credentialSource.kind, assumeRole: v.assumeRole !== undefined, hasPassword: v.hasPassword, hasSecretKey: v.hasSecretAccessKey });
    }
    return saved;
  }

  delete(id: string): Result<{ id: string }> {
    const deleted = this.deps.library.delete(id);
    if (deleted.ok) this.deps.logger.info('DSN deleted', { id });
    return deleted;
  }

  duplicate(id: string): Result<SavedDsn> {
    const copy = this.deps.library.duplicate(id);
    if (copy.ok) this.deps.logger.info('DSN duplicated', { from: id, id: copy.value.id });
    return copy;
  }

  rename(id: string, name: string): Result<SavedDsn> {
    const renamed = this.deps.library.rename(id, name);
    if (renamed.ok) this.deps.logger.info('DSN renamed', { id });
    return renamed;
  }

  setTags(id: string, tags: string[]): Result<SavedDsn> {
    const tagged = this.deps.library.setTags(id, tags);
    if (tagged.ok) this.deps.logger.info('DSN tags set', { id, count: tags.length });
    return tagged;
  }

  restore(id: string): Result<SavedDsn> {
    const restored = this.deps.library.restore(id);
    this.deps.logger.info('DSN restore', { id, code: restored.ok ? undefined : restored.error.code });
    return restored;
  }

  exportLibrary(ids: string[] | undefined): Result<LibraryExport> {
    const exported = this.deps.library.exportLibrary(ids);
    if (exported.ok) this.deps.logger.info('Library exported', { count: exported.value.count });
    return exported;
  }

  importLibrary(json: string, options: ImportLibraryOptions): Result<ImportLibraryReport> {
    const report = this.deps.library.importLibrary(json, options);
    const r = report.ok ? report.value : undefined;
    this.deps.logger.info('Library import', {
      dryRun: options.dryRun === true,
      mode: options.onConflict,
      code: report.ok ? undefined : report.error.code,
      total: r?.total,
      imported: r?.imported.length,
      renamed: r?.renamed.length,
      replaced: r?.replaced.length,
      skipped: r?.skipped.length,
    });
    return report;
  }

  async status(): Promise<Result<StoreStatus>> {
    return ok(await this.deps.store.status());
  }
}
