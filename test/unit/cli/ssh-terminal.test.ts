/**
 * The TunnelPromptBroker's notifier in the CLI: an unknown host key is accepted only by typing
 * "yes" or by --accept-host-key naming that fingerprint; without a terminal it is refused with the
 * fingerprint and the flag named (and the @cert-authority line that did not vouch for it).
 */
import { terminalSshNotifier } from '../../../electron/cli/ssh-terminal';
import { systemClock } from '../../../electron/main/platform/clock';
import { type HostKeyQuestion, TunnelPromptBroker } from '../../../electron/main/tunnels/tunnel-prompts';
import { ScriptedPrompter } from '../../support/cli-context';

const FINGERPRINT = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';

function broker(prompter: ScriptedPrompter | undefined, stderr: { text: string }, accepted: string[] = []): TunnelPromptBroker {
  const holder: { broker?: TunnelPromptBroker } = {};
  const notify = terminalSshNotifier(prompter, { write: (t: string) => (stderr.text += t) }, accepted, () => (id, answer) => {
    if (holder.broker === undefined) throw new Error('no broker');
    return holder.broker.answer(id, answer);
  });
  holder.broker = new TunnelPromptBroker({ notify, clock: systemClock });
  return holder.broker;
}

const question = (over: Partial<HostKeyQuestion> = {}): HostKeyQuestion => ({ host: 'bastion.example.com', port: 2222, keyType: 'ssh-ed25519', fingerprint: FINGERPRINT, purpose: 'DSN "orders"', ...over });

describe('terminalSshNotifier', () => {
  it('accepts only when "yes" is typed', async () => {
    const yes = new ScriptedPrompter([{ kind: 'answer', value: ' YES ' }]);
    await expect(broker(yes, { text: '' }).confirmHostKey(question())).resolves.toBe(true);
    expect(yes.asked[0]?.question).toContain(`[bastion.example.com]:2222 is not known.\n  ssh-ed25519 key fingerprint is ${FINGERPRINT}\n`);
    for (const reply of [{ kind: 'answer', value: 'y' }, { kind: 'answer', value: '' }, { kind: 'cancelled' }] as const) {
      await expect(broker(new ScriptedPrompter([reply]), { text: '' }).confirmHostKey(question())).resolves.toBe(false);
    }
  });

  it('without a terminal: refused, naming the fingerprint, --accept-host-key and the CA line that did not vouch', async () => {
    const stderr = { text: '' };
    await expect(broker(undefined, stderr).confirmHostKey(question({ certAuthority: '~/.ssh/known_hosts:3' }))).resolves.toBe(false);
    expect(stderr.text).toContain(`ssh-ed25519 key fingerprint is ${FINGERPRINT}`);
    expect(stderr.text).toContain(`--accept-host-key ${FINGERPRINT}`);
    expect(stderr.text).toContain('~/.ssh/known_hosts:3 trusts a certificate authority for this host, but host certificates are not checked here');
  });

  it('--accept-host-key accepts exactly the fingerprint it names, and says so', async () => {
    const stderr = { text: '' };
    await expect(broker(undefined, stderr, [FINGERPRINT]).confirmHostKey(question())).resolves.toBe(true);
    expect(stderr.text).toContain(`accepted the host key of [bastion.example.com]:2222 (ssh-ed25519 ${FINGERPRINT}) as --accept-host-key says`);
    await expect(broker(undefined, { text: '' }, ['SHA256:someoneelse']).confirmHostKey(question())).resolves.toBe(false);
  });
});
