import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { baseStyles } from '../../styles.ts';
import { AdminApiError, type FailedMails } from '../admin-api.ts';
import type { AdminContext } from '../admin-context.ts';
import { adminStyles } from '../admin-styles.ts';
import { errorMessage } from './errors.ts';
import { failedMailWords } from './failed-mail-view.words.ts';

type Mail = FailedMails['mails'][number];

/**
 * The notification e-mails the sender gave up on (`GET /admin/failed-mails`): a clerk sees those
 * about their offices' reports, an admin all; each can be sent again. A piece of the console
 * loaded when first opened (segnala-admin.ts `lazyPieces`).
 */
@customElement('segnala-admin-failed-mail')
export class AdminFailedMailView extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      td {
        vertical-align: top;
      }
      .smtp-answer {
        overflow-wrap: anywhere;
        font-size: 0.9em;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;

  @state() private mails?: Mail[];
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = '';

  @query('h2') private heading?: HTMLElement;

  focusHeading() {
    this.heading?.focus();
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.ctx) void this.load();
  }

  private async load() {
    try {
      this.mails = (await this.ctx.api.failedMails()).mails;
    } catch (err) {
      this.error = errorMessage(this.ctx.i18n, err);
    }
  }

  private async retry(m: Mail) {
    const w = failedMailWords(this.ctx.i18n);
    this.busy = m.id;
    this.error = '';
    this.notice = '';
    try {
      await this.ctx.api.retryFailedMail(m.id);
      this.notice = w.t('queued');
    } catch (err) {
      if (err instanceof AdminApiError && err.status === 409) this.notice = w.t('already');
      else this.error = errorMessage(this.ctx.i18n, err);
    } finally {
      this.busy = '';
    }
    if (this.notice) {
      this.ctx.announce(this.notice);
      await this.load();
    }
  }

  private kind(kind: string) {
    const w = failedMailWords(this.ctx.i18n);
    const key = `kind.${kind}` as Parameters<typeof w.t>[0];
    const label = w.t(key);
    // A kind this view has no words for yet shows its code.
    return label === key ? kind : label;
  }

  override render() {
    const w = failedMailWords(this.ctx.i18n);
    const { i18n } = this.ctx;
    const mails = this.mails;
    return html`<h2 tabindex="-1">${w.t('heading')}</h2>
      <p class="muted">${w.t('intro')}</p>
      <p><button type="button" class="small refresh" @click=${() => this.load()}>${w.t('refresh')}</button></p>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      <div class="notice success" role="status" ?hidden=${!this.notice}>${this.notice}</div>
      ${!mails
        ? this.error
          ? nothing
          : html`<p class="muted">${i18n.t('loading')}</p>`
        : !mails.length
          ? html`<p class="none">${w.t('none')}</p>`
          : html`<div class="table-scroll">
              <table class="mails stack">
                <caption class="visually-hidden">${w.t('heading')}</caption>
                <thead>
                  <tr>
                    <th scope="col">${w.t('failedAt')}</th>
                    <th scope="col">${w.t('recipient')}</th>
                    <th scope="col">${w.t('kind')}</th>
                    <th scope="col">${w.t('report')}</th>
                    <th scope="col">${w.t('error')}</th>
                    <th scope="col"><span class="visually-hidden">${w.t('retry')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${mails.map(
                    (m) => html`<tr data-id=${m.id}>
                      <td class="block-label" data-label=${w.t('failedAt')}>
                        <time datetime=${m.failedAt}>${i18n.dateTime(m.failedAt)}</time><br /><span class="muted">${w.plural('attempts', m.attempts)}</span>
                      </td>
                      <td class="block-label" data-label=${w.t('recipient')}>${m.recipient}</td>
                      <td class="block-label" data-label=${w.t('kind')}>${this.kind(m.kind)}</td>
                      <td class="block-label" data-label=${w.t('report')}>
                        ${m.reference
                          ? html`<a
                              href=${`#segnala-admin/report/${encodeURIComponent(m.reference)}`}
                              @click=${(e: Event) => {
                                e.preventDefault();
                                this.ctx.navigate({ view: 'report', reference: m.reference! });
                              }}
                              >${m.reference}</a
                            >`
                          : '—'}
                      </td>
                      <td class="block-label smtp-answer" data-label=${w.t('error')}>${m.lastError ?? '—'}</td>
                      <td>
                        <button type="button" class="small" ?disabled=${this.busy !== ''} aria-label=${w.t('retryLabel', { recipient: m.recipient })} @click=${() => this.retry(m)}>
                          ${w.t('retry')}
                        </button>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-failed-mail': AdminFailedMailView;
  }
}
