/**
 * build/electron-builder.yml as electron-builder itself reads and applies it: its schema check,
 * and its own fuse step (PlatformPackager.doAddElectronFuses, the code `npm run dist` runs right
 * before signing) on a stand-in macOS app whose Electron framework carries a fuse wire. What a
 * user of the packaged app gets: every security fuse flipped, and — macOS, no signing identity
 * needed — the ad-hoc signature reset after the flip, without which Apple Silicon refuses to
 * launch the modified binary. Which value each fuse must have is decided in one place, the
 * security checklist (test/security/electron-checklist.test.ts #19).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
// js-yaml, app-builder-lib and @electron/fuses come with electron-builder; resolve them the way it does.
const fromBuilder = createRequire(createRequire(`${repoRoot}package.json`).resolve('electron-builder'));
const fromAppBuilder = createRequire(fromBuilder.resolve('app-builder-lib'));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { PlatformPackager } = fromBuilder('app-builder-lib') as { PlatformPackager: { prototype: Record<string, (...args: unknown[]) => Promise<unknown>> } };
const fuses = fromAppBuilder('@electron/fuses') as {
  FuseV1Options: Record<string, number | string>;
  getCurrentFuseWire(path: string): Promise<Record<string, number | string>>;
};

interface BuilderConfig {
  productName: string;
  electronFuses?: Record<string, boolean>;
}
const config = yaml.load(readFileSync(`${repoRoot}build/electron-builder.yml`, 'utf8')) as BuilderConfig;

const scratch = mkdtempSync(join(tmpdir(), 'iamdsn-builder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 0x31;
const DISABLE = 0x30;
/** Electron's own defaults (fuse wire V1, 8 fuses): RunAsNode, NodeOptions, CLI inspect and file:// privileges on. */
const DEFAULT_WIRE = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];

/** A stand-in `<productName>.app` whose framework binary has a fuse wire with Electron's defaults. */
function fakeMacApp(appOutDir: string): string {
  const app = join(appOutDir, `${config.productName}.app`);
  const frameworkDir = join(app, 'Contents', 'Frameworks', 'Electron Framework.framework');
  mkdirSync(frameworkDir, { recursive: true });
  writeFileSync(join(frameworkDir, 'Electron Framework'), Buffer.concat([Buffer.from('\x7fMACHO…'), Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]), Buffer.from('…rest')]));
  return app;
}

/** A `codesign` on PATH that records its arguments (this machine has none; macOS does). */
function fakeCodesign(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const record = join(dir, 'codesign-args.txt');
  writeFileSync(join(dir, 'codesign'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
  chmodSync(join(dir, 'codesign'), 0o755);
  return record;
}

describe('build/electron-builder.yml', () => {
  it("matches electron-builder's schema (key names included)", async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it("packaging for macOS flips the fuses in Electron's framework and resets the ad-hoc signature", async () => {
    const appOutDir = join(scratch, 'mac');
    const app = fakeMacApp(appOutDir);
    const record = fakeCodesign(join(scratch, 'bin'));
    // electron-builder's own fuse step, as its MacPackager runs it (this = the packager).
    const proto = PlatformPackager.prototype;
    const packager = { config, appInfo: { productFilename: config.productName }, generateFuseConfig: proto.generateFuseConfig, addElectronFuses: proto.addElectronFuses };
    const path = process.env.PATH;
    process.env.PATH = `${join(scratch, 'bin')}${delimiter}${path ?? ''}`;
    try {
      await proto.doAddElectronFuses?.call(packager, { appOutDir, electronPlatformName: 'darwin' });
    } finally {
      process.env.PATH = path;
    }

    const wire = await fuses.getCurrentFuseWire(app);
    const state = (name: string): string => (wire[fuses.FuseV1Options[name] as number] === ENABLE ? 'on' : 'off');
    expect({
      RunAsNode: state('RunAsNode'),
      EnableCookieEncryption: state('EnableCookieEncryption'),
      EnableNodeOptionsEnvironmentVariable: state('EnableNodeOptionsEnvironmentVariable'),
      EnableNodeCliInspectArguments: state('EnableNodeCliInspectArguments'),
      EnableEmbeddedAsarIntegrityValidation: state('EnableEmbeddedAsarIntegrityValidation'),
      OnlyLoadAppFromAsar: state('OnlyLoadAppFromAsar'),
      GrantFileProtocolExtraPrivileges: state('GrantFileProtocolExtraPrivileges'),
    }).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      GrantFileProtocolExtraPrivileges: 'off',
    });
    // Ad-hoc ("-") re-signing of the whole .app, keeping entitlements and the hardened runtime.
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([
      '--sign',
      '-',
      '--force',
      '--preserve-metadata=entitlements,requirements,flags,runtime',
      '--deep',
      app,
    ]);
  });
});
