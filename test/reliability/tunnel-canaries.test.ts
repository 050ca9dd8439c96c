/**
 * Acceptance 5 of the SSH tunnel: canaries for its secrets — a key passphrase (asked, answered),
 * a bastion password (saved with the DSN), and the private key's own material — planted and then
 * every tunnel path run through the app's handlers (real store, file logger, tester, tunnel
 * service, prompts as the window gets them) against a real sshd: success, wrong password, wrong
 * passphrase, refused forward, exports in every format. None may appear in a log line, a console
 * line, an IPC answer, a push to the page, or in clear in any file under the app's folder.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppServices } from '../../electron/main/app-services';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import { FileLogger } from '../../electron/main/platform/file-logger';
import type { Dsn, SavedDsn } from '../../shared/dsn';
import { EXPORT_FORMATS } from '../../shared/export-types';
import type { SshPromptRequest } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { type SshBastion, sshKeygen, startSshBastion } from '../fixture/ssh-bastion';
import { startTunnelWorld, type TunnelWorld } from '../integration/tunnel-harness';
import { createTestApp } from '../support/app';
import { requireTool } from '../support/require-tool';

const tag = Math.random().toString(36).slice(2, 10);
const CANARY = { passphrase: `CANARY-pp-${tag}-phrase`, sshPassword: `CANARY-sshpw-${tag}-wörd` };

let world: TunnelWorld;
let bastion: SshBastion;
let dir: string;
let keyPath: string;
let keyMaterial: string[];
let handlers: ApiHandlers;
let services: AppServices;
let passphraseAnswers: Array<string | null> = [];
const answers: string[] = [];
const pushes: SshPromptRequest[] = [];
const consoleLines: string[] = [];

function secrets(): string[] {
  return [CANARY.passphrase, CANARY.sshPassword, ...keyMaterial];
}

function leaks(text: string): string[] {
  const found: string[] = [];
  for (const secret of secrets()) {
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')])) {
      if (text.includes(form)) found.push(`${secret.slice(0, 14)}…`);
    }
  }
  return found;
}

async function call<T>(answer: Promise<Result<T>>): Promise<Result<T>> {
  const result = await answer;
  answers.push(JSON.stringify(result));
  return result;
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const HAS_OPENSSH = requireTool('openssh', 'tunnel-canaries: tunnel secrets against real sshd');

describe.skipIf(!HAS_OPENSSH)('tunnel-canaries', () => {
  beforeAll(async () => {
    world = await startTunnelWorld();
    dir = mkdtempSync(join(tmpdir(), 'iamdsn-tunnel-canary-'));
    const key = await sshKeygen(world.home, 'id_canary', CANARY.passphrase);
    keyPath = key.path;
    // The private key's base64 body lines: key material that must never be copied anywhere.
    keyMaterial = readFileSync(keyPath, 'utf8').split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
    bastion = await startSshBastion({ netnsExec: world.network.exec, authorizedKeys: [key.publicKey], password: CANARY.sshPassword });
    await world.knowHosts(bastion.knownHostsLine);
    const fixtureKey = world.db.keys[0];
    if (fixtureKey === undefined) throw new Error('no fixture key');
    // The app's services through the one wiring: a file logger, the store in `dir`, and a "window"
    // that records each SSH prompt pushed to it and answers as the dialog would.
    const app = createTestApp(dir, {
      logger: new FileLogger(join(dir, 'logs', 'main.log')),
      homedir: world.home,
      env: {},
      tunnelFiles: { knownHostsFile: join(dir, 'known_hosts'), systemKnownHostsFile: join(dir, 'none') },
      credentialProviderFactory: () => async () => fixtureKey,
      showSshPrompt: (request) => {
        pushes.push(request);
        setTimeout(() => {
          if (request.kind === 'passphrase') void app.handlers.answerSshPrompt(request.requestId, { secret: passphraseAnswers.shift() ?? null });
        }, 5);
      },
    });
    ({ handlers, services } = app);
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')));
    }
  }, 240_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    services?.tunnels.closeAll();
    await bastion?.stop();
    await world?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  function dsnWith(ssh: Partial<NonNullable<Extract<Dsn['network'], { kind: 'ssh' }>>>, name: string): Dsn {
    return world.dsn({ port: bastion.port, ...ssh }, { name });
  }

  it('runs every tunnel path, then finds no passphrase, password or key material anywhere', async () => {
    // A password tunnel, saved with its password (stored encrypted), tested from the store.
    const saved = await call(handlers.saveDsn({ ...dsnWith({ auth: 'password' }, 'pw'), sshPassword: CANARY.sshPassword }));
    if (!saved.ok) throw new Error(saved.error.message);
    const view: SavedDsn = saved.value;
    expect(view.hasSshPassword).toBe(true);
    const { hasPassword: _a, passwordSessionOnly: _b, hasSecretAccessKey: _c, hasSessionToken: _d, hasSshPassword: _e, updatedAt: _f, ...input } = view;
    const ok1 = await call(handlers.testConnection({ requestId: 'pw-ok', dsn: input }));
    expect(ok1.ok && ok1.value.outcome).toBe('success');
    // A wrong password typed in the request.
    const bad = await call(handlers.testConnection({ requestId: 'pw-bad', dsn: { ...input, sshPassword: `${CANARY.sshPassword}-nope` } }));
    expect(bad.ok && bad.value.error?.code).toBe('SSH_LOGIN_REFUSED');

    // An encrypted key: wrong passphrase, then the right one; then cancelled.
    services.tunnels.closeAll();
    passphraseAnswers = [`${CANARY.passphrase}-wrong`, CANARY.passphrase];
    const keyTest = await call(handlers.testConnection({ requestId: 'key', dsn: dsnWith({ auth: 'key', identityFile: keyPath }, 'key') }));
    expect(keyTest.ok && keyTest.value.outcome).toBe('success');
    expect(pushes.filter((p) => p.kind === 'passphrase').map((p) => p.kind === 'passphrase' && p.retry)).toEqual([false, true]);
    passphraseAnswers = [];
    const cancelled = await call(handlers.testConnection({ requestId: 'key-x', dsn: dsnWith({ auth: 'key', identityFile: keyPath, user: 'someone-else' }, 'key2') }));
    expect(cancelled.ok && cancelled.value.error?.code).toBe('SSH_KEY_UNUSABLE');

    // A refused forward, and every export format of the tunnelled DSNs.
    const refused = await call(handlers.testConnection({ requestId: 'fwd', dsn: { ...input, network: { kind: 'ssh', host: '127.0.0.1', port: bastion.port, user: bastion.user, auth: 'password', remotePort: 1 } } }));
    expect(refused.ok && refused.value.error?.code).toBe('SSH_FORWARD_FAILED');
    for (const format of EXPORT_FORMATS) {
      await call(handlers.exportDsn({ dsn: input, format, includeToken: false, includePassword: false }));
      await call(handlers.exportDsn({ dsn: dsnWith({ auth: 'key', identityFile: keyPath }, 'k'), format, includeToken: true, includePassword: false }));
    }
    await call(handlers.listDsns());

    const logText = readFileSync(join(dir, 'logs', 'main.log'), 'utf8');
    expect(logText).toMatch(/SSH forward opened/);
    expect(leaks(logText)).toEqual([]);
    expect(leaks(consoleLines.join('\n'))).toEqual([]);
    expect(answers.flatMap((a) => leaks(a))).toEqual([]);
    expect(leaks(JSON.stringify(pushes))).toEqual([]);
    for (const file of filesUnder(dir)) expect({ file, leaks: leaks(readFileSync(file).toString('latin1')) }).toEqual({ file, leaks: [] });
    // The store holds the SSH password encrypted: the record has a ciphertext and no clear text.
    const storeText = readFileSync(join(dir, 'dsns.json'), 'utf8');
    expect(storeText).toContain('sshPasswordEncrypted');
  });
});
