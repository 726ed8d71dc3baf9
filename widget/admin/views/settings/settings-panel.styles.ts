import { css } from 'lit';

/** What every settings panel shares: the panel's spacing, its editable table and its "add" form. */
export const settingsPanelStyles = css`
  section.panel {
    margin-bottom: 1.5rem;
  }
  .table-scroll {
    overflow-x: auto;
    margin-bottom: 1rem;
  }
  td input,
  td select {
    min-width: 7rem;
  }
  td input[type='number'] {
    width: 6rem;
    min-width: 0;
  }
  td input[id$='-name'] {
    min-width: 12rem;
  }
  @media (max-width: 760px) {
    td input,
    td select,
    td input[id$='-name'] {
      min-width: 0;
    }
  }
  .add {
    border-top: 1px solid var(--_border);
    padding-top: 0.75rem;
  }
  .add h4 {
    margin-bottom: 0.5rem;
  }
  .inactive {
    color: var(--_muted);
  }
`;
