/**
 * libpq's connection service file (pg_service.conf), read as libpq's parseServiceFile reads it:
 * leading blanks and trailing whitespace dropped, `#` lines and blank lines skipped, `[name]`
 * starting a service, then `keyword=value` lines (the keyword is the text before the first `=`,
 * exactly; the value the rest). Each service becomes a DSN named after it. What makes libpq refuse
 * a service (a line without `=`, a keyword libpq does not know — spaces around `=` included — or a
 * nested `service=`) skips that service here, with the line number.
 */
import { Collector, ImportError, mapLibpqPairs } from './import-collector';
import { LIBPQ_KEYWORDS, type LibpqPair } from './parse-libpq';
import { collect, finishEntry, type ToolEntry, type ToolImport, type ToolSkip } from './tool-entry';

interface Service {
  name: string;
  line: number;
  pairs: LibpqPair[];
  /** The first problem libpq would refuse the service for. */
  problem: string | undefined;
}

/** True when the text has a `[name]` section line (and so reads as a service file). */
export function looksLikePgService(text: string): boolean {
  return /^[ \t]*\[[^\]\r\n]+\][ \t]*\r?$/m.test(text);
}

function splitServices(text: string): { services: Service[]; before: number } {
  const services: Service[] = [];
  let current: Service | undefined;
  let before = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '').replace(/^\s+/, '');
    const number = index + 1;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      current = { name: line.slice(1, end === -1 ? undefined : end), line: number, pairs: [], problem: end === -1 ? `line ${number}: the section name has no closing "]"` : undefined };
      services.push(current);
      return;
    }
    if (current === undefined) {
      before += 1;
      return;
    }
    const eq = line.indexOf('=');
    if (eq === -1) {
      current.problem ??= `line ${number}: no "=" (libpq refuses this service: syntax error)`;
      return;
    }
    const key = line.slice(0, eq);
    if (key === 'service') {
      current.problem ??= `line ${number}: a nested service= (libpq refuses it: nested service specifications are not supported)`;
      return;
    }
    if (!LIBPQ_KEYWORDS.has(key)) {
      const spaced = key !== key.trim() && LIBPQ_KEYWORDS.has(key.trim());
      current.problem ??= spaced
        ? `line ${number}: “${key}” has spaces before “=”, which libpq reads as part of the keyword (write ${key.trim()}=…; libpq refuses this service)`
        : `line ${number}: “${key.slice(0, 40)}” is not a libpq keyword (libpq refuses this service: syntax error)`;
      return;
    }
    current.pairs.push({ key, value: line.slice(eq + 1), position: number });
  });
  return { services, before };
}

function readService(service: Service): ToolEntry | ToolSkip {
  const source = `[${service.name}] (line ${service.line})`;
  if (service.problem !== undefined) return { source, name: service.name, reason: `${service.problem}.` };
  if (!service.pairs.some((p) => p.key === 'host' || p.key === 'hostaddr')) return { source, name: service.name, reason: 'has no host or hostaddr.' };
  try {
    const c = new Collector('keyword');
    mapLibpqPairs(c, service.pairs, 'this service');
    if (service.pairs.some((p) => p.key === 'passfile')) c.secretFound = true;
    return finishEntry({ source, name: service.name, outcome: c.finish('database') });
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { source, name: service.name, reason: `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.` };
  }
}

/** Reads a pg_service.conf. */
export function importPgService(text: string): ToolImport {
  const { services, before } = splitServices(text);
  const notes = before > 0 ? [`${before} line${before === 1 ? '' : 's'} before the first [service] ${before === 1 ? 'was' : 'were'} ignored, as libpq ignores them.`] : [];
  return collect('pg-service', services.map(readService), notes);
}
