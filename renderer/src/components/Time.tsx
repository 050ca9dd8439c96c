/** A time as the app shows every time: local clock time, then how far away it is, in a <time> element. */
import { useEffect, useState } from 'react';
import { formatLocal, formatRelative } from './time';

/** Re-renders every `ms` so a relative time stays true. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

interface TimeProps {
  iso: string;
  /** Show "(in 4 min)" after the clock time. */
  relative?: boolean;
}

export function Time({ iso, relative = true }: TimeProps) {
  const now = useNow(30_000);
  const rel = relative ? formatRelative(iso, now) : '';
  return (
    <time dateTime={iso} title={new Date(iso).toString()}>
      {formatLocal(iso, new Date(now))}
      {rel !== '' && <span className="time-relative"> ({rel})</span>}
    </time>
  );
}
