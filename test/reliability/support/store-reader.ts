/**
 * A child process for the unreadable-store test (store-unreadable.test.ts), run as another user
 * than the file's owner: opens the app's DsnStore on Conf in `dir` as the app does, then lists and
 * tries one save, and prints what each answered as one JSON line.
 *
 * Bundled with its dependencies by the test (vite), then run with plain `node`.
 */
import { writeSync } from 'node:fs';
import Conf from 'conf';
import { nullLogger } from '../../../electron/main/platform/logger';
import { DsnStore } from '../../../electron/main/library/store';
import { defaultDsn } from '../../../shared/dsn';
import { FakeCipher } from '../../support/fakes';

const [dir] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: store-reader DIR');
const store = new DsnStore({
  createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }),
  directory: dir,
  cipher: new FakeCipher(),
  clock: { now: () => Date.now() },
  logger: nullLogger,
});
const list = store.list();
const save = await store.save({ ...defaultDsn(), name: 'new one', authType: 'database', server: '10.0.0.1', user: 'someone', sslMode: 'require' });
writeSync(1, `${JSON.stringify({ list, save, status: await store.status() })}\n`);
