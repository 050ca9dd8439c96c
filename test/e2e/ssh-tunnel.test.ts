/**
 * Acceptance 6: the DSN window's SSH tunnel end to end — the built renderer in real Chromium, the
 * real handlers and tunnel service, a real sshd bastion and ssh-agent, and the IAM PostgreSQL in a
 * network namespace only the bastion reaches. The user fills the Network section (picking the
 * bastion from ~/.ssh/config) in the TLS & network tab, is shown the unknown host key's
 * fingerprint, refuses (no connection), tests again and accepts, and exports with the ssh -L
 * command first. axe-core finds nothing on the SSH section nor on the host-key prompt.
 * Screenshots go to test-results/e2e/ (50-…).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT, startTunnelWorld, type TunnelWorld } from '../integration/tunnel-harness';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { axeViolations, libraryRow, openTab } from './support/ui';
import { requireTool } from '../support/require-tool';

let world: TunnelWorld;
let app: E2eApp;
let page: Page;

const field = (label: string) => page.getByLabel(label, { exact: true });
const shot = async (name: string, focus?: string) => {
  if (focus !== undefined) await page.getByTestId(focus).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
};

const HAS_OPENSSH = requireTool('openssh', 'e2e ssh-tunnel: the SSH section against real sshd');

describe.skipIf(!HAS_OPENSSH)('e2e ssh-tunnel', () => {
  beforeAll(async () => {
    world = await startTunnelWorld();
    // ~/.ssh/config of the app's user: the bastion as an alias; and no known_hosts entry for it.
    await writeFile(join(world.home, '.ssh', 'config'), ['Host private-bastion', '  HostName 127.0.0.1', `  Port ${world.bastion.port}`, `  User ${world.bastion.user}`, 'Host legacy', '  ProxyCommand nc %h %p', ''].join('\n'));
    await world.knowHosts();
    const key = world.db.keys[0];
    if (key === undefined) throw new Error('no fixture key');
    app = await startE2eApp({ credentials: key, ssh: { home: world.home, env: { SSH_AUTH_SOCK: world.agent.socket } } });
    page = app.page;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await world?.stop();
  });

  describe('SSH tunnel in the DSN window', () => {
    it('fills the Network section, picking the bastion from ~/.ssh/config', async () => {
      await page.getByRole('button', { name: 'New DSN' }).click();
      await field('Name').fill('orders (private)');
      await field('Server').fill(ENDPOINT);
      await field('Port').fill('5432');
      await field('User name').fill(world.db.iamUser);
      await field('Database').fill(world.db.database);
      await field('Region').fill(world.db.region);
      await openTab(page, 'TLS & network');
      await field('CA bundle path').fill(world.db.caPath);
      await page.getByRole('radio', { name: /^SSH tunnel/ }).check();
      await page.getByRole('button', { name: 'Show ~/.ssh/config hosts' }).click();
      const aliases = page.getByRole('list', { name: '~/.ssh/config hosts' });
      await expect.poll(() => aliases.getByRole('button').count()).toBe(2);
      // An alias that would need a program is shown, and cannot be picked.
      expect(await aliases.getByRole('button', { name: /legacy/ }).isDisabled()).toBe(true);
      await aliases.getByRole('button', { name: /private-bastion/ }).click();
      expect(await field('Bastion host').inputValue()).toBe('private-bastion');
      expect(await field('Bastion user').inputValue()).toBe(world.bastion.user);
      await field('SSH authentication').selectOption('agent');
      await shot('50-ssh-network-section', 'ssh-fields');
      // The SSH section as the user sees it, alias list open: nothing for axe to find.
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => libraryRow(page, 'orders (private)').count()).toBe(1);
    });

    it('shows an unknown host key with its SHA256 fingerprint; Refuse (the default, also Escape) connects nothing', async () => {
      const loginsBefore = (await world.bastion.log()).match(/Accepted publickey/g)?.length ?? 0;
      await page.getByRole('button', { name: 'Test connection' }).click();
      const dialog = page.getByTestId('ssh-prompt-dialog');
      await dialog.waitFor({ timeout: 30_000 });
      expect(await dialog.getByTestId('host-key-fingerprint').innerText()).toBe(world.bastion.fingerprint);
      expect(await dialog.innerText()).toContain('ssh-ed25519');
      // Focus starts on Refuse: an Enter on an unread dialog never accepts.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Refuse');
      await shot('51-host-key-prompt');
      // The prompt is a modal the platform keeps on top: axe finds nothing on it (the page behind is inert).
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      const report = page.getByTestId('test-report');
      await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('failure');
      expect(await report.innerText()).toContain('was not accepted');
      expect(await page.getByTestId('phase-host-key').getAttribute('data-status')).toBe('failed');
      expect((await world.bastion.log()).match(/Accepted publickey/g)?.length ?? 0).toBe(loginsBefore);
      await shot('52-host-key-refused', 'test-report');
    });

    it('Accept and remember: the test passes through the bastion, with the tunnel phases', async () => {
      await page.getByRole('button', { name: 'Test connection' }).click();
      const dialog = page.getByTestId('ssh-prompt-dialog');
      await dialog.waitFor({ timeout: 30_000 });
      await dialog.getByRole('button', { name: 'Accept and remember' }).click();
      const report = page.getByTestId('test-report');
      await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('success');
      for (const phase of ['ssh-connect', 'host-key', 'ssh-auth', 'forward', 'tcp', 'tls', 'auth', 'query']) {
        expect(await page.getByTestId(`phase-${phase}`).getAttribute('data-status')).toBe('ok');
      }
      const text = await report.innerText();
      expect(text).toContain(`→ ${ENDPOINT}:5432`);
      expect(text).toContain(`certificate verified against ${world.db.caPath} for ${ENDPOINT}`);
      await shot('53-tunnel-test-success', 'test-report');
      // Remembered: a second test does not ask.
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('success');
      expect(await page.getByTestId('ssh-prompt-dialog').count()).toBe(0);
    });

    it('exports psql with the ssh -L command to run first', async () => {
      await openTab(page, 'Export');
      await page.getByLabel('Export format').selectOption('psql');
      const tunnel = page.getByTestId('tunnel-command');
      await tunnel.waitFor();
      const command = await tunnel.innerText();
      expect(command).toContain(`ssh -N -o ExitOnForwardFailure=yes -L 127.0.0.1:15432:${ENDPOINT}:5432`);
      expect(command).toContain('-- iamdsn-ssh@private-bastion');
      await expect.poll(() => page.getByLabel('Connection string').inputValue()).toContain('hostaddr=127.0.0.1 port=15432');
      await shot('54-tunnel-export', 'export-output');
      expect(await axeViolations(page)).toEqual([]);
      // The action bar's Copy psql command says the copied line needs the tunnel first.
      await page.getByRole('button', { name: 'Copy psql command' }).click();
      await expect.poll(() => page.getByTestId('action-status').innerText()).toContain('run the ssh command on Export first');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('hostaddr=127.0.0.1 port=15432');
    });
  });
});
