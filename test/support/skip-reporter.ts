/**
 * A vitest reporter that ends the run by naming every test skipped for a missing tool or an
 * unmet condition, and why (what test/support/require-tool.ts recorded), so a local run that
 * passed without psql, say, says so instead of looking like a full pass. It gives the test
 * workers a file to record skips in before they start; it prints nothing when nothing was skipped.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reporter } from 'vitest/reporters';
import { type SkipRecord, SKIPPED_FILE_ENV } from './require-tool';

export default class SkipReporter implements Reporter {
  readonly #dir = mkdtempSync(join(tmpdir(), 'iamdsn-skips-'));
  readonly #file = join(this.#dir, 'skipped.jsonl');

  onInit(): void {
    // Workers start after this and inherit the environment.
    process.env[SKIPPED_FILE_ENV] = this.#file;
  }

  onTestRunEnd(): void {
    let text = '';
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch {
      // nothing was skipped
    }
    rmSync(this.#dir, { recursive: true, force: true });
    const lines = [...new Set(text.split('\n').filter((line) => line !== ''))];
    if (lines.length === 0) return;
    const skips = lines.map((line) => JSON.parse(line) as SkipRecord);
    const out = [`\nSkipped, not passed (${skips.length}):`, ...skips.map((s) => `  - ${s.what}: ${s.why}${s.fix ? `\n      fix: ${s.fix}` : ''}`), ''];
    process.stderr.write(`${out.join('\n')}\n`);
  }
}
