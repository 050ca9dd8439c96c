/** ~/.ssh/config resolution: OpenSSH's first-value-wins over Host / Match / Include, and refusal of anything that would run a program. */
import { resolveSshHost, type SshConfigContext } from '../../../electron/main/tunnels/ssh-config';
import { formatJumpList, parseJumpHost, parseJumpList } from '../../../shared/network';

const included: Record<string, string> = {
  '/home/me/.ssh/conf.d/*.conf': 'Host db-bastion\n  Port 2222\n',
};
const ctx: SshConfigContext = { home: '/home/me', localUser: 'me', readIncluded: (pattern) => (included[pattern] === undefined ? [] : [included[pattern] ?? '']) };

const CONFIG = `
Include conf.d/*.conf
Host db-bastion
  HostName bastion.prod.example.com
  User ec2-user
  Port 22
  IdentityFile ~/.ssh/prod_%h
  ProxyJump me@jump.example.com:2200,second
Host *.internal !skip.internal
  User internal-user
Match originalhost matched user ec2-user
  IdentityAgent ~/.1password/agent.sock
Host legacy
  ProxyCommand ssh -W %h:%p jump
Host shell-match
  HostName x
Match originalhost shell-match exec "test -f /tmp/flag"
  User nobody
Host *
  IdentityFile ~/.ssh/id_default
`;

it('first value wins, across Include, Host patterns and tokens', () => {
  const r = resolveSshHost('db-bastion', CONFIG, ctx);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value).toMatchObject({ hostName: 'bastion.prod.example.com', user: 'ec2-user', port: 2222, proxyJump: ['me@jump.example.com:2200', 'second'] });
  expect(r.value.identityFiles).toEqual(['/home/me/.ssh/prod_bastion.prod.example.com', '/home/me/.ssh/id_default']);
});

it('negated patterns exclude; an alias with no block is its own host name', () => {
  const a = resolveSshHost('db.internal', CONFIG.split('Match exec')[0] ?? '', ctx);
  const b = resolveSshHost('skip.internal', CONFIG.split('Match exec')[0] ?? '', ctx);
  expect(a.ok && a.value.user).toBe('internal-user');
  expect(b.ok && b.value.user).toBeUndefined();
  expect(b.ok && b.value.hostName).toBe('skip.internal');
});

it('refuses ProxyCommand and Match exec, never running them', () => {
  const legacy = resolveSshHost('legacy', CONFIG, ctx);
  expect(legacy.ok ? '' : legacy.error.code).toBe('SSH_CONFIG_UNSUPPORTED');
  expect(legacy.ok ? '' : legacy.error.message).toContain('ProxyCommand');
  // The exec is reached only for the host its earlier criterion names, as in OpenSSH.
  const reached = resolveSshHost('shell-match', CONFIG, ctx);
  expect(reached.ok ? '' : reached.error.message).toContain('Match exec');
  expect(resolveSshHost('db-bastion', CONFIG, ctx).ok).toBe(true);
  const everyone = resolveSshHost('db-bastion', 'Match exec "true"\n  User x\n', ctx);
  expect(everyone.ok ? '' : everyone.error.code).toBe('SSH_CONFIG_UNSUPPORTED');
});

it('Match on user and originalhost is decided without a program', () => {
  const text = 'Host matched\n  User ec2-user\nMatch originalhost matched user ec2-user\n  IdentityAgent ~/.agent.sock\n';
  const r = resolveSshHost('matched', text, ctx);
  expect(r.ok && r.value.identityAgent).toBe('/home/me/.agent.sock');
  const other = resolveSshHost('other', text, ctx);
  expect(other.ok && other.value.identityAgent).toBeUndefined();
});

it('ProxyJump lists parse and print back', () => {
  expect(parseJumpHost('me@[fd00::1]:2200')).toEqual({ user: 'me', host: 'fd00::1', port: 2200 });
  expect(parseJumpHost('jump')).toEqual({ user: undefined, host: 'jump', port: undefined });
  const list = parseJumpList(' a@j1:22 , j2:2022 ');
  expect(list).toEqual([
    { host: 'j1', port: 22, user: 'a' },
    { host: 'j2', port: 2022, user: '' },
  ]);
  expect(formatJumpList(list)).toBe('a@j1,j2:2022');
});
