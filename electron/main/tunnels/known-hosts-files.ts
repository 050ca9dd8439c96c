/**
 * The known_hosts files a tunnel reads: the user's (~/.ssh/known_hosts, or the DSN's
 * knownHostsFile), the system's (/etc/ssh/ssh_known_hosts) and the app's own, which is the only
 * one ever written (a key the user accepted). The user's files are never changed.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { expandHome } from '../files/home';
import { type KnownHostLine, knownHostsLine, parseKnownHosts } from './known-hosts';

/** The app's own known-hosts file's name, in its data folder (beside the DSN store). */
export const APP_KNOWN_HOSTS_FILE = 'known_hosts';

/** What the tunnel needs from known_hosts files. */
export interface KnownHostsPort {
  /** Every usable line of the files read for a DSN (`userFile`: its knownHostsFile, else ~/.ssh/known_hosts). */
  lines(userFile: string | undefined): Promise<KnownHostLine[]>;
  /** Remembers an accepted key in the app's own file. */
  remember(name: string, keyBlob: Buffer): Promise<void>;
  /** The app's own file, for messages. */
  readonly appFile: string;
}

/** Where the files are. */
export interface KnownHostsFilesOptions {
  /** The app's own known-hosts file (userData/known_hosts in the app). */
  appFile: string;
  /** The home folder `~/` means; default the OS user's. */
  home?: string | undefined;
  /** The system file; default /etc/ssh/ssh_known_hosts. */
  systemFile?: string | undefined;
}

async function readIfThere(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Reads and appends known_hosts files on disk. */
export class KnownHostsFiles implements KnownHostsPort {
  readonly appFile: string;
  private readonly home: string;
  private readonly systemFile: string;
  /** Appends one at a time, so two accepted keys never interleave. */
  private writes: Promise<void> = Promise.resolve();

  constructor(options: KnownHostsFilesOptions) {
    this.appFile = options.appFile;
    this.home = options.home ?? homedir();
    this.systemFile = options.systemFile ?? '/etc/ssh/ssh_known_hosts';
  }

  async lines(userFile: string | undefined): Promise<KnownHostLine[]> {
    const user = expandHome(userFile ?? '~/.ssh/known_hosts', this.home);
    const label = userFile ?? '~/.ssh/known_hosts';
    const [userText, systemText, appText] = await Promise.all([readIfThere(user), readIfThere(this.systemFile), readIfThere(this.appFile)]);
    return [...parseKnownHosts(userText, label), ...parseKnownHosts(systemText, this.systemFile), ...parseKnownHosts(appText, this.appFile)];
  }

  remember(name: string, keyBlob: Buffer): Promise<void> {
    const write = this.writes.then(async () => {
      await mkdir(dirname(this.appFile), { recursive: true, mode: 0o700 });
      await appendFile(this.appFile, `${knownHostsLine(name, keyBlob)}\n`, { mode: 0o600 });
    });
    this.writes = write.catch(() => undefined);
    return write;
  }
}
