/** The app's DsnStore on Conf in a folder, as the app opens it, for the child processes of the reliability tests. */
import Conf from 'conf';
import { nullLogger } from '../../../electron/main/platform/logger';
import { DsnStore } from '../../../electron/main/library/store';
import { FakeCipher } from '../../support/fakes';

/** The store of `dir` (its `dsns.json`). */
export function appStoreIn(dir: string): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory: dir, cipher: new FakeCipher(), clock: { now: () => Date.now() }, logger: nullLogger });
}
