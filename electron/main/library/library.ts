/**
 * The DSN library: duplicate, rename, delete with undo, and export / import of a set as JSON. It
 * works on the store's own operations, so names stay unique and secrets never leave the main
 * process: a duplicate or an import gets no secret, an export holds none, and undo puts back the
 * very record (ciphertexts and all) that was deleted.
 */
import { type Dsn, dsnFieldsOf, dsnFieldsSchema, foldName, type SavedDsn } from '../../../shared/dsn';
import type { ImportLibraryOptions, ImportLibraryReport, LibraryExport } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import { validateField } from '../../../shared/validate';
import { readLibrary, writeLibrary } from './library-file';
import type { DsnPut, DsnSnapshot, DsnStorePort } from './store';
import { nameTaken } from './store-rules';

/** How long a deleted DSN can be restored (the page offers it for about 10 s). */
export const UNDO_WINDOW_MS = 60_000;
/** Most deleted DSNs kept for undo at once; the oldest goes first. */
export const MAX_UNDO = 50;
/** Longest DSN name (the schema's). */
const MAX_NAME = 100;

export interface DsnLibraryDeps {
  store: DsnStorePort;
  clock: Clock;
}

/**
 * The first free name of the form `<base><suffix(n)>` for n = 1, 2, … (ignoring case), with the base
 * cut so the result stays within the schema's 100 characters.
 */
function freeName(base: string, suffix: (n: number) => string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const tail = suffix(n);
    const name = `${base.slice(0, MAX_NAME - tail.length).trimEnd()}${tail}`;
    if (!taken.has(foldName(name))) return name;
  }
}

/** "<name> copy", then "<name> copy 2", "<name> copy 3" …; a copy of "x copy 2" is named after "x". */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/ copy(?: \d+)?$/i, '') || name;
  return freeName(base, (n) => (n === 1 ? ' copy' : ` copy ${n}`), taken);
}

/** "<name> (imported)", then "<name> (imported 2)" …. */
export function importedName(name: string, taken: ReadonlySet<string>): string {
  return freeName(name, (n) => (n === 1 ? ' (imported)' : ` (imported ${n})`), taken);
}

/** `iam-dsns-2030-01-01.json` for a time in ms. */
function exportFileName(now: number): string {
  return `iam-dsns-${new Date(now).toISOString().slice(0, 10)}.json`;
}

export class DsnLibrary {
  /** Deleted DSNs that can still be restored, by id, oldest first. */
  private readonly deleted = new Map<string, { snapshot: DsnSnapshot; expiresAt: number }>();

  constructor(private readonly deps: DsnLibraryDeps) {}

  /** Copies a DSN under a free "<name> copy…" name, with a new id and no secrets. */
  duplicate(id: string): Result<SavedDsn> {
    const saved = this.deps.store.get(id);
    if (!saved.ok) return saved;
    const names = this.names();
    if (!names.ok) return names;
    const name = copyName(saved.value.name, names.value);
    return this.putOne({ dsn: { ...dsnFieldsOf(saved.value), name } });
  }

  /** Renames a DSN, keeping everything else (secrets too). NAME_TAKEN when another DSN has the name. */
  rename(id: string, newName: string): Result<SavedDsn> {
    const name = validateField(dsnFieldsSchema.shape.name, newName, 'name');
    if (!name.ok) return name;
    const saved = this.deps.store.get(id);
    if (!saved.ok) return saved;
    const all = this.deps.store.list();
    if (!all.ok) return all;
    const clash = all.value.find((d) => d.id !== id && foldName(d.name) === foldName(name.value));
    if (clash !== undefined) return nameTaken(clash.name, 'Choose another name.');
    if (saved.value.name === name.value) return saved;
    return this.putOne({ id, dsn: { ...dsnFieldsOf(saved.value), name: name.value } });
  }

  /** Replaces a DSN's tags, keeping everything else (secrets too). */
  setTags(id: string, tags: string[]): Result<SavedDsn> {
    const saved = this.deps.store.get(id);
    if (!saved.ok) return saved;
    return this.putOne({ id, dsn: { ...dsnFieldsOf(saved.value), tags } });
  }

  /** Deletes a DSN and keeps it for {@link restore} during {@link UNDO_WINDOW_MS}. */
  delete(id: string): Result<{ id: string }> {
    this.prune();
    const snapshot = this.deps.store.snapshot(id);
    if (!snapshot.ok) return snapshot;
    const deleted = this.deps.store.delete(id);
    if (!deleted.ok) return deleted;
    this.deleted.delete(id);
    this.deleted.set(id, { snapshot: snapshot.value, expiresAt: this.deps.clock.now() + UNDO_WINDOW_MS });
    for (const oldest of this.deleted.keys()) {
      if (this.deleted.size <= MAX_UNDO) break;
      this.deleted.delete(oldest);
    }
    return deleted;
  }

  /** Brings a recently deleted DSN back: same id, same date, same stored secrets. */
  restore(id: string): Result<SavedDsn> {
    this.prune();
    const entry = this.deleted.get(id);
    if (entry === undefined) {
      return err('NOT_FOUND', 'This DSN can no longer be restored: undo is possible for a short while after a delete only.', { detail: `id ${id}` });
    }
    const restored = this.deps.store.restore(entry.snapshot);
    if (restored.ok) this.deleted.delete(id);
    return restored;
  }

  /** The DSNs of `ids` (all when absent), sorted by name, as a library document without secrets. */
  exportLibrary(ids?: readonly string[]): Result<LibraryExport> {
    const all = this.deps.store.list();
    if (!all.ok) return all;
    let chosen: SavedDsn[] = all.value;
    if (ids !== undefined) {
      const wanted = new Set(ids);
      chosen = all.value.filter((d) => wanted.has(d.id));
      const missing = wanted.size - chosen.length;
      if (missing > 0) return err('NOT_FOUND', `${missing} of the chosen DSNs ${missing === 1 ? 'is' : 'are'} no longer saved.`, { hint: 'Reload the list and export again.' });
    }
    const now = this.deps.clock.now();
    const json = writeLibrary(chosen, new Date(now).toISOString());
    return ok({ json, count: chosen.length, fileName: exportFileName(now) });
  }

  /**
   * Imports a library document. Every entry is checked first (VALIDATION naming the entry and field,
   * nothing written); then names that saved DSNs have are renamed, skipped or replaced as asked, and
   * all changes are written at once. `dryRun` only reports.
   */
  importLibrary(json: string, options: ImportLibraryOptions): Result<ImportLibraryReport> {
    const read = readLibrary(json);
    if (!read.ok) return read;
    const all = this.deps.store.list();
    if (!all.ok) return all;
    const existing = new Map(all.value.map((d) => [foldName(d.name), d]));
    const taken = new Set([...existing.keys(), ...read.value.map((d) => foldName(d.name))]);
    const report: ImportLibraryReport = { dryRun: options.dryRun === true, total: read.value.length, imported: [], renamed: [], replaced: [], skipped: [], conflicts: [] };
    const puts: DsnPut[] = [];
    for (const dsn of read.value) {
      const clash = existing.get(foldName(dsn.name));
      if (clash === undefined) {
        puts.push({ dsn });
        report.imported.push(dsn.name);
        continue;
      }
      report.conflicts.push(dsn.name);
      if (options.onConflict === 'skip') {
        report.skipped.push(dsn.name);
      } else if (options.onConflict === 'replace') {
        puts.push({ id: clash.id, dsn });
        report.replaced.push(dsn.name);
      } else {
        const to = importedName(dsn.name, taken);
        taken.add(foldName(to));
        puts.push({ dsn: { ...dsn, name: to } });
        report.renamed.push({ from: dsn.name, to });
      }
    }
    if (report.dryRun || puts.length === 0) return ok(report);
    const written = this.deps.store.putMany(puts);
    return written.ok ? ok(report) : written;
  }

  private putOne(put: DsnPut & { dsn: Dsn }): Result<SavedDsn> {
    const written = this.deps.store.putMany([put]);
    if (!written.ok) return written;
    const first = written.value[0];
    return first === undefined ? err('INTERNAL', 'The DSN was not saved.') : ok(first);
  }

  /** Every saved name, compared ignoring case. */
  private names(): Result<Set<string>> {
    const all = this.deps.store.list();
    return all.ok ? ok(new Set(all.value.map((d) => foldName(d.name)))) : all;
  }

  /** Forgets deleted DSNs whose undo window has passed. */
  private prune(): void {
    const now = this.deps.clock.now();
    for (const [id, entry] of this.deleted) if (entry.expiresAt <= now) this.deleted.delete(id);
  }
}
