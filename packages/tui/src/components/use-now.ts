import { useEffect, useState } from 'react';

/** The current time, re-read every `ms` while `ticking` (elapsed times and countdowns). */
export function useNow(ticking: boolean, ms = 500): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ticking, ms]);
  return ticking ? now : Date.now();
}
