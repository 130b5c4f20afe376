/**
 * The presence heartbeat's clock (hooks/usePresence.ts): told a period in ms, posts a tick every period. Timers in a
 * dedicated worker are not subject to the heavy throttling of a hidden page's timers.
 */
let timer: ReturnType<typeof setInterval> | undefined;

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  clearInterval(timer);
  if (typeof event.data === 'number' && event.data > 0) timer = setInterval(() => self.postMessage('tick'), event.data);
});
