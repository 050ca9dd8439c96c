/**
 * The electronegativity gate (test/security/electronegativity/run.mjs) stays wired and isolated:
 * pinned exactly, locked, installed apart from the project's node_modules, and run by `npm test`
 * after the build and before vitest. (The scan itself runs in `npm run test:electronegativity`.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const here = join(repoRoot, 'test', 'security', 'electronegativity');
const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('electronegativity gate', () => {
  const own = json<{ dependencies: Record<string, string> }>(join(here, 'package.json'));
  const lock = json<{ packages: Record<string, { version?: string; dependencies?: Record<string, string> }> }>(join(here, 'package-lock.json'));

  it('is pinned to one exact version, and the lockfile agrees', () => {
    const pin = own.dependencies['@doyensec/electronegativity'];
    expect(pin).toMatch(/^\d+\.\d+\.\d+$/);
    expect(lock.packages['']?.dependencies).toEqual(own.dependencies);
    expect(lock.packages['node_modules/@doyensec/electronegativity']?.version).toBe(pin);
  });

  it("is not in the project's own dependencies (its TypeScript 4.2 must not meet ours)", () => {
    const root = json<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(join(repoRoot, 'package.json'));
    expect({ ...root.dependencies, ...root.devDependencies }).not.toHaveProperty('@doyensec/electronegativity');
    const rootLock = readFileSync(join(repoRoot, 'package-lock.json'), 'utf8');
    expect(rootLock).not.toContain('@doyensec/electronegativity');
    expect(existsSync(join(repoRoot, 'node_modules', '@doyensec', 'electronegativity'))).toBe(false);
  });

  it('fails on MEDIUM and HIGH, installs with npm ci from the lockfile, and every suppression says why', () => {
    const runner = readFileSync(join(here, 'run.mjs'), 'utf8');
    expect(runner).toMatch(/SEVERITY_TO_FAIL = 2; \/\/ electronegativity's MEDIUM/);
    expect(runner).toMatch(/\['ci', '--prefix', here, '--ignore-scripts'/);
    const suppressions = [...runner.matchAll(/\{\s*id: '([A-Z_]+)',[\s\S]*?why:([\s\S]*?)\n {2}\},/g)];
    expect(suppressions.length).toBeGreaterThan(0);
    for (const [, id, why] of suppressions) expect((why ?? '').length, `${id ?? '?'} needs a reason`).toBeGreaterThan(80);
  });
});
