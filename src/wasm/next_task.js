// What a long job awaits between slices of work so that answers, input and rendering get their
// turn. Not `setTimeout(0)`: browsers clamp nested timers to 4 ms, and run a background tab's
// timers once a second (once a minute after five minutes hidden), which stalled an import.
export function nextTask() {
  // Node, Bun: after the I/O that is ready.
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  // Browsers and workers: a task of its own, which background tabs do not throttle.
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
