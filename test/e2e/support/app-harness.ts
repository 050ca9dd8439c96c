/**
 * Runs the built renderer in real Chromium with its API routed to the REAL main-process services
 * (built by the one wiring, app-services.ts) through the real IPC doors and registerIpc, as
 * Electron would, minus the Electron binary: the page's invoke goes through a Playwright binding
 * to the registered handler, and main's pushes (MFA and SSH prompts) go through the real
 * createEventPush to `window.__iamDsnPush`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import type { WebFrameMain } from 'electron';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { createAppServices } from '../../../electron/main/app-services';
import type { MfaBroker } from '../../../electron/main/credentials/mfa-broker';
import type { AwsCredentials, CredentialProviderFactory } from '../../../electron/main/credentials/types';
import { createApiHandlers } from '../../../electron/main/ipc/api-handlers';
import { createEventPush, type EventPush, isTrustedSenderFor, type PushTarget, registerIpc } from '../../../electron/main/ipc/register-ipc';
import { FileLogger } from '../../../electron/main/platform/file-logger';
import type { SaveDialogPort } from '../../../electron/main/platform/save-dialog';
import { FakeCipher } from '../../support/fakes';
import { launchChromium } from './browser';
import { serveStatic, type StaticServer } from './static-server';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'e2e');

type Listener = (event: unknown, ...args: unknown[]) => unknown;

/** Bundles the preload stand-in (createApi + shared contract) into one classic script. */
async function preloadScript(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(repoRoot, 'test/e2e/support/preload-entry.ts'), formats: ['iife'], name: 'iamDsnPreload' },
    },
  });
  const first = Array.isArray(output) ? output[0] : output;
  if (first === undefined || !('output' in first)) throw new Error('preload bundle failed');
  const chunk = first.output.find((o) => o.type === 'chunk');
  if (chunk === undefined || chunk.type !== 'chunk') throw new Error('preload bundle has no chunk');
  return chunk.code;
}

export interface E2eApp {
  page: Page;
  context: BrowserContext;
  url: string;
  dir: string;
  logPath: string;
  /** Every answer the handlers sent to the page, serialised as it crossed the boundary. */
  responses: string[];
  /** The MFA broker the signer asks; its requests reach the page as `mfaRequest` events. */
  mfa: MfaBroker;
  /** Main → page push, as the app's main window gets it (false when the page is not the app's). */
  push: EventPush;
  close(): Promise<void>;
}

export interface E2eAppOptions {
  /** AWS credentials every DSN signs with (the fixture's invented keys)… */
  credentials?: AwsCredentials;
  /** …or a credential chain factory (e.g. the real one pointed at the STS emulator). */
  credentialProviderFactory?: CredentialProviderFactory;
  browser?: Browser;
  /** How long an MFA prompt waits; default the broker's. */
  mfaTimeoutMs?: number;
  /** Answers "Save to file…" in place of Electron's save dialog (e.g. a temp path); without one, saving is unavailable. */
  saveDialog?: SaveDialogPort;
  /** SSH tunnels as the app opens them: the home folder (~/.ssh) and environment (SSH_AUTH_SOCK) they see. */
  ssh?: { home: string; env: Record<string, string> };
}

/** Starts the app with AWS credentials `credentials` or `credentialProviderFactory`. */
export async function startE2eApp(options: E2eAppOptions): Promise<E2eApp> {
  const dir = await mkdtemp(join(tmpdir(), 'iamdsn-e2e-'));
  const logPath = join(dir, 'logs', 'main.log');
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const clock = { now: () => Date.now() };
  const logger = new FileLogger(logPath);
  const { credentials } = options;
  const factory: CredentialProviderFactory | undefined =
    options.credentialProviderFactory ?? (credentials === undefined ? undefined : () => () => Promise.resolve(credentials));
  const server: StaticServer = await serveStatic(join(repoRoot, 'out', 'renderer'));
  const current: { page?: Page } = {};
  const gone = (): boolean => current.page === undefined || current.page.isClosed();
  // The page as Electron's main window would expose it to createEventPush.
  const mainWindow: PushTarget = {
    isDestroyed: gone,
    webContents: {
      isDestroyed: gone,
      get mainFrame() {
        const page = current.page;
        return page === undefined ? null : ({ url: page.url(), parent: null, detached: false } as unknown as WebFrameMain);
      },
      send: (channel: string, payload: unknown) => {
        void current.page?.evaluate(([c, p]) => window.__iamDsnPush(c as string, p), [channel, payload] as const).catch(() => undefined);
      },
    },
  };
  const push = createEventPush(() => mainWindow, isTrustedSenderFor(server.url));
  const services = createAppServices({
    clock,
    logger,
    cipher: new FakeCipher(),
    storeFile: { createConf: (o) => new Conf<Record<string, unknown>>(o), directory: dir },
    showMfaRequest: (request) => {
      if (!push('mfaRequest', request)) throw new Error('no app page to ask for an MFA code');
    },
    showMfaResult: (result) => void push('mfaResult', result),
    mfaTimeoutMs: options.mfaTimeoutMs,
    // SSH prompts reach the page as `sshPrompt` events, as in the app.
    showSshPrompt: (request) => {
      if (!push('sshPrompt', request)) throw new Error('no app page to ask about an SSH tunnel');
    },
    // Accepted host keys go to the test's folder; with `ssh`, no system known_hosts file counts.
    tunnelFiles: { knownHostsFile: join(dir, 'known_hosts'), systemKnownHostsFile: options.ssh === undefined ? undefined : join(options.ssh.home, 'no-system-known-hosts') },
    // The refresher writes only inside the home folder: the test folder is home unless SSH brings its own.
    homedir: options.ssh?.home ?? dir,
    env: options.ssh?.env,
    saveDialog: options.saveDialog,
    onRefresherStatus: (status) => void push('refresherStatus', status),
    credentialProviderFactory: factory,
    // No STS here: the report names no caller.
    callerIdentity: null,
  });
  const { mfa, sshPrompts, tunnels } = services;
  const handlers = createApiHandlers(services);

  const channels = new Map<string, Listener>();
  const fakeIpcMain = {
    handle: (channel: string, listener: Listener) => void channels.set(channel, listener),
    removeHandler: (channel: string) => void channels.delete(channel),
  };
  registerIpc(fakeIpcMain as unknown as Parameters<typeof registerIpc>[0], handlers, isTrustedSenderFor(server.url));

  const ownBrowser = options.browser === undefined ? await launchChromium() : undefined;
  const browser = options.browser ?? ownBrowser;
  if (browser === undefined) throw new Error('no browser');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const responses: string[] = [];
  await context.exposeBinding('__iamDsnIpc', async (source, channel: string, args: unknown[]) => {
    const listener = channels.get(channel);
    if (listener === undefined) throw new Error(`no handler for ${channel}`);
    // What Electron's IpcMainInvokeEvent tells about the sender frame.
    const frame = { url: source.frame.url(), parent: source.frame.parentFrame() === null ? null : {}, detached: source.frame.isDetached() };
    const answer = await listener({ senderFrame: frame }, ...args);
    responses.push(JSON.stringify(answer));
    return answer;
  });
  await context.addInitScript({ content: await preloadScript() });
  const opened = await context.newPage();
  current.page = opened;
  const pageErrors: string[] = [];
  opened.on('pageerror', (e) => pageErrors.push(e.message));
  await opened.goto(server.url);

  return {
    page: opened,
    context,
    url: server.url,
    dir,
    logPath,
    responses,
    mfa,
    push,
    close: async () => {
      mfa.cancelAll();
      sshPrompts.cancelAll();
      tunnels.closeAll();
      await context.close();
      await ownBrowser?.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
      if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`);
    },
  };
}
