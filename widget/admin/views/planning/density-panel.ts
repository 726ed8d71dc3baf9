import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AdminContext } from '../../admin-context.ts';
import type { PlanningFilters } from './filters.ts';

/** To be written (a panel of the planning view). */
@customElement('segnala-admin-planning-density')
export class AdminPlanningDensityPanel extends LitElement {
  @property({ attribute: false }) ctx!: AdminContext;
  @property({ attribute: false }) filters!: PlanningFilters;

  override render() {
    return html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'segnala-admin-planning-density': AdminPlanningDensityPanel;
  }
}
