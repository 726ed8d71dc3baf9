import type { Session } from './admin-api.ts';

/**
 * The staff session of one console (server + municipality), in `sessionStorage`: it ends with the
 * browser tab, which is what a shared office PC needs (localStorage would outlive the clerk).
 */
export class SessionStore {
  private readonly key: string;

  constructor(apiBase: string) {
    this.key = `segnala-admin:${apiBase}`;
  }

  read(): Session | undefined {
    try {
      const raw = sessionStorage.getItem(this.key);
      if (!raw) return undefined;
      const s = JSON.parse(raw) as Session;
      // No expiry check here: the server slides it on every call, and answers 401 once it is over.
      if (!s?.token || !s.user) return undefined;
      return s;
    } catch {
      return undefined;
    }
  }

  write(session: Session) {
    try {
      sessionStorage.setItem(this.key, JSON.stringify(session));
    } catch {
      /* storage refused (private mode): the session lasts as long as the page */
    }
  }

  clear() {
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      /* nothing stored */
    }
  }
}
