/**
 * The main-process side of {@link IamDsnApi}: one thin door per method. Each parses its untrusted
 * `unknown` arguments with the method's parsers (schemas.ts), calls ONE method of the application
 * layer (app/) and answers its {@link Result}. No rule lives here; a throw is caught once, in
 * register-ipc.ts.
 */
import type { IamDsnApi, IpcMethod } from '../../../shared/ipc-contract';
import type { Result } from '../../../shared/result';
import type { AppApi } from '../app-services';
import { ARGUMENT_PARSERS, type ArgParser, checkArity } from './schemas';

/** One function per API method, taking untrusted arguments. */
export type ApiHandlers = { [K in keyof IamDsnApi]: (...args: unknown[]) => ReturnType<IamDsnApi[K]> };

/** The value a method answers with. */
type Value<K extends IpcMethod> = IamDsnApi[K] extends (...args: never[]) => Promise<Result<infer V>> ? V : never;

/** The values a tuple of parsers yields. */
type ParsedTuple<P extends readonly unknown[]> = { -readonly [I in keyof P]: P[I] extends ArgParser<infer T> ? T : never };

/** The parsed arguments of a method, from its parsers' types. */
type ParsedArgs<K extends IpcMethod> = ParsedTuple<(typeof ARGUMENT_PARSERS)[K]>;

/** What each method calls, given its parsed arguments. */
type Calls = { [K in IpcMethod]: (...args: ParsedArgs<K>) => Result<Value<K>> | Promise<Result<Value<K>>> };

/** The doors over `app`. The composition root registers them with register-ipc.ts. */
export function createApiHandlers(app: AppApi): ApiHandlers {
  const calls: Calls = {
    listDsns: () => app.dsns.list(),
    saveDsn: (input) => app.dsns.save(input),
    deleteDsn: (id) => app.dsns.delete(id),
    duplicateDsn: (id) => app.dsns.duplicate(id),
    renameDsn: (id, name) => app.dsns.rename(id, name),
    setDsnTags: (id, tags) => app.dsns.setTags(id, tags),
    restoreDsn: (id) => app.dsns.restore(id),
    exportLibrary: (ids) => app.dsns.exportLibrary(ids),
    importLibrary: (json, options) => app.dsns.importLibrary(json, options),
    storeStatus: () => app.dsns.status(),
    testConnection: (request) => app.tests.test(request),
    cancelTest: (requestId) => app.tests.cancel(requestId),
    exportDsn: (request) => app.exports.exportDsn(request),
    saveExport: (request) => app.exports.saveExport(request),
    listProfiles: () => app.credentials.listProfiles(),
    answerMfa: (requestId, code) => app.credentials.answerMfa(requestId, code),
    answerSshPrompt: (requestId, answer) => app.ssh.answerPrompt(requestId, answer),
    listSshHosts: () => app.ssh.listHosts(),
    startRefresher: (request) => app.refreshers.start(request),
    stopRefresher: (dsnId) => app.refreshers.stop(dsnId),
    refresherStatus: () => app.refreshers.statuses(),
    setUnsavedChanges: (unsaved) => app.window.setUnsavedChanges(unsaved),
    closeWindow: () => app.window.closeWindow(),
  };

  const door =
    <K extends IpcMethod>(method: K) =>
    async (...args: unknown[]): Promise<Result<Value<K>>> => {
      const parsers: readonly ArgParser<unknown>[] = ARGUMENT_PARSERS[method];
      const arity = checkArity(args, parsers.length);
      if (!arity.ok) return arity;
      const values: unknown[] = [];
      for (const [index, parse] of parsers.entries()) {
        const parsed = parse(args[index]);
        if (!parsed.ok) return parsed;
        values.push(parsed.value);
      }
      // The values were produced by exactly this method's parsers, in order: they are its ParsedArgs.
      const call = calls[method] as (...parsed: unknown[]) => Result<Value<K>> | Promise<Result<Value<K>>>;
      return call(...values);
    };

  const handlers: Partial<Record<IpcMethod, unknown>> = {};
  for (const method of Object.keys(calls) as IpcMethod[]) handlers[method] = door(method);
  // One door per key of the total `calls` table: every method of the API is present.
  return handlers as ApiHandlers;
}
