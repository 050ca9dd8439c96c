import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
// js-yaml and app-builder-lib come with electron-builder; resolve them the way it does.
const fromBuilder = createRequire(createRequire(`${repoRoot}package.json`).resolve('electron-builder'));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};

interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: string[];
  linux?: { target?: string[] };
  mac?: { target?: string[] };
  win?: { target?: string[] };
  electronFuses?: Record<string, boolean>;
}

const config = yaml.load(readFileSync(`${repoRoot}build/electron-builder.yml`, 'utf8')) as BuilderConfig;

describe('build/electron-builder.yml', () => {
  it("matches electron-builder's schema (key names included)", async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('names the app and packages only the built output', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/i);
    expect(config.productName).toBe('IAM DSN Manager');
    expect(config.files).toContain('out/**');
  });

  it('targets AppImage and deb, dmg, nsis', () => {
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac?.target).toContain('dmg');
    expect(config.win?.target).toContain('nsis');
  });

  it('flips every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
