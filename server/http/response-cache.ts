/**
 * A small in-process cache of answers (serialised bodies) for a few seconds, for read endpoints
 * hit far more often than their data changes. Concurrent misses of one key share one computation
 * (single flight), so a burst of map views costs one query, not fifty.
 *
 * Each process keeps its own: with several processes on one database an answer may be up to
 * `ttlSeconds` older than the data. That staleness is the accepted price; use it only where a
 * few seconds' delay is harmless (a new report appearing on the public map, say).
 */
export interface ResponseCacheOptions {
  /** How long an answer is reused; 0 turns the cache off (every request computes). */
  ttlSeconds: number;
  /** Most answers kept, and most bytes in all; the oldest go first. */
  maxEntries?: number;
  maxBytes?: number;
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: () => number;
}

interface Entry<Body extends string> {
  expires: number;
  body: Promise<Body>;
  bytes: number;
}

/** `Body`: what kind of text it keeps (a `JsonText` of one answer's shape, say), as produced. */
export class ResponseCache<Body extends string = string> {
  private readonly entries = new Map<string, Entry<Body>>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  get ttlSeconds() {
    return this.options.ttlSeconds;
  }

  /** The cached body for `key`, or `produce()`'s, shared with every request asking meanwhile. */
  get(key: string, produce: () => Promise<Body>): Promise<Body> {
    if (this.options.ttlSeconds <= 0) return produce();
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.body;
    if (hit) this.remove(key, hit);
    const entry: Entry<Body> = { expires: now + this.options.ttlSeconds * 1000, body: produce(), bytes: 0 };
    this.entries.set(key, entry);
    entry.body.then(
      (body) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = body.length;
        this.bytes += entry.bytes;
        this.evict();
      },
      // A failure is not remembered: the next request tries again.
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.evict();
    return entry.body;
  }

  /** Forgets `key` at once: this process changed what it was computed from. */
  forget(key: string) {
    const entry = this.entries.get(key);
    if (entry) this.remove(key, entry);
  }

  /** Drops the oldest entries (Map keeps insertion order) until within both bounds. */
  private evict() {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(key, entry);
    }
  }

  private remove(key: string, entry: Entry<Body>) {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
