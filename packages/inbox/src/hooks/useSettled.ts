/** `value` once it has stayed the same for `ms` (a screen reader hears the counter when the agent pauses, not per key). */
import { useEffect, useState } from 'preact/hooks';

export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
