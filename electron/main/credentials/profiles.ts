/**
 * The AWS profiles of the shared config and credentials files (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE honoured, ~/.aws/… otherwise), read with the SDK's own loader so the
 * list matches what fromIni resolves. Only names, kinds, regions and whether MFA is asked are
 * returned: never a key, a token or any other value of the files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_PREFIX_SEPARATOR, getHomeDir, loadSharedConfigFiles } from '@smithy/core/config';
import type { AwsProfileInfo, AwsProfileKind } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import { errnoOf, isMissing } from '../files/file-errors';
import { expandHome } from '../files/home';

/** Where the two files are. */
export interface SharedFilePaths {
  configPath: string;
  credentialsPath: string;
}

type Section = Record<string, string | undefined>;

/** Larger files are refused rather than parsed (a config file is a few kilobytes). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Config-file sections that are not profiles (`[sso-session x]`, `[services x]`). */
const NON_PROFILE_PREFIXES = ['sso-session', 'services'].map((p) => `${p}${CONFIG_PREFIX_SEPARATOR}`);

/** The paths the SDK reads, from the environment or the home folder. */
export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): SharedFilePaths {
  return {
    configPath: expandHome(env.AWS_CONFIG_FILE || join(getHomeDir(), '.aws', 'config'), getHomeDir()),
    credentialsPath: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(getHomeDir(), '.aws', 'credentials'), getHomeDir()),
  };
}

/**
 * The first line (1-based) that is none of: blank, comment, `[section]`, `key = value` inside a
 * section, or an indented sub-key or continuation. The AWS CLI refuses such files; the SDK skips the line silently.
 */
export function firstMalformedLine(text: string): number | undefined {
  if (text.includes('\0')) return 1;
  let inSection = false;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = (raw.split(/(^|\s)[;#]/)[0] ?? '').trim();
    if (line === '') continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      if (/^\[\s*(profile\s+)?__proto__\s*\]$/.test(line) || line === '[]') return index + 1;
      inSection = true;
      continue;
    }
    if (!inSection) return index + 1;
    // `key = value` (configparser also takes `key: value`), or an indented continuation line.
    if (line.indexOf('=') <= 0 && line.indexOf(':') <= 0 && !/^\s/.test(raw)) return index + 1;
  }
  return undefined;
}

/** The file's text, `undefined` when it does not exist, or STORE_IO naming why it cannot be read. */
async function readIfPresent(path: string, label: string): Promise<Result<string | undefined>> {
  let code: string;
  try {
    const text = await readFile(path, 'utf8');
    if (Buffer.byteLength(text) <= MAX_FILE_BYTES) return ok(text);
    code = 'too large';
  } catch (error) {
    if (isMissing(error)) return ok(undefined);
    code = errnoOf(error);
  }
  return err('STORE_IO', `The AWS ${label} file cannot be read (${code}): ${path}`, {
    hint: 'Check that it is a readable file (permissions, not a folder), or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere; then reopen the profile list.',
  });
}

async function checkFile(path: string, label: string): Promise<Result<true>> {
  const read = await readIfPresent(path, label);
  if (!read.ok) return read;
  const line = read.value === undefined ? undefined : firstMalformedLine(read.value);
  if (line !== undefined) {
    return err('STORE_IO', `The AWS ${label} file is malformed at line ${line}: ${path}`, {
      hint: 'Each line must be a [section] header, a "key = value" setting inside a section, an indented sub-setting, or a # comment. Fix that line (the AWS CLI refuses the file too), then reopen the profile list.',
    });
  }
  return ok(true);
}

/** The kind of a profile, in the order fromIni tries them. */
export function profileKind(section: Section): AwsProfileKind {
  const has = (key: string): boolean => typeof section[key] === 'string' && section[key] !== '';
  if (has('role_arn') && (has('source_profile') || has('credential_source'))) return 'role';
  if (has('aws_access_key_id')) return 'static';
  if (has('role_arn') && has('web_identity_token_file')) return 'web-identity';
  if (has('credential_process')) return 'process';
  if (has('sso_session') || has('sso_start_url') || has('sso_account_id') || has('sso_role_name')) return 'sso';
  return 'unknown';
}

/** Whether resolving `name` asks for an MFA code: its own mfa_serial or one along its source_profile chain. */
function needsMfa(name: string, profiles: Map<string, Section>): boolean {
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    const section = profiles.get(current);
    if (section === undefined) return false;
    if (section.role_arn && section.mfa_serial) return true;
    current = section.role_arn ? section.source_profile : undefined;
  }
  return false;
}

/** Lists the profiles, sorted by name. Unreadable or malformed files → STORE_IO naming the file. */
export async function listProfiles(paths: SharedFilePaths = sharedFilePaths()): Promise<Result<AwsProfileInfo[]>> {
  for (const [path, label] of [
    [paths.configPath, 'config'],
    [paths.credentialsPath, 'credentials'],
  ] as const) {
    const checked = await checkFile(path, label);
    if (!checked.ok) return checked;
  }
  let files: Awaited<ReturnType<typeof loadSharedConfigFiles>>;
  try {
    files = await loadSharedConfigFiles({ configFilepath: paths.configPath, filepath: paths.credentialsPath, ignoreCache: true });
  } catch (error) {
    return err('STORE_IO', 'The AWS config files could not be parsed.', { detail: error instanceof Error ? error.name : typeof error });
  }
  const merged = new Map<string, Section>();
  const sources = new Map<string, Set<'config' | 'credentials'>>();
  const add = (name: string, section: Section, from: 'config' | 'credentials'): void => {
    // Like the SDK: the credentials file's values win over the config file's.
    merged.set(name, from === 'credentials' ? { ...merged.get(name), ...section } : { ...section, ...merged.get(name) });
    (sources.get(name) ?? sources.set(name, new Set()).get(name))?.add(from);
  };
  for (const [name, section] of Object.entries(files.configFile)) {
    if (!NON_PROFILE_PREFIXES.some((prefix) => name.startsWith(prefix))) add(name, section, 'config');
  }
  for (const [name, section] of Object.entries(files.credentialsFile)) add(name, section, 'credentials');

  const list: AwsProfileInfo[] = [...merged].map(([name, section]) => ({
    name,
    kind: profileKind(section),
    region: section.region === undefined || section.region === '' ? undefined : section.region,
    needsMfa: needsMfa(name, merged),
    sources: (['config', 'credentials'] as const).filter((s) => sources.get(name)?.has(s)),
  }));
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ok(list);
}
