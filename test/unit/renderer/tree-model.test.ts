/** The library tree (pure): favourites first, groups by tag, environment, region and account, folded groups. */
import { describe, expect, it } from 'vitest';
import { accountOf, treeRows } from '../../../renderer/src/features/library/tree-model';
import { savedDsn } from './support/fake-api';

const role = (account: string) => ({ roleArn: `arn:aws:iam::${account}:role/db`, sessionName: 's', externalId: '', durationSeconds: 3600, mfaSerial: '' });

describe('tree rows', () => {
  const a = savedDsn({ name: 'a', tags: ['billing', 'eu'], region: 'eu-west-1', environment: 'production', assumeRole: role('111111111111') });
  const b = savedDsn({ name: 'b', tags: [], region: 'us-east-1', environment: '', favorite: true });
  const c = savedDsn({ name: 'c', tags: ['orders'], region: 'eu-west-1', environment: 'staging' });
  const rows = (by: Parameters<typeof treeRows>[1], collapsed: string[] = []) =>
    treeRows([a, b, c], by, new Set(collapsed), (id) => (id === c.id ? 'arn:aws:sts::222222222222:assumed-role/r/s' : undefined)).map((r) => (r.kind === 'group' ? `[${r.label} ${r.count}]` : r.dsn.name));

  it('puts favourites first, then the rest without headers when not grouped', () => {
    expect(rows('none')).toEqual(['[Favorites 1]', 'b', 'a', 'c']);
  });

  it('groups by first tag, environment (production first), region, account (role, else who signed the last test)', () => {
    expect(rows('tag')).toEqual(['[Favorites 1]', 'b', '[billing 1]', 'a', '[orders 1]', 'c']);
    expect(rows('environment')).toEqual(['[Favorites 1]', 'b', '[Production 1]', 'a', '[Staging 1]', 'c']);
    expect(rows('region')).toEqual(['[Favorites 1]', 'b', '[eu-west-1 2]', 'a', 'c']);
    expect(rows('account')).toEqual(['[Favorites 1]', 'b', '[111111111111 1]', 'a', '[222222222222 1]', 'c']);
  });

  it('keeps a folded group as its header', () => {
    expect(rows('region', ['region:eu-west-1'])).toEqual(['[Favorites 1]', 'b', '[eu-west-1 2]']);
  });

  it('knows no account without a role or a test', () => {
    expect(accountOf(b, () => undefined)).toBeUndefined();
  });
});
