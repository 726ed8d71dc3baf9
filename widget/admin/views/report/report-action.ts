import { LitElement, html, nothing, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import { baseStyles } from '../../../styles.ts';
import type { AdminApiError, StaffReport } from '../../admin-api.ts';
import type { AdminContext } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { reportActionStyles } from './report-action.styles.ts';

export type ActionName = 'status' | 'reply' | 'assign' | 'merge';

/**
 * How an action form sends, handed down by `<segnala-admin-report>`: one action at a time for the
 * whole page; once done the page says so, empties the form and reloads the report; a 409 shows
 * the page's "someone else changed it" with its reload. Resolves true once done; rejects with the
 * `AdminApiError` of a 400 naming fields, which the form shows on its own fields.
 */
export type RunAction = (name: ActionName, call: () => Promise<unknown>, doneText: string, form: HTMLFormElement) => Promise<boolean>;

/**
 * What every action form of the report page has: the report as shown (its `version` goes with
 * each change), the page's `act`, and the errors on its own fields (`F`).
 */
export abstract class ReportAction<F extends string> extends LitElement {
  static override styles: CSSResultGroup = [baseStyles, adminStyles, reportActionStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) report!: StaffReport;
  /** The action being sent (by any form of the page): every button waits, that one's says so. */
  @property({ attribute: false }) busy?: ActionName;
  @property({ attribute: false }) act!: RunAction;

  @state() protected errors: Partial<Record<F, string>> = {};

  protected fieldError(key: F, id: string) {
    const e = this.errors[key];
    return e ? html`<span class="error-text" id=${id}>${e}</span>` : nothing;
  }

  /** Once rendered, the focus on the first match of `selector` (the field to correct). */
  protected focusSoon(selector: string) {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /**
   * Sends through the page; a refusal naming fields lands on this form, each server field through
   * `fieldOf` (one of this form's fields for any name). True once done.
   */
  protected async send(name: ActionName, call: () => Promise<unknown>, doneText: string, form: HTMLFormElement, fieldOf: (field: string) => F) {
    try {
      return await this.act(name, call, doneText, form);
    } catch (err) {
      const errors: Partial<Record<F, string>> = {};
      for (const f of (err as AdminApiError).fields) errors[fieldOf(f.field)] = f.message;
      this.errors = errors;
      return false;
    }
  }
}
