import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { baseStyles } from '../../styles.ts';
import { AdminApiError, type OwnSession } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { accountWords } from './account-view.words.ts';
import { errorMessage } from './errors.ts';

/**
 * One's own open sessions (`GET /admin/me/sessions`), each with when it opened and was last used,
 * the browser and address it came from, and "Chiudi"; this one is marked and not closed here
 * ("Esci" does that). Part of the account page (account-view.ts).
 */
@customElement('segnala-admin-account-sessions')
export class AdminAccountSessions extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      ul.sessions {
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
      }
      ul.sessions > li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        border-bottom: 1px solid var(--_border);
        padding: 0.6rem 0;
      }
      .what {
        flex: 1 1 16rem;
      }
      .what p {
        margin: 0.1rem 0;
      }
      .what .badge {
        margin-inline-start: 0.4em;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private sessions?: OwnSession[];
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  /** Reads the list again (after a password change, which ends the other sessions). */
  reload() {
    return this.load();
  }

  private async load() {
    try {
      this.sessions = (await this.ctx.api.ownSessions()).sessions;
      this.error = '';
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    }
  }

  private say(message: string) {
    this.notice = message;
    this.ctx.announce(message);
  }

  private async close(s: OwnSession, index: number) {
    const w = accountWords(this.ctx.i18n);
    this.busy = true;
    this.error = '';
    try {
      await this.ctx.api.closeOwnSession(s.id);
      this.say(w.t('sessions.closed', { what: this.describe(s) }));
    } catch (err) {
      // Already ended (expired, or closed elsewhere): the list is simply out of date.
      if (!(err instanceof AdminApiError && err.status === 404)) this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = false;
    }
    await this.load();
    // The focus stays in the list: on the next session's button, or on the list's heading.
    await this.updateComplete;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.close-session')];
    (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('h3'))?.focus();
  }

  private async closeOthers() {
    const w = accountWords(this.ctx.i18n);
    this.busy = true;
    this.error = '';
    try {
      const { closed } = await this.ctx.api.closeOtherSessions();
      this.say(w.plural('sessions.othersClosed', closed));
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = false;
    }
    await this.load();
  }

  private describe(s: OwnSession) {
    const w = accountWords(this.ctx.i18n);
    return s.browser ?? w.t('sessions.unknownBrowser');
  }

  override render() {
    const w = accountWords(this.ctx.i18n);
    const { i18n } = this.ctx;
    const others = this.sessions?.filter((s) => !s.current) ?? [];
    return html`<h3 tabindex="-1">${w.t('sessions.heading')}</h3>
      <p class="muted">${w.t('sessions.intro')}</p>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      <div class="notice success" role="status" ?hidden=${!this.notice}>${this.notice}</div>
      ${this.sessions === undefined && !this.error ? html`<p class="muted" role="status">${i18n.t('loading')}</p>` : nothing}
      ${this.sessions
        ? html`<ul class="sessions" aria-label=${w.t('sessions.heading')}>
            ${this.sessions.map(
              (s, i) => html`<li>
                <div class="what">
                  <p><strong>${this.describe(s)}</strong>${s.current ? html` <span class="badge public">${w.t('sessions.current')}</span>` : nothing}</p>
                  <p class="muted">${w.t('sessions.facts', { address: s.clientAddress ?? '–', opened: i18n.dateTime(s.createdAt), used: i18n.dateTime(s.lastSeenAt) })}</p>
                </div>
                ${s.current
                  ? nothing
                  : html`<button type="button" class="small close-session" ?disabled=${this.busy} @click=${() => this.close(s, i)}
                      aria-label=${w.t('sessions.closeOne', { what: this.describe(s), opened: i18n.dateTime(s.createdAt) })}>${w.t('sessions.close')}</button>`}
              </li>`,
            )}
          </ul>
          ${others.length > 1
            ? html`<button type="button" class="close-others" ?disabled=${this.busy} @click=${this.closeOthers}>${w.t('sessions.closeOthers')}</button>`
            : nothing}`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-account-sessions': AdminAccountSessions;
  }
}
