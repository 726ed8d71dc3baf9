import { css } from 'lit';

/** The filters folded under a summary, and the queue's table: a row highlights under the pointer and opens the report. */
export const queueViewStyles = css`
      details.filters-box {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        margin: 0 0 1rem;
        padding: 0 1rem;
      }
      details.filters-box summary {
        cursor: pointer;
        font-weight: 700;
        font-size: 1.1em;
        padding: 0.6rem 0;
        min-height: 2.75rem;
      }
      form.filters {
        padding: 0.25rem 0 0;
      }
      .filter-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.75rem;
      }
      .check-field {
        display: flex;
        align-items: center;
        min-height: 2.75rem;
      }
      .count {
        margin: 0;
        font-weight: 600;
      }
      tbody tr {
        cursor: pointer;
      }
      tbody tr:hover {
        background: var(--_row-hover);
      }
      td.ref {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      td .title {
        font-weight: 600;
      }
      .sub {
        display: block;
        font-size: 0.85em;
        color: var(--_muted);
      }
      .more {
        margin-top: 1rem;
        display: flex;
        gap: 1rem;
        align-items: center;
        flex-wrap: wrap;
      }
      /* The admin's confirmation before a CSV with the reporters' contacts. */
      dialog.contacts-confirm {
        max-width: min(32rem, calc(100vw - 2rem));
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 1.25rem;
        color: var(--_text);
        background: var(--_bg);
      }
      dialog.contacts-confirm::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      dialog.contacts-confirm h3 {
        margin-top: 0;
      }
      .dialog-actions {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
          /* Mine, unassigned, all: a group of toggle buttons, the pressed one filled. */
      .scope {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0 0 0.75rem;
      }
      .scope button[aria-pressed='true'] {
        background: var(--_primary);
        border-color: var(--_primary);
        color: var(--_on-primary);
      }
      /* The selection's checkboxes: a cell that does not open the report, a box big enough for a finger. */
      /* Ten columns on an office PC's 1280 pixels: long statuses and headers wrap rather than push the last column out. */
      table.queue .status,
      table.queue .badge,
      table.queue th.assignee {
        white-space: normal;
      }
      th.pick,
      td.pick {
        width: 2.25rem;
        text-align: center;
        cursor: default;
      }
      th.pick input,
      td.pick input {
        width: 1.4rem;
        height: 1.4rem;
        margin: 0;
        cursor: pointer;
      }
      @media (max-width: 760px) {
        table.stack td.pick {
          float: right;
          width: auto;
          padding: 0.25rem;
        }
      }
    `;
