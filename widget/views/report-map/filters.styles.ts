import { css } from 'lit';

/** The filter bar of the map and list (filters.ts): a grid of fields, the buttons on a row of their own. */
export const reportFiltersStyles = css`
  form.filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
    gap: 0.75rem 1rem;
    align-items: end;
    margin-bottom: 1rem;
  }
  form.filters .field {
    margin: 0;
  }
  form.filters .buttons {
    grid-column: 1 / -1;
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
`;
