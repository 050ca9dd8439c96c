/**
 * The Network fieldset of the TLS & network tab: Direct, Connect via host:port (a tunnel the user
 * runs), or an SSH tunnel the app opens itself through a bastion (agent, key file or password;
 * jump hosts; ~/.ssh/config aliases offered from main); then the timeouts. Whatever is chosen, the
 * token is signed for Server:Port and TLS names the Server. Passwords here are write-only, like
 * the database one.
 */
import { useId, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import type { SavedDsn } from '../../../../shared/dsn';
import type { SshHostAlias } from '../../../../shared/ipc-contract';
import { useApi } from '../../api';
import { CheckboxField, SelectField, TextField } from './Field';
import type { DsnFormValues, NetworkKind } from './form-values';

const KINDS: ReadonlyArray<{ value: NetworkKind; label: string; hint: string }> = [
  { value: 'direct', label: 'Direct', hint: 'To Server:Port itself.' },
  { value: 'connect-via', label: 'Connect via host:port', hint: 'Through a tunnel or port-forward you run (ssh -L, SSM, kubectl), e.g. 127.0.0.1 and a local port.' },
  { value: 'ssh', label: 'SSH tunnel', hint: 'The app opens an SSH tunnel through a bastion host for each test.' },
];

const AUTH_CHOICES = [
  { value: 'agent', label: 'ssh-agent (SSH_AUTH_SOCK / Pageant)' },
  { value: 'key', label: 'Private key file' },
  { value: 'password', label: 'Password' },
] as const;

export function NetworkFields({ saved }: { saved: SavedDsn | undefined }) {
  const id = useId();
  const { control, register, setValue } = useFormContext<DsnFormValues>();
  const kind = useWatch({ control, name: 'network.kind' });
  const auth = useWatch({ control, name: 'network.auth' });
  return (
    <fieldset className="form-section network">
      <legend>Network</legend>
      <fieldset className="network-kinds">
        <legend>How the connection reaches the server</legend>
        {KINDS.map((k) => (
          <label key={k.value} className="radio">
            <input type="radio" value={k.value} aria-describedby={`${id}-${k.value}`} {...register('network.kind')} />
            {k.label}
            <span id={`${id}-${k.value}`} className="field-hint">
              {k.hint}
            </span>
          </label>
        ))}
      </fieldset>
      {kind !== 'direct' && (
        <p className="section-note">
          The token is still signed for <em>Server</em>:<em>Port</em> and TLS still checks the server name: keep those the real endpoint.
        </p>
      )}
      {kind === 'connect-via' && (
        <div className="grid">
          <TextField name="connectViaHost" label="Connect via host" className="span-3" placeholder="127.0.0.1" />
          <TextField name="connectViaPort" label="Connect via port" numeric className="span-1" hint="Empty: the server's port." />
        </div>
      )}
      {kind === 'ssh' && (
        <div className="grid" data-testid="ssh-fields">
          <BastionHostField onPick={(alias) => {
            setValue('network.host', alias.alias, { shouldDirty: true, shouldValidate: true });
            setValue('network.port', alias.port, { shouldDirty: true });
            setValue('network.user', alias.user ?? '', { shouldDirty: true });
            if (alias.identityFile !== undefined) setValue('network.identityFile', alias.identityFile, { shouldDirty: true });
          }} />
          <TextField name="network.port" label="Bastion port" numeric className="span-1" hint="Empty: ~/.ssh/config, else 22." />
          <TextField name="network.user" label="Bastion user" className="span-2" placeholder="ec2-user" hint="Empty: ~/.ssh/config, else your user name." />
          <SelectField name="network.auth" label="SSH authentication" className="span-2" choices={AUTH_CHOICES} />
          {auth === 'key' && (
            <TextField
              name="network.identityFile"
              label="Identity file"
              className="span-4"
              placeholder="~/.ssh/id_ed25519"
              hint="The private key. If it has a passphrase, the app asks for it when it connects and never stores it."
            />
          )}
          {auth === 'password' && (
            <>
              <TextField
                name="sshPassword"
                type="password"
                label="SSH password"
                className="span-2"
                autoComplete="new-password"
                placeholder={saved?.hasSshPassword === true ? '•••••• (stored)' : ''}
                hint={saved?.hasSshPassword === true ? 'Stored encrypted for this DSN. Type a new one to replace it.' : 'Stored encrypted with this DSN, like the database password.'}
              />
              {saved?.hasSshPassword === true && <CheckboxField name="clearSshPassword" label="Forget the stored SSH password" className="span-2" />}
            </>
          )}
          <TextField name="network.jumpHosts" label="Jump hosts (ProxyJump)" className="span-4" placeholder="user@jump1.example.com:22, jump2" hint="Optional: hosts to go through first, in order, as for ssh -J. Empty: ~/.ssh/config's ProxyJump." />
          <TextField name="network.remoteHost" label="Remote host" className="span-3" placeholder="(the Server)" hint="What the bastion dials. Empty: the Server." />
          <TextField name="network.remotePort" label="Remote port" numeric className="span-1" hint="Empty: the Port." />
          <TextField name="network.knownHostsFile" label="Known hosts file" className="span-2" placeholder="~/.ssh/known_hosts" hint="Read instead of ~/.ssh/known_hosts; keys you accept go to the app's own file." />
          <TextField name="network.localPort" label="Local port (exports)" numeric className="span-1" hint="For the exported ssh -L command; default 15432." />
          <TextField name="network.keepAliveSeconds" label="Keep-alive (seconds)" numeric className="span-1" hint="0 turns it off; default 30." />
        </div>
      )}
      <div className="grid">
        <TextField name="connectTimeoutSeconds" label="Connect timeout (seconds)" numeric className="span-1" hint={kind === 'ssh' ? '1–120; bounds the SSH login and the forward too.' : '1–120'} />
        <TextField name="queryTimeoutSeconds" label="Query timeout (seconds)" numeric className="span-1" hint="1–300" />
      </div>
    </fieldset>
  );
}

/** The bastion host, with the Host aliases of ~/.ssh/config to pick from (read on request). */
function BastionHostField({ onPick }: { onPick: (alias: SshHostAlias) => void }) {
  const api = useApi();
  const [aliases, setAliases] = useState<SshHostAlias[]>();
  const [problem, setProblem] = useState<string>();
  const load = async (): Promise<void> => {
    const listed = await api.listSshHosts();
    if (listed.ok) setAliases(listed.value);
    else setProblem(listed.error.message);
  };
  return (
    <div className="span-2 bastion-host">
      <TextField name="network.host" label="Bastion host" placeholder="bastion.example.com or a ~/.ssh/config alias" />
      <button type="button" className="link-button" onClick={() => void load()}>
        Show ~/.ssh/config hosts
      </button>
      {problem !== undefined && <p className="field-error">{problem}</p>}
      {aliases !== undefined && (
        <ul className="ssh-aliases" aria-label="~/.ssh/config hosts">
          {aliases.length === 0 && <li className="muted">No Host entries in ~/.ssh/config.</li>}
          {aliases.map((alias) => (
            <li key={alias.alias}>
              <button type="button" disabled={alias.unsupported !== undefined} title={alias.unsupported} onClick={() => onPick(alias)}>
                <strong>{alias.alias}</strong> <span className="muted">{alias.user !== undefined ? `${alias.user}@` : ''}{alias.hostName}{alias.port !== undefined ? `:${alias.port}` : ''}{alias.proxyJump.length > 0 ? ` via ${alias.proxyJump.join(', ')}` : ''}</span>
                {alias.unsupported !== undefined && <span className="muted"> — cannot be used: {alias.unsupported}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
