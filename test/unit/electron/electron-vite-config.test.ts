import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import config from '../../../build/electron.vite.config';
import { contentSecurityPolicy } from '../../../electron/main/window';
import { repoRoot } from './support/ensure-built';

const resolved = config as UserConfig;
const outputOf = (section: 'main' | 'preload') => {
  const output = resolved[section]?.build?.rolldownOptions?.output;
  if (output === undefined || Array.isArray(output)) throw new Error(`${section} must have a single output`);
  return output;
};

describe('build/electron.vite.config.ts', () => {
  it('builds main as ESM into out/main from electron/main/index.ts', () => {
    expect(outputOf('main').format).toBe('es');
    expect(resolved.main?.build?.outDir).toBe(join(repoRoot, 'out', 'main'));
    expect(resolved.main?.build?.rolldownOptions?.input).toEqual({ index: join(repoRoot, 'electron', 'main', 'index.ts') });
  });

  it('builds the preload as one CommonJS .cjs file with its dependencies bundled', () => {
    expect(outputOf('preload')).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false });
    expect(resolved.preload?.build?.externalizeDeps).toBe(false);
    expect(resolved.preload?.build?.outDir).toBe(join(repoRoot, 'out', 'preload'));
  });

  it('builds the renderer from renderer/ into out/renderer', () => {
    expect(resolved.renderer?.root).toBe(join(repoRoot, 'renderer'));
    expect(resolved.renderer?.build?.outDir).toBe(join(repoRoot, 'out', 'renderer'));
  });

  it('relaxes the CSP meta tag for the dev server only', () => {
    const plugins = (resolved.renderer?.plugins ?? []).flat() as Plugin[];
    const devCsp = plugins.find((plugin) => plugin?.name === 'iamdsn:dev-csp');
    expect(devCsp?.apply).toBe('serve');
    const transform = devCsp?.transformIndexHtml as ((html: string) => string) | undefined;
    const html = readFileSync(join(repoRoot, 'renderer', 'index.html'), 'utf8');
    const devHtml = transform?.(html) ?? '';
    expect(devHtml).toContain(`content="${contentSecurityPolicy({ dev: true })}"`);
    expect(devHtml.replace(/content="[^"]*"/g, '')).toBe(html.replace(/content="[^"]*"/g, ''));
  });
});
