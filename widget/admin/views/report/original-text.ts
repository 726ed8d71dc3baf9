import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles } from '../../../styles.ts';
import type { StaffReport } from '../../admin-api.ts';
import type { AdminContext } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { textEditWords } from './text-edit.words.ts';

/**
 * "Testo originale": a report's title and description as filed, for staff, once moderation has
 * edited its public text (issue 15 §6). Closed at first: the public words are the ones to work with.
 */
@customElement('segnala-admin-original-text')
export class AdminOriginalText extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      details {
        border-left: 4px solid #b36b00;
        background: #fffaf0;
        padding: 0.35rem 0.75rem;
        margin: 0 0 1rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      .details {
        white-space: pre-line;
        overflow-wrap: anywhere;
      }
      p {
        margin: 0.4rem 0 0;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) original!: NonNullable<StaffReport['original']>;

  override render() {
    const w = textEditWords(this.ctx.i18n);
    return html`<details>
      <summary>${w.t('original')}</summary>
      <p class="hint">${w.t('originalHint')}</p>
      <p><strong class="title">${this.original.title}</strong></p>
      <p class="details">${this.original.details}</p>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-original-text': AdminOriginalText;
  }
}
