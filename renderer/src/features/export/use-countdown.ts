/** Seconds left until an ISO time, ticking once a second while there is time left. */
import { useEffect, useState } from 'react';

/** `undefined` when `iso` is absent or not a time; 0 once it has passed. */
export function useSecondsUntil(iso: string | undefined): number | undefined {
  const deadline = iso === undefined ? Number.NaN : Date.parse(iso);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (Number.isNaN(deadline)) return;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      if (t >= deadline) clearInterval(interval);
    };
    // At once for a new deadline (the last tick may be old), then every second until it passes.
    const first = setTimeout(tick, 0);
    const interval = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(interval);
    };
  }, [deadline]);

  return Number.isNaN(deadline) ? undefined : Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** Seconds as m:ss (or h:mm:ss). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A local time of day for an ISO time, or the text itself when it is not a time. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}
