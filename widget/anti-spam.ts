import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import type { AntiSpam, FormToken, SegnalaApi } from './api.ts';

/** Renew a token this long before the server would call it expired (12 h). */
const TOKEN_MAX_AGE_MS = 11 * 3600_000;

/**
 * The filing form's side of the server's spam checks (server/services/spam-check.ts): it fetches a
 * form token when the form opens and, when the municipality asks for one, solves the ALTCHA proof
 * of work in the background while the citizen types. At sending time it waits out whatever is
 * left of the minimum fill time. Nothing to click or read: a screen-reader user hears only
 * "checking" in the status region, if the wait is noticeable at all.
 */
export class FormGuard {
  private pending?: Promise<Prepared>;

  constructor(private readonly api: SegnalaApi) {}

  /** Starts fetching the token (and solving) now, so that it is ready by the time the form is sent. */
  start() {
    this.pending ??= this.prepare();
    // A failure is dealt with when sending; no unhandled rejection meanwhile.
    this.pending.catch(() => undefined);
  }

  /** Forgets the token, after the server refused it or it filed a report. */
  renew() {
    this.pending = undefined;
    this.start();
  }

  /**
   * The fields to send with the report. `onWait` is called if the citizen would have to wait
   * (minimum fill time or proof of work still running), to say so.
   */
  async fields(honeypot: string, onWait: () => void): Promise<AntiSpam> {
    this.start();
    let prepared = await this.pending!.catch(() => undefined);
    if (!prepared || performance.now() - prepared.fetchedAt > TOKEN_MAX_AGE_MS) {
      this.renew();
      prepared = await this.pending!;
    }
    const remaining = prepared.form.minSeconds * 1000 - (performance.now() - prepared.fetchedAt);
    if (remaining > 0 || !prepared.solved) onWait();
    // A little over the minimum: the server's clock started when it issued the token.
    if (remaining > 0) await new Promise((r) => setTimeout(r, remaining + 250));
    const altcha = await prepared.altcha;
    return { token: prepared.form.token, website: honeypot, ...(altcha ? { altcha } : {}) };
  }

  private async prepare(): Promise<Prepared> {
    const fetchedAt = performance.now();
    const form = await this.api.formToken();
    const prepared: Prepared = { form, fetchedAt, solved: !form.challenge, altcha: Promise.resolve(undefined) };
    if (form.challenge) {
      prepared.altcha = solve(form.challenge).finally(() => {
        prepared.solved = true;
      });
      prepared.altcha.catch(() => undefined);
    }
    return prepared;
  }
}

interface Prepared {
  form: FormToken;
  fetchedAt: number;
  solved: boolean;
  altcha: Promise<string | undefined>;
}

async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('proof of work not found');
  return btoa(JSON.stringify({ challenge, solution }));
}
