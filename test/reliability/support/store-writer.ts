/**
 * A child process for the kill -9 test (store-kill.test.ts): saves `count` DSNs one after the other
 * through the app's DsnStore on Conf (as the app does, with electron-store's Conf underneath) in
 * `dir` (named `<prefix>-dsn-<n>`), and prints `ack <n> <id>` on stdout, synchronously, after each save returned ok: an
 * acknowledged DSN is one the app would have told the user was saved.
 *
 * Bundled with its dependencies by the test (vite), then run with plain `node`.
 */
import { writeSync } from 'node:fs';
import { defaultDsn } from '../../../shared/dsn';
import { appStoreIn } from './app-store';

const [dir, countText, prefix = 'run'] = process.argv.slice(2);
if (dir === undefined || countText === undefined) throw new Error('usage: store-writer DIR COUNT [NAME-PREFIX]');
const store = appStoreIn(dir);
writeSync(1, `ready ${(await store.status()).storePath}\n`);
for (let n = 0; n < Number(countText); n++) {
  const saved = await store.save({ ...defaultDsn(), name: `${prefix}-dsn-${n}`, authType: 'database', server: '10.0.0.1', user: `user_${n}`, sslMode: 'require', password: `pw-${n}` });
  if (!saved.ok) {
    writeSync(2, `save ${n} failed: ${saved.error.code}\n`);
    process.exit(3);
  }
  writeSync(1, `ack ${n} ${saved.value.id}\n`);
}
writeSync(1, 'done\n');
