import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/ipc-contract';
import { ensureBuilt, repoRoot } from '../support/ensure-built';

const preloadDir = join(repoRoot, 'out', 'preload');
const preloadFile = join(preloadDir, 'index.cjs');

// `npm test` builds first; run alone on a fresh checkout, this builds once.
beforeAll(() => ensureBuilt(), 180_000);

describe('built preload bundle (out/preload)', () => {
  it('is a single CommonJS file, index.cjs', () => {
    const files = readdirSync(preloadDir).filter((name) => !name.endsWith('.map'));
    expect(files).toEqual(['index.cjs']);
  });

  it('has no ESM syntax and requires nothing but electron', () => {
    const code = readFileSync(preloadFile, 'utf8');
    expect(code).not.toMatch(/^\s*(import\s|export\s)/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('runs as a sandboxed preload would: exposes the API through contextBridge', async () => {
    const code = readFileSync(preloadFile, 'utf8');
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true, value: [] }));
    const requested: string[] = [];
    // The sandbox's require knows a handful of modules; anything else would be a bundling bug.
    const sandboxRequire = (name: string) => {
      requested.push(name);
      if (name === 'electron') return { contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } };
      throw new Error(`module not found in a sandboxed preload: ${name}`);
    };
    const module = { exports: {} };
    const run = compileFunction(code, ['require', 'module', 'exports', '__filename', '__dirname'], { filename: preloadFile });
    run(sandboxRequire, module, module.exports, preloadFile, preloadDir);

    expect(requested).toEqual(['electron']);
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, (...args: unknown[]) => Promise<unknown>>];
    expect(name).toBe('iamDsn');
    expect(Object.keys(api).sort()).toEqual([...Object.keys(IPC_CHANNELS), 'on', 'platform'].sort());
    // The platform comes from the preload's process (the sandbox has process.platform).
    expect(['darwin', 'win32', 'linux', 'other']).toContain(api.platform);
    await api.cancelTest?.('r1');
    expect(invoke).toHaveBeenCalledWith(IPC_CHANNELS.cancelTest, 'r1');
  });
});
