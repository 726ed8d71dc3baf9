import { type Logger, redactEmailAddresses } from '../log.ts';

/**
 * A round of background work run every few seconds in each server process (the mail sender, the
 * street digests): a round never overlaps the previous one, a failed round is logged — without
 * e-mail addresses, which a driver's error may quote — and the next one tries again; `stop` waits
 * for the round in progress. Several processes may run the same job: each round claims its rows in
 * the database, so nothing is done twice.
 */
export function repeatingJob(round: () => Promise<unknown>, o: { logger: Logger; failure: string }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    start(everyMs = 5000) {
      timer = setInterval(() => {
        if (running) return;
        running = round()
          .catch((err) => o.logger.error(o.failure, { error: redactEmailAddresses(String(err)) }))
          .finally(() => (running = undefined));
      }, everyMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
