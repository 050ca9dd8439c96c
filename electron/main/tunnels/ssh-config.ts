/**
 * ~/.ssh/config Host aliases, resolved the way OpenSSH does (first value obtained wins; Host and
 * Match blocks in file order; Include) for the settings a tunnel uses: HostName, User, Port,
 * IdentityFile, IdentityAgent, ProxyJump. Nothing the file names is ever run: a block that would
 * need a program (ProxyCommand, Match exec, KnownHostsCommand) makes the alias refused with a
 * clear message instead of guessed. Parsing is ssh-config's; the evaluation is here, pure.
 */
import SSHConfig, { type Line, LineType } from 'ssh-config';
import { err, ok, type Result } from '../../../shared/result';
import { expandHome } from '../files/home';
import { patternListMatches } from './known-hosts';

/** The settings of one host after ~/.ssh/config. */
export interface SshHostSettings {
  /** The name asked for (an alias or a plain host). */
  alias: string;
  /** Where to connect: HostName, else the name itself. */
  hostName: string;
  port: number | undefined;
  user: string | undefined;
  /** IdentityFile values in order, `~` and `%d/%h/%u/%r` expanded. */
  identityFiles: string[];
  /** IdentityAgent: a socket path, `none`, or `SSH_AUTH_SOCK`. */
  identityAgent: string | undefined;
  /** ProxyJump hops as written (`[user@]host[:port]`), none when absent or `none`. */
  proxyJump: string[];
}

/** What resolving needs from outside: the text of an included file (by absolute pattern) and the local names. */
export interface SshConfigContext {
  /** Texts of the files an `Include` pattern names (`~` already expanded), in order; none when nothing matches. */
  readIncluded(pattern: string): string[];
  home: string;
  localUser: string;
}

const RUNS_A_PROGRAM = new Set(['proxycommand', 'knownhostscommand', 'localcommand']);
/** Settings we honour; anything else is ignored as OpenSSH's business (ciphers, forwarding flags…). */
const WANTED = new Set(['hostname', 'user', 'port', 'identityfile', 'identityagent', 'proxyjump']);
const MAX_INCLUDE_DEPTH = 8;

function valueText(value: string | Array<{ val: string }>): string {
  return typeof value === 'string' ? value : value.map((v) => v.val).join(' ');
}

function valueList(value: string | Array<{ val: string }>): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter((v) => v !== '') : value.map((v) => v.val);
}

function unsupported(alias: string, what: string): Result<never> {
  return err('SSH_CONFIG_UNSUPPORTED', `The ~/.ssh/config entry for "${alias}" uses ${what}, which this app never runs.`, {
    hint: 'Give the bastion as host, port and user (and jump hosts) in the DSN instead, or add a Host block for it without ProxyCommand / Match exec.',
  });
}

/** Expands `~` and the tokens OpenSSH allows in IdentityFile and IdentityAgent. */
export function expandTokens(value: string, hostName: string, ctx: SshConfigContext, remoteUser: string | undefined): string {
  const withHome = expandHome(value, ctx.home);
  return withHome.replace(/%([%dhur])/g, (_m, t: string) => {
    if (t === '%') return '%';
    if (t === 'd') return ctx.home;
    if (t === 'h') return hostName;
    if (t === 'u') return ctx.localUser;
    return remoteUser ?? ctx.localUser;
  });
}

interface Collected {
  values: Map<string, string>;
  identityFiles: string[];
}

/**
 * Resolves `alias` through the config text. An alias with no block is its own host name. Refuses
 * (SSH_CONFIG_UNSUPPORTED) when a block that applies needs a program, and when a Match criterion
 * cannot be decided without one.
 */
export function resolveSshHost(alias: string, configText: string, ctx: SshConfigContext): Result<SshHostSettings> {
  const collected: Collected = { values: new Map(), identityFiles: [] };
  const walked = walk(SSHConfig.parse(configText), alias, collected, ctx, 0);
  if (!walked.ok) return walked;
  const get = (key: string): string | undefined => collected.values.get(key);
  const hostName = (get('hostname') ?? alias).replace(/%h/g, alias);
  const portText = get('port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    return err('SSH_CONFIG_UNSUPPORTED', `The ~/.ssh/config entry for "${alias}" has Port ${portText}, which is not a port number.`);
  }
  const user = get('user');
  const jump = get('proxyjump');
  return ok({
    alias,
    hostName,
    port,
    user,
    identityFiles: collected.identityFiles.map((f) => expandTokens(f, hostName, ctx, user)),
    identityAgent: get('identityagent') === undefined ? undefined : expandTokens(get('identityagent') ?? '', hostName, ctx, user),
    proxyJump: jump === undefined || jump.toLowerCase() === 'none' ? [] : jump.split(',').map((h) => h.trim()).filter((h) => h !== ''),
  });
}

function walk(lines: readonly Line[], alias: string, out: Collected, ctx: SshConfigContext, depth: number): Result<true> {
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE) continue;
    const param = line.param.toLowerCase();
    if (param === 'host') {
      if (!('config' in line) || !patternListMatches(valueList(line.value), alias)) continue;
      const inner = walk(line.config, alias, out, ctx, depth);
      if (!inner.ok) return inner;
    } else if (param === 'match') {
      if (!('config' in line)) continue;
      const applies = matchApplies(valueList(line.value), alias, out, ctx);
      if (!applies.ok) return applies;
      if (!applies.value) continue;
      const inner = walk(line.config, alias, out, ctx, depth);
      if (!inner.ok) return inner;
    } else if (param === 'include') {
      if (depth >= MAX_INCLUDE_DEPTH) return err('SSH_CONFIG_UNSUPPORTED', 'The ~/.ssh/config Include files nest too deep (a loop?).');
      for (const pattern of valueList(line.value)) {
        const absolute = pattern.startsWith('/') || pattern.startsWith('~') ? pattern : `~/.ssh/${pattern}`;
        for (const text of ctx.readIncluded(expandHome(absolute, ctx.home))) {
          const inner = walk(SSHConfig.parse(text), alias, out, ctx, depth + 1);
          if (!inner.ok) return inner;
        }
      }
    } else if (RUNS_A_PROGRAM.has(param)) {
      const text = valueText(line.value).trim().toLowerCase();
      if (text !== 'none' && param !== 'localcommand') return unsupported(alias, line.param);
    } else if (param === 'identityfile') {
      out.identityFiles.push(valueText(line.value));
    } else if (WANTED.has(param) && !out.values.has(param)) {
      out.values.set(param, valueText(line.value).trim());
    }
  }
  return ok(true);
}

/** A Match line's criteria, decided without running anything; an `exec` that would be evaluated refuses the alias. */
function matchApplies(words: string[], alias: string, out: Collected, ctx: SshConfigContext): Result<boolean> {
  let result = true;
  for (let i = 0; i < words.length; i++) {
    const criterion = (words[i] ?? '').toLowerCase();
    const negate = criterion.startsWith('!');
    const name = negate ? criterion.slice(1) : criterion;
    if (name === 'all') continue;
    // Like OpenSSH: once a criterion fails, the rest (an exec among them) is not evaluated.
    if (!result) return ok(false);
    if (name === 'exec') return unsupported(alias, 'Match exec');
    if (name === 'canonical' || name === 'final') return unsupported(alias, `Match ${name}`);
    const arg = words[++i];
    if (arg === undefined) return err('SSH_CONFIG_UNSUPPORTED', `A Match line of ~/.ssh/config has "${name}" without a value.`);
    const patterns = arg.split(',');
    const subject: Record<string, string> = {
      host: out.values.get('hostname') ?? alias,
      originalhost: alias,
      user: out.values.get('user') ?? ctx.localUser,
      localuser: ctx.localUser,
    };
    const value = subject[name];
    if (value === undefined) return unsupported(alias, `Match ${name}`);
    const matched = patternListMatches(patterns, value);
    if (matched === negate) result = false;
  }
  return ok(result);
}

/** Host aliases a user can pick: Host patterns without wildcards or negation, in file order. */
export function listSshAliases(configText: string): string[] {
  const seen = new Set<string>();
  for (const line of SSHConfig.parse(configText)) {
    if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    for (const name of valueList(line.value)) if (!/[*?!]/.test(name)) seen.add(name);
  }
  return [...seen];
}
