// Preloaded into the server by bench/rss.ts (`node --expose-gc --import ./bench/rss-probe.mjs`):
// on the message "gc" over the IPC channel it collects garbage twice and answers with
// process.memoryUsage(), so the bench reads the heap after a full GC. Nothing else.
process.on('message', (m) => {
  if (m !== 'gc' || typeof globalThis.gc !== 'function' || !process.send) return;
  globalThis.gc();
  globalThis.gc();
  process.send(process.memoryUsage());
});
