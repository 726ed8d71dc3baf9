import { LitElement, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import { type FieldErrors, sendForm } from '../../../forms/field-errors.ts';
import { baseStyles } from '../../../styles.ts';
import type { StaffReport } from '../../admin-api.ts';
import type { AdminContext } from '../../admin-context.ts';
import { adminStyles } from '../../admin-styles.ts';
import { reportActionStyles } from './report-action.styles.ts';

export type ActionName = 'status' | 'reply' | 'assignee' | 'assign' | 'merge' | 'text' | 'forward';

/**
 * How an action form sends, handed down by `<segnala-admin-report>`: one action at a time for the
 * whole page; once done the page says so, empties the form and reloads the report; a 409 shows
 * the page's "someone else changed it" with its reload. Resolves true once done; rejects with the
 * `AdminApiError` of a 400 naming fields, which the form shows on its own fields.
 */
export type RunAction = (name: ActionName, call: () => Promise<unknown>, doneText: string, form: HTMLFormElement) => Promise<boolean>;

/**
 * What every action form of the report page has: the report as shown (its `version` goes with
 * each change), the page's `act`, and the errors on its own fields (`F`), sent and mapped with
 * `sendForm` of `widget/forms/field-errors.ts`, shown with its field templates.
 */
export abstract class ReportAction<F extends string> extends LitElement {
  static override styles: CSSResultGroup = [baseStyles, adminStyles, reportActionStyles];

  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) report!: StaffReport;
  /** The action being sent (by any form of the page): every button waits, the one sending says so. */
  @property({ attribute: false }) busy?: ActionName;
  @property({ attribute: false }) act!: RunAction;

  @state() protected errors: FieldErrors<F> = {};

  /** Once rendered, the focus on the first match of `selector` (the field to correct). */
  protected focusSoon(selector: string) {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /**
   * Sends through the page; a refusal naming fields lands on this form, each server field through
   * `fields`, any other on `fallback`. True once done.
   */
  protected async send(name: ActionName, call: () => Promise<unknown>, doneText: string, form: HTMLFormElement, fields: Readonly<Record<string, F>>, fallback: F) {
    const sent = await sendForm(() => this.act(name, call, doneText, form), fields, { fallback });
    if (sent.ok) return sent.value;
    this.errors = sent.errors;
    return false;
  }
}
