// Preloaded into the IMAP app by the benchmark only (NODE_OPTIONS=--import): on SIGUSR2 it runs
// a full garbage collection and prints the process's memory use as one JSON log line
// (`msg: "bench-memory-<n>"`, n counting from 1), so the benchmark can read memory after a GC
// without the app exposing anything.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
let count = 0;

process.on('SIGUSR2', () => {
  gc();
  count += 1;
  const usage = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ msg: `bench-memory-${count}`, ...usage })}\n`);
});
