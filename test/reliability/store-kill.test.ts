/**
 * Storage reliability (issue #6), part 2: kill -9 of a writer. A child Node process saves DSNs in
 * a loop through the app's DsnStore on Conf (support/store-writer.ts, bundled here with vite) and
 * prints each acknowledged id; the test SIGKILLs it mid-way, several times, each time continuing
 * the same store, out of a budget of 1,000 writes. After every kill the file must parse and hold
 * every DSN acknowledged before the kill, and the store must start without "recovering" anything.
 *
 * Why it holds: Conf writes with atomically's writeFileSync (a temp file, then rename()), so a
 * reader sees the old file or the new one, never a torn one. The test proves it: kills that land
 * inside a write leave that write's temp file behind, and the real file is still whole.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DsnStore } from '../../electron/main/library/store';
import { bundleForNode } from '../support/bundle-node';
import { FakeCipher, MemoryLogger } from '../support/fakes';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** Total writes (saves) over all runs; each run is killed after a random number of acknowledgements. */
const WRITE_BUDGET = 1_000;
const KILLS = 5;
// tmpfs where there is one: fsync is free there, so the test spends its time writing, not waiting.
// SIGKILL leaves the page cache alone, so what a killed process left is the same on any file system.
const base = process.env.IAMDSN_KILL_DIR ?? (existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir());
const dir = mkdtempSync(join(base, 'iamdsn-kill-'));
const storeDir = join(dir, 'store');
let writer: string;

beforeAll(async () => {
  // One self-contained ESM file: the writer and everything it imports (DsnStore, Conf, zod…).
  writer = await bundleForNode('test/reliability/support/store-writer.ts', join(dir, 'store-writer.mjs'));
  mkdirSync(storeDir, { recursive: true });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  acked: string[];
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderr: string;
}

/** Starts the writer for `count` saves and SIGKILLs it once it has acknowledged `killAfter`. */
function runAndKill(run: number, count: number, killAfter: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [writer, storeDir, String(count), `run${run}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? ''; // a line cut by the kill is not an acknowledgement
      for (const line of lines) {
        const m = /^ack (\d+) ([0-9a-f-]{36})$/.exec(line);
        if (m?.[2] !== undefined) acked.push(m[2]);
      }
      if (!killed && acked.length >= killAfter + 5) {
        killed = true; // the write never showed its temp file in time: kill between writes
        child.kill('SIGKILL');
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    // Once armed, also kill the moment a write's temp file appears: a kill inside the write itself.
    const watcher = watch(storeDir, (_event, name) => {
      if (!killed && acked.length >= killAfter && String(name).startsWith('dsns.json.tmp')) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      watcher.close();
      resolve({ acked, exit: { code, signal }, stderr });
    });
  });
}

function openStore(): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory: storeDir, cipher: new FakeCipher(), clock: { now: () => Date.now() }, logger: new MemoryLogger() });
}

describe('kill -9 of a writer during 1,000 writes', () => {
  it('after every kill, the file parses and holds every DSN acknowledged before it', async () => {
    const allAcked: string[] = [];
    let writes = 0;
    let tornKills = 0;
    const report: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const left = WRITE_BUDGET - writes;
      const share = Math.floor(left / (KILLS - k));
      // Kill somewhere in the middle of this run's share (never at its very start or end).
      const killAfter = Math.max(20, Math.floor(share * (0.3 + Math.random() * 0.4)));
      const run = await runAndKill(k, left, killAfter);
      expect(run.stderr).toBe('');
      expect(run.exit.signal, `run ${k} was killed, not finished`).toBe('SIGKILL');
      writes += run.acked.length + 1; // the acknowledged ones, and the one the kill interrupted
      allAcked.push(...run.acked);

      const file = join(storeDir, 'dsns.json');
      const text = readFileSync(file, 'utf8');
      let parsed: { dsns?: Array<{ id: string }> } = {};
      expect(() => (parsed = JSON.parse(text) as typeof parsed), `run ${k}: the file parses after the kill`).not.toThrow();
      const inFile = new Set((parsed.dsns ?? []).map((d) => d.id));
      const missing = allAcked.filter((id) => !inFile.has(id));
      expect(missing, `run ${k}: acknowledged DSNs missing from the file`).toEqual([]);
      // At most the one save whose acknowledgement the kill swallowed is there in addition.
      expect(inFile.size - allAcked.length).toBeGreaterThanOrEqual(0);
      expect(inFile.size - allAcked.length).toBeLessThanOrEqual(1);
      for (const id of inFile) if (!allAcked.includes(id)) allAcked.push(id); // it is in the file: later runs keep it

      // A temp file beside it means the kill landed inside a write: the real file was whole anyway.
      const temps = readdirSync(storeDir).filter((f) => f.startsWith('dsns.json.tmp'));
      if (temps.length > 0) tornKills++;
      for (const t of temps) rmSync(join(storeDir, t)); // (atomically removes them on a normal exit only)

      // The app starts on it without recovering anything, and lists them all.
      const store = openStore();
      expect((await store.status()).recoveredFromCorruptFile).toBeUndefined();
      const listed = store.list();
      expect(listed.ok && listed.value.length).toBe(inFile.size);
      report.push(`kill ${k + 1}: ${run.acked.length} acked, file holds ${inFile.size}${temps.length > 0 ? ' (killed inside a write)' : ''}`);
    }
    console.log(`[store-kill] ${KILLS} × kill -9 during ${writes} of ${WRITE_BUDGET} planned writes on ${base}: ${allAcked.length} DSNs acknowledged, all in the file after every kill; kills that interrupted a write: ${tornKills}\n[store-kill] ${report.join('; ')}`);
    expect(writes).toBeGreaterThan(WRITE_BUDGET / 4);
    // The proof needs kills inside writes (armed kills fire on the temp file's creation): at least one.
    expect(tornKills).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('the writes are atomic because Conf writes through atomically (temp file + rename), and no build target makes it fall back', () => {
    const conf = readFileSync(join(repoRoot, 'node_modules/conf/dist/source/index.js'), 'utf8');
    expect(conf).toMatch(/import \{ writeFileSync as atomicWriteFileSync \} from 'atomically'/);
    expect(conf).toMatch(/atomicWriteFileSync\(this\.path, data/);
    // Conf writes in place (not atomically) in a Snap: the app must not be packaged as one.
    expect(conf).toMatch(/process\.env\.SNAP/);
    expect(readFileSync(join(repoRoot, 'build/electron-builder.yml'), 'utf8')).not.toMatch(/\bsnap\b/i);
    const atomically = readFileSync(join(repoRoot, 'node_modules/atomically/dist/index.js'), 'utf8');
    expect(atomically).toMatch(/renameSync|retry\.renameSync/);
  });
});
