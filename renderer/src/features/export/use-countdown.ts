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
