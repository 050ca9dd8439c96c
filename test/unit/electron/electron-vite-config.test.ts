/**
 * The one piece of logic in the electron-vite config: the dev server's CSP swap, run on the real
 * renderer/index.html.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import config from '../../../build/electron.vite.config';
import { contentSecurityPolicy } from '../../../electron/main/window';
import { repoRoot } from '../../support/ensure-built';

const resolved = config as UserConfig;

// Where each bundle goes and in which format is proven by building and running them
// (main-bundle, preload-bundle and the E2E tests), not restated here.
describe('build/electron.vite.config.ts', () => {
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
