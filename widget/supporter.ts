import { SUPPORTER_TOKEN_FORMAT } from '../server/domain/formats.ts';
import { randomToken } from './api.ts';

/**
 * What this browser remembers about "Mi associo", per municipality: one random supporter token
 * (the server counts one join per token) and the references already joined, so the button stays
 * "joined" after a reload, and the references it filed (no "Mi associo" on one's own report).
 * Storage may be unavailable (private mode, blocked): then it lasts the page.
 */
const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string) {
  memory.set(key, value);
  try {
    localStorage.setItem(key, value);
  } catch {
    /* storage blocked: the in-memory copy is enough for this page */
  }
}

export class SupporterStore {
  constructor(private readonly municipality: string) {}

  private key(what: string) {
    return `segnala:${this.municipality}:${what}`;
  }

  /** The token is created on first use and kept. */
  token(): string {
    let token = read(this.key('supporter'));
    if (!token || !SUPPORTER_TOKEN_FORMAT.test(token)) {
      token = randomToken();
      write(this.key('supporter'), token);
    }
    return token;
  }

  joined(): Set<string> {
    return this.list('joined');
  }

  private list(what: 'joined' | 'filed'): Set<string> {
    try {
      const list = JSON.parse(read(this.key(what)) ?? '[]');
      return new Set(Array.isArray(list) ? list.filter((x) => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  }

  hasJoined(reference: string): boolean {
    return this.joined().has(reference);
  }

  markJoined(reference: string) {
    const all = this.joined();
    all.add(reference);
    write(this.key('joined'), JSON.stringify([...all]));
  }

  /** Reports filed from this browser: their reporter is not offered "Mi associo" on them. */
  hasFiled(reference: string): boolean {
    return this.list('filed').has(reference);
  }

  markFiled(reference: string) {
    const all = this.list('filed');
    all.add(reference);
    write(this.key('filed'), JSON.stringify([...all]));
  }
}
