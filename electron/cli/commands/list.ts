/** `iam-dsn list`: the saved DSNs (or one DSN file) as a table or JSON; never a secret. */
import type { SavedDsn } from '../../../shared/dsn';
import { EXIT, type ExitStatus } from '../exit-codes';
import { type CliContext, createCliServices, fail } from '../context';
import { openStoreReadOnly, readDsnFile } from '../dsn-source';
import { formatDsnTable } from '../output';
import { storePathFor } from './resolve';

/** Options of `iam-dsn list`. */
export interface ListOptions {
  storePath: string | undefined;
  filePath: string | undefined;
  json: boolean;
}

/** Lists the DSNs of the store (or the one of `--file`). */
export function listCommand(options: ListOptions, ctx: CliContext): ExitStatus {
  let dsns: SavedDsn[];
  if (options.filePath !== undefined) {
    const dsn = readDsnFile(options.filePath);
    if (!dsn.ok) return fail(ctx, dsn.error);
    const view: SavedDsn = { ...dsn.value, id: '', hasPassword: false, passwordSessionOnly: false, hasSecretAccessKey: false, hasSessionToken: false, hasSshPassword: false, updatedAt: '' };
    dsns = [view];
  } else {
    const opened = openStoreReadOnly(storePathFor(options.storePath, ctx));
    if (!opened.ok) return fail(ctx, opened.error);
    const listed = createCliServices(opened.value.storeFile, ctx).dsns.list();
    if (!listed.ok) return fail(ctx, listed.error);
    dsns = listed.value;
    if (!opened.value.exists) ctx.stderr.write(`No store file at ${opened.value.path}: no DSN is saved yet.\n`);
  }
  if (options.json) ctx.stdout.write(`${JSON.stringify(dsns, null, 2)}\n`);
  else if (dsns.length > 0) ctx.stdout.write(formatDsnTable(dsns, options.filePath === undefined ? 'store' : 'file'));
  return EXIT.OK;
}
