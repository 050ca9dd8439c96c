/** A {@link CliContext} for in-process CLI tests: captured output, a scripted prompter, no real TTY. */
import type { CliContext } from '../../electron/cli/context';
import type { AskOptions, PromptAnswer, Prompter } from '../../electron/cli/prompt';

/** Answers questions from a script, and remembers what was asked. */
export class ScriptedPrompter implements Prompter {
  readonly asked: Array<{ question: string; options: AskOptions }> = [];
  constructor(private readonly answers: PromptAnswer[]) {}
  ask(question: string, options: AskOptions): Promise<PromptAnswer> {
    this.asked.push({ question, options });
    return Promise.resolve(this.answers.shift() ?? { kind: 'cancelled' });
  }
}

/** A context plus what the command wrote. */
export interface FakeCli {
  ctx: CliContext;
  stdout(): string;
  stderr(): string;
  /** Fires the registered Ctrl-C listeners. */
  interrupt(): void;
}

/** A fake context; `env` defaults to empty, `prompter` to none (no terminal). */
export function fakeCli(options: { env?: Record<string, string | undefined>; prompter?: Prompter; homedir?: string } = {}): FakeCli {
  let out = '';
  let errText = '';
  const listeners = new Set<() => void>();
  const ctx: CliContext = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (errText += t) },
    env: options.env ?? {},
    prompter: options.prompter,
    platform: 'linux',
    homedir: options.homedir ?? '/nonexistent-home',
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    ctx,
    stdout: () => out,
    stderr: () => errText,
    interrupt: () => {
      for (const l of [...listeners]) l();
    },
  };
}
