/**
 * test/support/require-tool.ts: a missing tool fails the test file under CI and is recorded as a
 * named skip elsewhere (what skip-reporter.ts prints at the end of the run).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SKIPPED_FILE_ENV } from '../../support/require-tool';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-require-tool-'));
  // A PATH with no aws on it, and a fresh module (probes are cached per process).
  vi.stubEnv('PATH', dir);
  vi.stubEnv(SKIPPED_FILE_ENV, join(dir, 'skipped.jsonl'));
  vi.resetModules();
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const load = async () => (await import('../../support/require-tool')).requireTool;

describe('requireTool', () => {
  it('under CI=true, a missing tool throws, naming it, what needs it and the package', async () => {
    vi.stubEnv('CI', 'true');
    const requireTool = await load();
    expect(() => requireTool('aws', 'the aws cross-check')).toThrow(/aws is missing, and the aws cross-check needs it \(apt-get install awscli.*CI=true: a missing tool fails the run/);
  });

  it('outside CI, a missing tool answers false and records the skip for the end-of-run list', async () => {
    vi.stubEnv('CI', '');
    const requireTool = await load();
    expect(requireTool('aws', 'the aws cross-check')).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'skipped.jsonl'), 'utf8'))).toEqual({
      what: 'the aws cross-check',
      why: 'aws is missing',
      fix: 'apt-get install awscli, or run test/setup/install-system-deps.sh as root',
    });
  });

  it('a present tool answers true and records nothing', async () => {
    vi.stubEnv('CI', 'true');
    const requireTool = await load();
    expect(requireTool('python3', 'anything')).toBe(true);
    expect(() => readFileSync(join(dir, 'skipped.jsonl'))).toThrow();
  });
});
