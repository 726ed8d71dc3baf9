/**
 * How much CPU this machine gives right now: two busy processes (one per core), each counting
 * millions of loop steps per second for 10 s. On a quiet machine with two real cores both print
 * steady, equal figures; on a shared virtual machine they drop when the host is busy, and every
 * other figure of BENCHMARKS.md drops with them. Run it before and after a benchmark.
 *
 *   node bench/cpu-check.mjs
 */
import { fork } from 'node:child_process';

if (process.argv[2] === 'spin') {
  const rates = [];
  let n = 0;
  let last = Date.now();
  const end = last + 10_000;
  while (Date.now() < end) {
    for (let i = 0; i < 1e6; i++) n += i % 7;
    if (Date.now() - last >= 1000) {
      rates.push(Math.round(n / 1e6));
      n = 0;
      last = Date.now();
    }
  }
  process.send(rates);
} else {
  const spin = () => new Promise((resolve) => fork(new URL(import.meta.url).pathname, ['spin']).once('message', resolve));
  const results = await Promise.all([spin(), spin()]);
  for (const [i, rates] of results.entries()) console.log(`process ${i + 1}: ${rates.join(' ')} million steps/s`);
}
