/**
 * The DSN store with 1,000 DSNs: open (Conf reads the file, zod validates every record) and list
 * (views sorted by name), as the app does at start; and one save with 1,000 present (the whole
 * file is rewritten). DsnStore over Conf on a temp file, alternated round by round.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../electron/main/platform/logger';
import type { DsnPut } from '../electron/main/library/store';
import { defaultDsn, type Dsn } from '../shared/dsn';
import { BenchCipher, openStore } from './app-services';
import type { Report } from './report';
import { alternate, fmtKb, fmtSpread, median } from './stats';

const COUNT = 1000;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A realistic mix: IAM with profiles and tunnels, database auth, tags. */
function sampleDsn(i: number): Dsn {
  const iam = i % 3 !== 0;
  return {
    ...defaultDsn(),
    name: `db-${String(i).padStart(4, '0')} ${['prod', 'staging', 'dev'][i % 3] ?? ''}`,
    authType: iam ? 'iam' : 'database',
    server: `app${i}.cluster-abc${i % 97}.eu-west-1.rds.amazonaws.com`,
    user: iam ? `app_user_${i % 50}` : 'admin',
    database: `app${i % 20}`,
    region: 'eu-west-1',
    credentialSource: iam ? { kind: 'profile', profile: `team-${i % 10}` } : { kind: 'default' },
    connectViaHost: i % 4 === 0 ? '127.0.0.1' : '',
    connectViaPort: i % 4 === 0 ? 15000 + (i % 1000) : undefined,
    caBundlePath: i % 2 === 0 ? '/etc/ssl/rds/global-bundle.pem' : '',
    tags: i % 5 === 0 ? ['team-a', `region-${i % 3}`] : [],
  };
}

export async function benchStore(report: Report, rounds: number): Promise<{ loadListMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'iamdsn-bench-store-'));
  try {
    const cipher = new BenchCipher();
    const seeded = openStore(dir, quiet, cipher).putMany(Array.from({ length: COUNT }, (_, i): DsnPut => ({ dsn: sampleDsn(i) })));
    if (!seeded.ok) throw new Error(`could not seed the store: ${seeded.error.code}`);
    const fileBytes = (await stat(join(dir, 'dsns.json'))).size;
    const load: number[] = [];
    const list: number[] = [];
    const writer = openStore(dir, quiet, cipher);
    const results = await alternate(
      [
        {
          key: 'loadList',
          run: async () => {
            const t0 = performance.now();
            const store = openStore(dir, quiet, cipher);
            const t1 = performance.now();
            const listed = store.list();
            const t2 = performance.now();
            if (!listed.ok || listed.value.length !== COUNT) return `list gave ${listed.ok ? listed.value.length : listed.error.code}`;
            load.push(t1 - t0);
            list.push(t2 - t1);
            return t2 - t0;
          },
        },
        {
          key: 'save',
          run: async () => {
            const t = performance.now();
            const saved = await writer.save({ ...sampleDsn(COUNT), name: 'bench-extra' });
            const ms = performance.now() - t;
            if (!saved.ok) return saved.error.code;
            const removed = writer.delete(saved.value.id);
            return removed.ok ? ms : removed.error.code;
          },
        },
      ],
      rounds,
      1,
    );
    const values = (k: string): number[] => results.get(k)?.values ?? [];
    const sec = `DSN store (${COUNT.toLocaleString('en-US')} DSNs, Conf on a temp file)`;
    report.add(sec, 'open + list', fmtSpread(values('loadList')), values('loadList').length, `file ${fmtKb(fileBytes)}`);
    report.add(sec, '  of which open (read + validate)', fmtSpread(load.slice(-rounds)), rounds, 'new DsnStore(…): Conf reads the JSON, zod parses every record');
    report.add(sec, '  of which list (views, sorted)', fmtSpread(list.slice(-rounds)), rounds, 'store.list()');
    report.add(sec, 'save one more DSN', fmtSpread(values('save')), values('save').length, 'rewrites the whole file');
    return { loadListMs: median(values('loadList')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
