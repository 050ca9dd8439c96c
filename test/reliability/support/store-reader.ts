/**
 * A child process for the unreadable-store test (store-unreadable.test.ts), run as another user
 * than the file's owner: opens the app's DsnStore on Conf in `dir` as the app does, then lists and
 * tries one save, and prints what each answered as one JSON line.
 *
 * Bundled with its dependencies by the test (vite), then run with plain `node`.
 */
import { writeSync } from 'node:fs';
import { defaultDsn } from '../../../shared/dsn';
import { appStoreIn } from './app-store';

const [dir] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: store-reader DIR');
const store = appStoreIn(dir);
const list = store.list();
const save = await store.save({ ...defaultDsn(), name: 'new one', authType: 'database', server: '10.0.0.1', user: 'someone', sslMode: 'require' });
writeSync(1, `${JSON.stringify({ list, save, status: await store.status() })}\n`);
