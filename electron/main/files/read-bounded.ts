/**
 * Reading a file the user names on the command line: at most a bounded number of bytes (a path to
 * `/dev/zero` or a huge log must fail at once, not read forever), as UTF-8 text without the byte
 * order mark that Windows editors put in front of JSON.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Thrown when the file holds more than the bound. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** The text of `path` (UTF-8, a leading BOM removed); throws {@link FileTooLargeError} past `maxBytes`, fs errors as they are. */
export function readTextBounded(path: string, maxBytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new FileTooLargeError(maxBytes);
    }
    const text = buffer.subarray(0, length).toString('utf8');
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

/** `1 MB`-style words for a bound. */
export function sizeWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
