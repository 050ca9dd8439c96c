/**
 * Questions on the terminal: one line, with or without echo. Reads the terminal in raw mode (so
 * a secret is never echoed) and handles Enter, Backspace, Ctrl-U, Ctrl-C and Ctrl-D itself.
 * Questions go to stderr, so stdout stays clean for the command's output.
 */
import { StringDecoder } from 'node:string_decoder';
import { plain } from './output';

/** The part of a terminal input stream (process.stdin) a prompt uses. */
export interface PromptInput {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
  /** Present on a TTY: raw mode turns echo and line editing off. */
  setRawMode?: ((mode: boolean) => unknown) | undefined;
  isRaw?: boolean | undefined;
}

/** Where questions are written (process.stderr). */
export interface PromptOutput {
  write(text: string): unknown;
}

/** What became of a question. */
export type PromptAnswer = { kind: 'answer'; value: string } | { kind: 'cancelled' } | { kind: 'timeout' };

/** How to ask. */
export interface AskOptions {
  /** Show what is typed (MFA codes); secrets are asked with `false`. */
  echo: boolean;
  /** Give up after this many milliseconds. */
  timeoutMs?: number | undefined;
}

/** Asks questions on a terminal; `undefined` where there is no terminal to ask on. */
export interface Prompter {
  ask(question: string, options: AskOptions): Promise<PromptAnswer>;
}

// Built from char codes so that the bundle holds no raw control characters.
const CTRL_C = String.fromCharCode(0x03);
const CTRL_D = String.fromCharCode(0x04);
const CTRL_U = String.fromCharCode(0x15);
const ESC = String.fromCharCode(0x1b);
const BACKSPACES = new Set([String.fromCharCode(0x7f), String.fromCharCode(0x08)]);

/**
 * A {@link Prompter} over a terminal (process.stdin and process.stderr). One question at a time;
 * the terminal's mode is restored after each.
 */
export class TerminalPrompter implements Prompter {
  constructor(
    private readonly input: PromptInput,
    private readonly output: PromptOutput,
  ) {}

  ask(question: string, options: AskOptions): Promise<PromptAnswer> {
    const { input, output } = this;
    return new Promise((resolve) => {
      const decoder = new StringDecoder('utf8');
      const wasRaw = input.isRaw === true;
      let chars: string[] = [];
      let timer: NodeJS.Timeout | undefined;

      const finish = (answer: PromptAnswer): void => {
        if (timer !== undefined) clearTimeout(timer);
        input.off('data', onData);
        input.off('end', onEnd);
        input.setRawMode?.(wasRaw);
        input.pause();
        output.write(answer.kind === 'timeout' ? ' (timed out)\n' : '\n');
        resolve(answer);
      };
      const onEnd = (): void => finish(chars.length > 0 ? { kind: 'answer', value: chars.join('') } : { kind: 'cancelled' });
      const onData = (chunk: Buffer | string): void => {
        const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
        for (const ch of text) {
          if (ch === '\r' || ch === '\n') return finish({ kind: 'answer', value: chars.join('') });
          if (ch === CTRL_C) return finish({ kind: 'cancelled' });
          if (ch === CTRL_D) return chars.length === 0 ? finish({ kind: 'cancelled' }) : finish({ kind: 'answer', value: chars.join('') });
          if (ch === ESC) return; // an escape sequence (arrow keys…): drop the rest of the chunk
          if (BACKSPACES.has(ch)) {
            if (chars.length > 0 && options.echo) output.write('\b \b');
            chars = chars.slice(0, -1);
          } else if (ch === CTRL_U) {
            if (options.echo) output.write('\b \b'.repeat(chars.length));
            chars = [];
          } else if (ch >= ' ') {
            chars.push(ch);
            if (options.echo) output.write(ch);
          }
        }
      };

      // Raw mode first: whatever is typed once the question shows is never echoed by the terminal.
      input.setRawMode?.(true);
      input.on('data', onData);
      input.on('end', onEnd);
      input.resume();
      if (options.timeoutMs !== undefined) timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, options.timeoutMs));
      // The question quotes DSN text; the echo above writes its own backspaces, so only it is sanitised.
      output.write(plain(question));
    });
  }
}
