/** The MfaBroker's notifier in the CLI: asks on the terminal, re-asks a bad code, fails without a terminal. */
import { terminalMfaNotifier, NoTerminalForMfaError } from '../../../electron/cli/mfa-terminal';
import { MfaBroker, MfaNotAnsweredError } from '../../../electron/main/credentials/mfa-broker';
import { systemClock } from '../../../electron/main/platform/clock';
import { ScriptedPrompter } from '../../support/cli-context';

const SERIAL = 'arn:aws:iam::123456789012:mfa/me';

function broker(prompter: ScriptedPrompter | undefined, stderr: { text: string }) {
  const holder: { broker?: MfaBroker } = {};
  const notify = terminalMfaNotifier(prompter, { write: (t: string) => (stderr.text += t) }, () => (id, code) => {
    if (holder.broker === undefined) throw new Error('no broker');
    return holder.broker.answer(id, code);
  });
  holder.broker = new MfaBroker({ notify, clock: systemClock });
  return holder.broker;
}

describe('terminalMfaNotifier', () => {
  it('asks with echo and hands the code to the broker', async () => {
    const prompter = new ScriptedPrompter([{ kind: 'answer', value: '123 456' }]);
    const code = await broker(prompter, { text: '' }).ask({ mfaSerial: SERIAL, purpose: 'DSN "prod"' });
    expect(code).toBe('123456');
    expect(prompter.asked[0]?.question).toBe(`MFA code required for DSN "prod" (MFA device ${SERIAL}): `);
    expect(prompter.asked[0]?.options.echo).toBe(true);
    expect(prompter.asked[0]?.options.timeoutMs).toBeGreaterThan(100_000);
  });

  it('asks again after something that is not a 6-digit code', async () => {
    const prompter = new ScriptedPrompter([
      { kind: 'answer', value: '12' },
      { kind: 'answer', value: '654321' },
    ]);
    await expect(broker(prompter, { text: '' }).ask({ mfaSerial: SERIAL, purpose: 'p' })).resolves.toBe('654321');
    expect(prompter.asked[1]?.question).toContain('not a 6-digit code');
  });

  it('a cancelled or timed-out prompt cancels the request', async () => {
    for (const answer of [{ kind: 'cancelled' }, { kind: 'timeout' }] as const) {
      const failure = await broker(new ScriptedPrompter([answer]), { text: '' })
        .ask({ mfaSerial: SERIAL, purpose: 'p' })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(MfaNotAnsweredError);
      expect((failure as MfaNotAnsweredError).reason).toBe('cancelled');
    }
  });

  it('without a terminal: says "MFA code required" on stderr and the broker fails as unavailable', async () => {
    const stderr = { text: '' };
    const failure = await broker(undefined, stderr)
      .ask({ mfaSerial: SERIAL, purpose: 'DSN "prod"' })
      .catch((e: unknown) => e);
    expect((failure as MfaNotAnsweredError).reason).toBe('unavailable');
    expect(stderr.text).toBe(`iam-dsn: MFA code required for DSN "prod" (MFA device ${SERIAL}), but there is no terminal to ask on.\n`);
    expect(new NoTerminalForMfaError().message).toContain('MFA code required');
  });
});
