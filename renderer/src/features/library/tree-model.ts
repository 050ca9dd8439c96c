/**
 * The library as rows of a compact tree (pure): favourites first, then the DSNs grouped by tag
 * (each DSN under its first tag), environment, region or AWS account, or not grouped. Collapsed
 * groups keep their header row. Rows are flat so the list can be windowed and walked with the keys.
 */
import { ENVIRONMENT_LABELS, type DsnEnvironment, type SavedDsn } from '../../../../shared/dsn';
import { principalOfArn } from '../../../../shared/iam-setup';

export const GROUP_BYS = ['none', 'tag', 'environment', 'region', 'account'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const GROUP_BY_LABELS: Record<GroupBy, string> = {
  none: 'No groups',
  tag: 'Tag',
  environment: 'Environment',
  region: 'Region',
  account: 'AWS account',
};

export type TreeRow =
  | { kind: 'group'; key: string; label: string; count: number; expanded: boolean }
  | { kind: 'dsn'; dsn: SavedDsn; grouped: boolean };

/** The group of favourites, always first. */
export const FAVORITES_KEY = 'favorites';

const ENVIRONMENT_ORDER: Record<DsnEnvironment, number> = { production: 0, staging: 1, test: 2, development: 3, '': 4 };

/** The AWS account a DSN signs in: the role it assumes, else who signed its last test. */
export function accountOf(dsn: SavedDsn, lastCaller: (id: string) => string | undefined): string | undefined {
  const role = dsn.assumeRole !== undefined ? principalOfArn(dsn.assumeRole.roleArn) : undefined;
  return role?.accountId ?? principalOfArn(lastCaller(dsn.id))?.accountId;
}

interface Group {
  key: string;
  label: string;
  order: string;
  dsns: SavedDsn[];
}

function groupOf(dsn: SavedDsn, by: Exclude<GroupBy, 'none'>, lastCaller: (id: string) => string | undefined): { key: string; label: string; order: string } {
  switch (by) {
    case 'tag': {
      const tag = dsn.tags[0];
      return tag === undefined ? { key: 'tag:', label: 'No tag', order: '\uffff' } : { key: `tag:${tag.toLocaleLowerCase()}`, label: tag, order: tag.toLocaleLowerCase() };
    }
    case 'environment':
      return { key: `env:${dsn.environment}`, label: dsn.environment === '' ? 'No environment' : ENVIRONMENT_LABELS[dsn.environment], order: String(ENVIRONMENT_ORDER[dsn.environment]) };
    case 'region':
      return dsn.region === '' ? { key: 'region:', label: 'No region', order: '\uffff' } : { key: `region:${dsn.region}`, label: dsn.region, order: dsn.region };
    case 'account': {
      const account = accountOf(dsn, lastCaller);
      return account === undefined ? { key: 'account:', label: 'Account not known (test to find out)', order: '\uffff' } : { key: `account:${account}`, label: account, order: account };
    }
  }
}

/**
 * The rows for `dsns` (already filtered and sorted). Favourites lead in their own group; with no
 * grouping the rest follow without a header.
 */
export function treeRows(dsns: readonly SavedDsn[], by: GroupBy, collapsed: ReadonlySet<string>, lastCaller: (id: string) => string | undefined = () => undefined): TreeRow[] {
  const favorites = dsns.filter((d) => d.favorite);
  const rest = dsns.filter((d) => !d.favorite);
  const groups: Group[] = [];
  if (by === 'none') {
    groups.push({ key: '', label: '', order: '', dsns: rest });
  } else {
    const byKey = new Map<string, Group>();
    for (const dsn of rest) {
      const g = groupOf(dsn, by, lastCaller);
      const found = byKey.get(g.key) ?? { ...g, dsns: [] };
      found.dsns.push(dsn);
      byKey.set(g.key, found);
    }
    groups.push(...[...byKey.values()].sort((a, b) => a.order.localeCompare(b.order, undefined, { numeric: true })));
  }
  if (favorites.length > 0) groups.unshift({ key: FAVORITES_KEY, label: 'Favorites', order: '', dsns: favorites });
  const rows: TreeRow[] = [];
  for (const group of groups) {
    if (group.key === '') {
      rows.push(...group.dsns.map((dsn): TreeRow => ({ kind: 'dsn', dsn, grouped: false })));
      continue;
    }
    const expanded = !collapsed.has(group.key);
    rows.push({ kind: 'group', key: group.key, label: group.label, count: group.dsns.length, expanded });
    if (expanded) rows.push(...group.dsns.map((dsn): TreeRow => ({ kind: 'dsn', dsn, grouped: true })));
  }
  return rows;
}
