/** The terminal prompt: raw mode while asking (no echo for secrets), line editing keys, cancel, timeout. */
import { EventEmitter } from 'node:events';
import { TerminalPrompter, type PromptInput } from '../../../electron/cli/prompt';

/** A fake TTY input: records raw-mode switches; `type` emits keystrokes. */
class FakeTty extends EventEmitter implements PromptInput {
  isRaw = false;
  modes: boolean[] = [];
  paused = true;
  setRawMode(mode: boolean): void {
    this.isRaw = mode;
    this.modes.push(mode);
  }
  resume(): void {
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
  type(text: string | Buffer): void {
    this.emit('data', text);
  }
}

function setup() {
  const input = new FakeTty();
  let written = '';
  const prompter = new TerminalPrompter(input, { write: (t: string) => (written += t) });
  return { input, prompter, output: () => written };
}

describe('TerminalPrompter', () => {
  it('asks a secret in raw mode, without echo, and restores the mode', async () => {
    const { input, prompter, output } = setup();
    const answer = prompter.ask('Password: ', { echo: false });
    expect(input.isRaw).toBe(true);
    expect(output()).toBe('Password: ');
    input.type('s3cr');
    input.type('et-p\u00e4ss\r');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: 's3cret-päss' });
    expect(output()).toBe('Password: \n');
    expect(input.modes).toEqual([true, false]);
    expect(input.paused).toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('echoes when asked to (MFA codes), with backspace and Ctrl-U', async () => {
    const { input, prompter, output } = setup();
    const answer = prompter.ask('Code: ', { echo: true });
    input.type('12x\u007f3\u0015');
    input.type('123 456\n');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: '123 456' });
    expect(output()).toBe('Code: 12x\b \b3' + '\b \b'.repeat(3) + '123 456\n');
  });

  it('decodes UTF-8 split across chunks and ignores escape sequences', async () => {
    const { input, prompter } = setup();
    const answer = prompter.ask('? ', { echo: false });
    const bytes = Buffer.from('ä', 'utf8');
    input.type(bytes.subarray(0, 1));
    input.type(bytes.subarray(1));
    input.type('\u001b[A');
    input.type('b\r');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: 'äb' });
  });

  it('Ctrl-C and Ctrl-D on an empty line cancel; Ctrl-D after text answers', async () => {
    for (const [keys, expected] of [
      ['abc\u0003', { kind: 'cancelled' }],
      ['\u0004', { kind: 'cancelled' }],
      ['abc\u0004', { kind: 'answer', value: 'abc' }],
    ] as const) {
      const { input, prompter } = setup();
      const answer = prompter.ask('? ', { echo: false });
      input.type(keys);
      await expect(answer).resolves.toEqual(expected);
      expect(input.isRaw).toBe(false);
    }
  });

  it('the end of input cancels an empty answer', async () => {
    const { input, prompter } = setup();
    const answer = prompter.ask('? ', { echo: false });
    input.emit('end');
    await expect(answer).resolves.toEqual({ kind: 'cancelled' });
  });

  it('gives up after the timeout', async () => {
    vi.useFakeTimers();
    try {
      const { input, prompter, output } = setup();
      const answer = prompter.ask('Code: ', { echo: true, timeoutMs: 5000 });
      input.type('12');
      vi.advanceTimersByTime(5000);
      await expect(answer).resolves.toEqual({ kind: 'timeout' });
      expect(output()).toBe('Code: 12 (timed out)\n');
      expect(input.isRaw).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
