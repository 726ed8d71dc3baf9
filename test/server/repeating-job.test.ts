import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../server/log.ts';
import { repeatingJob } from '../../server/services/repeating-job.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a background job: rounds never overlap, a failure is logged without addresses and the next round runs, stop waits for the round', async () => {
  const lines: string[] = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  let rounds = 0;
  let running = 0;
  let most = 0;
  let release!: () => void;
  const job = repeatingJob(
    async () => {
      rounds++;
      running++;
      most = Math.max(most, running);
      try {
        if (rounds === 1) throw new Error('550 <maria.rossi@example.org>: mailbox unavailable');
        // The second round is held until the test lets it go: the timer keeps firing meanwhile.
        if (rounds === 2) await new Promise<void>((r) => (release = r));
      } finally {
        running--;
      }
    },
    { logger, failure: 'test round failed' },
  );
  job.start(5);
  while (rounds < 2) await tick(5);
  await tick(60);
  assert.equal(rounds, 2, 'no round starts while one is running');
  assert.equal(most, 1);
  const failure = lines.find((l) => l.includes('test round failed'));
  assert.ok(failure, 'the failed round is logged');
  assert.ok(!failure.includes('maria.rossi'), 'without the address');
  let stopped = false;
  const stopping = job.stop().then(() => (stopped = true));
  await tick(20);
  assert.equal(stopped, false, 'stop waits for the round in progress');
  release();
  await stopping;
  const after = rounds;
  await tick(40);
  assert.equal(rounds, after, 'no round after stop');
});
