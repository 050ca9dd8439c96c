/**
 * libpq connection strings (URI and keyword/value) from a DSN. The code lives in
 * `./formats/libpq`; this module keeps the import path main-process code already uses.
 */
export { libpqParams, percentEncode, quoteKeywordValue, toKeywordValue, toUri } from './formats/libpq';
