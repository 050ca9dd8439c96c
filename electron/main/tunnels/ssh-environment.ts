/**
 * The machine as a tunnel sees it: ~/.ssh/config (and the files its Include lines name), the home
 * folder, the local user and SSH_AUTH_SOCK. Read when a new SSH connection is planned, so an edit
 * of ~/.ssh/config applies to the next one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { globMatch } from './known-hosts';
import type { SshHostAlias } from '../../../shared/ipc-contract';
import { listSshAliases, resolveSshHost } from './ssh-config';
import type { SshEnvironment } from './tunnel-plan';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The files an Include pattern names: `*` and `?` in the last path component, in name order. */
function readIncluded(pattern: string): string[] {
  const name = basename(pattern);
  if (!/[*?]/.test(name)) {
    const text = readText(pattern);
    return text === undefined ? [] : [text];
  }
  let names: string[];
  try {
    names = readdirSync(dirname(pattern)).sort();
  } catch {
    return [];
  }
  return names.filter((n) => globMatch(name, n)).flatMap((n) => readText(join(dirname(pattern), n)) ?? []);
}

function localUserName(env: Readonly<Record<string, string | undefined>>): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? '';
  }
}

/** What the machine says now; `home` and `env` can be overridden (the CLI's context, tests). */
export function systemSshEnvironment(options: { home?: string | undefined; env?: Readonly<Record<string, string | undefined>> | undefined } = {}): SshEnvironment {
  const home = options.home ?? homedir();
  const env = options.env ?? process.env;
  return {
    env,
    home,
    platform: process.platform,
    localUser: localUserName(env),
    configText: readText(join(home, '.ssh', 'config')) ?? '',
    readIncluded,
  };
}

/** The Host aliases of the user's ~/.ssh/config as they resolve, for the form's picker (nothing is run). */
export function sshHostAliases(environment: SshEnvironment): SshHostAlias[] {
  return listSshAliases(environment.configText).map((alias) => {
    const resolved = resolveSshHost(alias, environment.configText, environment);
    if (!resolved.ok) return { alias, hostName: alias, proxyJump: [], unsupported: resolved.error.message };
    const r = resolved.value;
    return { alias, hostName: r.hostName, port: r.port, user: r.user, identityFile: r.identityFiles[0], proxyJump: r.proxyJump };
  });
}
