/**
 * The last test result of each saved DSN (the dot on its row) and who signed it (for grouping by
 * account): kept for the window in localStorage — UI state only, never a secret.
 */
import { createContext, createElement, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { readStored, writeStored } from '../../components/use-persistent-state';
import type { ReportTone } from '../test-connection/report-summary';

export interface LastTest {
  tone: ReportTone;
  at: string;
  callerArn?: string | undefined;
}

const KEY = 'iam-dsn:last-tests';

const TONES = new Set(['success', 'warning', 'failure']);

function isLastTests(value: unknown): value is Record<string, LastTest> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v: unknown) => typeof v === 'object' && v !== null && TONES.has(String((v as { tone?: unknown }).tone)));
}

function load(): Record<string, LastTest> {
  return readStored(KEY, {}, isLastTests);
}

interface TestResults {
  get: (id: string) => LastTest | undefined;
  record: (id: string, tone: ReportTone, callerArn: string | undefined) => void;
}

const Context = createContext<TestResults>({ get: () => undefined, record: () => undefined });

export function TestResultsProvider({ children }: { children?: ReactNode }) {
  const [results, setResults] = useState<Record<string, LastTest>>(load);
  const record = useCallback((id: string, tone: ReportTone, callerArn: string | undefined) => {
    setResults((current) => {
      const next = { ...current, [id]: { tone, at: new Date().toISOString(), callerArn: callerArn ?? current[id]?.callerArn } };
      writeStored(KEY, next);
      return next;
    });
  }, []);
  const value = useMemo<TestResults>(() => ({ get: (id) => (Object.hasOwn(results, id) ? results[id] : undefined), record }), [results, record]);
  return createElement(Context, { value }, children);
}

export function useTestResults(): TestResults {
  return useContext(Context);
}
