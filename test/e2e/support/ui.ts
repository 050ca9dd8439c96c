/**
 * The DSN window's own moves, as a user makes them, for the E2E tests: open an editor tab, a
 * library row's context menu, the Import menu; and axe-core run inside the page (its source is
 * evaluated through the DevTools protocol, so the page's CSP needs no exception).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Opens an editor tab (Connection, Credentials, TLS & network, Export, IAM setup, Token files) and waits for it. */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name.replace(/[&]/g, '\\$&')}`) });
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
  const panel = page.locator(`#${(await tab.getAttribute('aria-controls'))?.replace(/:/g, '\\:') ?? ''}`);
  await panel.locator('.panel, .form-section, .empty-note').first().waitFor();
}

/** A row of the library by the DSN's name. */
export function libraryRow(page: Page, name: string): Locator {
  return page.getByTestId('dsn-list').locator('button.dsn-item', { has: page.locator('.dsn-item-name').getByText(name, { exact: true }) });
}

/** Right-clicks a library row and picks an item of its menu. */
export async function rowMenu(page: Page, name: string, item: string): Promise<void> {
  await libraryRow(page, name).click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: item }).click();
}

/** Import… → one of its items. */
export async function importMenu(page: Page, item: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('menu', { name: 'Import' }).getByRole('menuitem', { name: item }).click();
}

let axeSource: string | undefined;

/** An axe-core violation, trimmed for a readable failure. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  });
}
