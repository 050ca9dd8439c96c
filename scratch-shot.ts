import { defaultDsn, type DsnInput } from './shared/dsn';
import { startE2eApp } from './test/e2e/support/app-harness';

export async function main(): Promise<void> {
  const app = await startE2eApp({});
  const page = app.page;
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message, e.stack?.split('\n').slice(0, 4).join(' | ')));
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text().slice(0, 400)); });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/shots/empty.png' });
  const envs = ['production', 'staging', 'test', 'development', ''] as const;
  for (let i = 0; i < 20; i++) {
    const input: DsnInput = { ...defaultDsn(), name: `orders ${i}`, server: `orders${i}.cluster-abc123.us-east-1.rds.amazonaws.com`, user: 'app_user', region: 'us-east-1', tags: [i % 3 === 0 ? 'billing' : 'orders'], environment: envs[i % 5] ?? '', favorite: i === 2 };
    await page.evaluate((a) => (window as unknown as { iamDsn: { saveDsn: (x: unknown) => Promise<unknown> } }).iamDsn.saveDsn(a), input);
  }
  await page.reload();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/shots/list.png' });
  await page.getByTestId('dsn-list').getByRole('button', { name: /orders 5/ }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/shots/open.png' });
  await page.setViewportSize({ width: 900, height: 650 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/shots/open-900.png' });
  await app.close();
}
