import { ApiError } from '../http/errors.ts';

export interface WorkQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs allowed to wait for their turn; one more is refused at once. */
  maxWaiting: number;
  /** How long a job may wait for its turn before it is refused. */
  maxWaitMs: number;
  /** Told to a refused client as Retry-After. */
  retryAfterSeconds: number;
}

export interface WorkQueue {
  /** Runs `job` when a place is free; 503 with Retry-After when the queue is full or the wait too long. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Jobs running and waiting now, and the most running at once since the last resetPeak. */
  stats(): { running: number; waiting: number; peakRunning: number };
  resetPeak(): void;
  readonly options: Readonly<WorkQueueOptions>;
  /** Changes the options from now on (tests; a deployment keeps the defaults). */
  configure(options: Partial<WorkQueueOptions>): void;
}

/**
 * A first-come first-served queue of at most `concurrency` jobs at once, in one process. Work that
 * costs memory in proportion to its input (decoding photos) waits here instead of all starting at
 * once: the memory in use stays bounded, and a client that would wait too long is told to come
 * back later rather than holding its request (and its upload) in memory.
 */
export function createWorkQueue(initial: WorkQueueOptions, busyMessage: string): WorkQueue {
  let o = { ...initial };
  let running = 0;
  let peakRunning = 0;
  const waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];

  const busy = () => new ApiError(503, 'busy', busyMessage, { retryAfterSeconds: o.retryAfterSeconds });

  const begin = () => {
    running++;
    peakRunning = Math.max(peakRunning, running);
  };
  const startWaiting = () => {
    while (running < o.concurrency && waiting.length) {
      const next = waiting.shift()!;
      clearTimeout(next.timer);
      next.start();
    }
  };
  const end = () => {
    running--;
    startWaiting();
  };
  const turn = (): Promise<void> => {
    if (running < o.concurrency && !waiting.length) {
      begin();
      return Promise.resolve();
    }
    if (waiting.length >= o.maxWaiting) return Promise.reject(busy());
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          begin();
          resolve();
        },
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(busy());
        }, o.maxWaitMs),
      };
      waiting.push(entry);
    });
  };

  return {
    async run(job) {
      await turn();
      try {
        return await job();
      } finally {
        end();
      }
    },
    stats: () => ({ running, waiting: waiting.length, peakRunning }),
    resetPeak() {
      peakRunning = running;
    },
    get options() {
      return o;
    },
    configure(options) {
      o = { ...o, ...options };
      startWaiting();
    },
  };
}
