/**
 * What every reader of another tool's file shares: the shapes of an import (entries, skips), the
 * JSON helpers that read only own properties, and the last step of each entry — a whole DSN
 * checked by the schema, or the reason it cannot be one.
 */
import { defaultDsn, type Dsn, DSN_FIELD_LABELS, type DsnEnvironment, dsnSchema, MAX_TAGS, suggestedDsnName, tagKey, tagSchema } from '../dsn';
import { ImportError, type ImportOutcome } from './import-collector';
import type { LibpqPair } from './parse-libpq';

/** The other tools' files {@link importToolFile} reads. */
export const TOOL_FORMATS = ['pgadmin', 'dbeaver', 'pg-service', 'pgpass'] as const;
export type ToolFormat = (typeof TOOL_FORMATS)[number];

/** How each file is named to the user. */
export const TOOL_FORMAT_NAMES: Record<ToolFormat, string> = {
  pgadmin: 'pgAdmin 4 servers.json',
  dbeaver: 'DBeaver data-sources.json',
  'pg-service': 'pg_service.conf',
  pgpass: '.pgpass',
};

/** One DSN read from the file, ready to import. */
export interface ToolEntry {
  /** Where it is in the file, e.g. `server 2`, `[orders]`, `line 4`. */
  source: string;
  dsn: Dsn;
  /** Settings that set a field (never a secret). */
  recognised: ImportOutcome['recognised'];
  /** Settings left out, each with the reason. */
  ignored: ImportOutcome['ignored'];
  notes: string[];
  /** The entry held a password (or named where one is kept): it was not imported. */
  secretFound: boolean;
}

/** An entry that cannot become a DSN, and why. */
export interface ToolSkip {
  source: string;
  /** Its name in the file, when it has one (shortened). */
  name: string | undefined;
  reason: string;
}

/** What a file holds. */
export interface ToolImport {
  format: ToolFormat;
  entries: ToolEntry[];
  skipped: ToolSkip[];
  /** About the whole file. */
  notes: string[];
}

/** A name as it may be quoted back in a reason: one line, at most 60 characters. */
export function shownName(name: string): string {
  const line = name.replace(/\p{Cc}/gu, ' ').replace(/\p{Cf}/gu, '').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** An own property of a parsed JSON object (never one of Object.prototype). */
export function own(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** A plain JSON object, or undefined. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A JSON scalar as libpq text: strings as they are, whole numbers in decimal; anything else undefined. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** libpq keys that make a connection: a value of the wrong type there skips the entry (never a default in its place). */
const REQUIRED_KEYS = new Set(['host', 'hostaddr', 'port', 'dbname', 'user']);

/**
 * Collects `key → libpq key` settings of a JSON entry as libpq pairs. A connection setting that is
 * not text or a whole number skips the entry (ImportError); any other such setting is left out.
 */
export function pairCollector(ignore: (key: string, reason: string) => void): { pairs: LibpqPair[]; add: (libpqKey: string, from: string, raw: unknown) => void } {
  const pairs: LibpqPair[] = [];
  const add = (libpqKey: string, from: string, raw: unknown): void => {
    if (raw === undefined || raw === null || raw === '') return;
    const text = scalarText(raw);
    if (text !== undefined) pairs.push({ key: libpqKey, value: text, position: 0 });
    else if (REQUIRED_KEYS.has(libpqKey)) throw new ImportError(`${from} is not text or a whole number`);
    else ignore(from, 'not text or a whole number');
  };
  return { pairs, add };
}

const ENVIRONMENT_WORDS: ReadonlyArray<[RegExp, DsnEnvironment]> = [
  [/^(prod|production|live)$/i, 'production'],
  [/^(stage|staging|preprod|pre-production|uat)$/i, 'staging'],
  [/^(test|testing|qa)$/i, 'test'],
  [/^(dev|development|local)$/i, 'development'],
];

/** The environment a tool's label (a tag, a connection type) names, if it names one. */
export function environmentOf(label: string): DsnEnvironment | undefined {
  const word = label.trim();
  return ENVIRONMENT_WORDS.find(([pattern]) => pattern.test(word))?.[1];
}

/** What an importer found for one entry, before it is checked. */
export interface EntryDraft {
  source: string;
  /** The name in the file ('' when it has none: one is made from user@host). */
  name: string;
  outcome: ImportOutcome;
  tags?: string[] | undefined;
  environment?: DsnEnvironment | undefined;
}

/** Checks a draft as a whole DSN: the entry, or why it is skipped (never a silent downgrade of TLS). */
export function finishEntry(draft: EntryDraft): ToolEntry | ToolSkip {
  const { outcome, source } = draft;
  // Control and format characters (bidi overrides such as U+202E, zero-width joiners) never reach a name: they make one read as another.
  const cleaned = draft.name.replace(/\p{Cc}/gu, ' ').replace(/\p{Cf}/gu, '').replace(/\s+/gu, ' ').trim();
  const name = cleaned === '' ? suggestedDsnName(outcome.dsn, 'Imported DSN') : cleaned;
  const skip = (reason: string): ToolSkip => ({ source, name: shownName(name), reason });
  if (outcome.verification !== undefined && outcome.dsn.caBundlePath === undefined) {
    // TODO(security issue #10): import it with the managed RDS CA bundle as its "verify" setting.
    return skip(`asks for sslmode=${outcome.verification} but names no root certificate: importing it would stop verifying the server. Add sslrootcert, or create this DSN by hand with a CA bundle.`);
  }
  const notes = [...outcome.notes];
  if (cleaned !== draft.name.trim()) notes.push('Invisible or control characters were removed from the name.');
  const tags: string[] = [];
  for (const tag of draft.tags ?? []) {
    const parsed = tagSchema.safeParse(tag);
    if (!parsed.success) notes.push(`The label “${shownName(tag)}” is not a tag here: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    else if (tags.length >= MAX_TAGS) notes.push(`Only the first ${MAX_TAGS} labels became tags.`);
    else if (!tags.some((t) => tagKey(t) === tagKey(parsed.data))) tags.push(parsed.data);
  }
  // No sslmode in the file: the tools' own default (libpq and pgjdbc: prefer), which IAM reads as require.
  const sslMode = outcome.dsn.sslMode ?? (outcome.dsn.authType === 'database' ? 'prefer' : 'require');
  if (outcome.dsn.sslMode === undefined && sslMode === 'prefer') notes.push('No sslmode was set: prefer, the default of libpq and pgjdbc.');
  const candidate = { ...defaultDsn(), ...outcome.dsn, sslMode, name, tags, environment: draft.environment ?? '' };
  const parsed = dsnSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0];
    const label = typeof key === 'string' && Object.hasOwn(DSN_FIELD_LABELS, key) ? DSN_FIELD_LABELS[key as keyof typeof DSN_FIELD_LABELS] : undefined;
    return skip(`${label !== undefined && !(issue?.message ?? '').startsWith(label) ? `${label}: ` : ''}${issue?.message ?? 'not a valid DSN'}.`);
  }
  return { source, dsn: parsed.data, recognised: outcome.recognised, ignored: outcome.ignored, notes, secretFound: outcome.secretFound };
}

/** Entries and skips of a file, with names made unique ("orders", "orders (2)") as a library needs; names fold like tags (trimmed, ignoring case). */
export function collect(format: ToolFormat, results: ReadonlyArray<ToolEntry | ToolSkip>, notes: string[] = []): ToolImport {
  const entries: ToolEntry[] = [];
  const skipped: ToolSkip[] = [];
  const taken = new Set<string>();
  for (const result of results) {
    if (!('dsn' in result)) {
      skipped.push(result);
      continue;
    }
    let name = result.dsn.name;
    for (let n = 2; taken.has(tagKey(name)); n++) name = `${result.dsn.name.slice(0, 94)} (${n})`;
    taken.add(tagKey(name));
    entries.push(name === result.dsn.name ? result : { ...result, dsn: { ...result.dsn, name }, notes: [...result.notes, `Renamed to “${name}”: the file has another entry named “${result.dsn.name}”.`] });
  }
  return { format, entries, skipped, notes };
}

