/**
 * Library import from the files other tools keep: pgAdmin 4's servers.json, DBeaver's
 * data-sources.json, libpq's pg_service.conf and `.pgpass` entries. One pure function reads the
 * text into complete, validated DSNs (for a preview), each with what was read and what was left
 * out; entries that cannot be DSNs are listed with the reason. Nothing is connected, run or
 * read besides the text: a file the text names (a passfile, a root certificate, a credentials
 * store) is never opened, a password is never taken, and a command (pgAdmin's PasswordExecCommand,
 * DBeaver's events) is never run — only looked into for an `aws rds generate-db-auth-token`.
 */
import { err, ok, type Result } from '../result';
import { importDbeaver } from './import-dbeaver';
import { importPgAdmin } from './import-pgadmin';
import { importPgpass, looksLikePgpass } from './import-pgpass';
import { importPgService, looksLikePgService } from './import-pg-service';
import { objectOf, own, type ToolFormat, type ToolImport } from './tool-entry';

export { TOOL_FORMAT_NAMES, TOOL_FORMATS, type ToolEntry, type ToolFormat, type ToolImport, type ToolSkip } from './tool-entry';

/** The longest text read (a servers.json of a few thousand servers is far smaller). */
export const MAX_TOOL_FILE_CHARS = 5 * 1024 * 1024;
/** The most entries one file may hold. */
export const MAX_TOOL_ENTRIES = 10_000;

/** Which tool's file the text is, from its shape. */
function detect(text: string): { format: ToolFormat; json?: unknown } | { error: string } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { error: `The file is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (objectOf(own(json, 'Servers')) !== undefined) return { format: 'pgadmin', json };
    if (objectOf(own(json, 'connections')) !== undefined) return { format: 'dbeaver', json };
    return { error: 'This JSON is neither a pgAdmin servers.json (an object "Servers") nor a DBeaver data-sources.json (an object "connections").' };
  }
  if (looksLikePgService(text)) return { format: 'pg-service' };
  if (looksLikePgpass(text)) return { format: 'pgpass' };
  return { error: 'Not a file this app can import: expected a pgAdmin servers.json, a DBeaver data-sources.json, a pg_service.conf ([name] sections) or .pgpass lines (host:port:database:user:password).' };
}

/**
 * Reads another tool's file into DSNs. A VALIDATION error when the text is none of those files,
 * too large, or holds too many entries; otherwise every entry is either an entry or a skip.
 */
export function importToolFile(text: string): Result<ToolImport> {
  if (text.length > MAX_TOOL_FILE_CHARS) return err('VALIDATION', `The file is larger than ${MAX_TOOL_FILE_CHARS / 1024 / 1024} MB: this is not a connection list.`);
  if (text.includes('\0')) return err('VALIDATION', 'The file holds a NUL character: it is not a text file of connections.');
  const found = detect(text);
  if ('error' in found) return err('VALIDATION', found.error);
  const result = readAs(found.format, text, found.json);
  if (!result.ok) return result;
  const count = result.value.entries.length + result.value.skipped.length;
  if (count > MAX_TOOL_ENTRIES) return err('VALIDATION', `The file holds ${count} entries; at most ${MAX_TOOL_ENTRIES} are imported at once.`);
  return result;
}

function readAs(format: ToolFormat, text: string, json: unknown): Result<ToolImport> {
  switch (format) {
    case 'pgadmin':
      return ok(importPgAdmin(json));
    case 'dbeaver':
      return ok(importDbeaver(json));
    case 'pg-service':
      return ok(importPgService(text));
    case 'pgpass':
      return ok(importPgpass(text));
  }
}
