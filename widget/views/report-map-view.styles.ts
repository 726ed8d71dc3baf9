import { css } from 'lit';

/** The map beside the list (under it on a phone), or the list alone with the button that opens the map. */
export const reportMapViewStyles = css`
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: 1.25rem;
    align-items: start;
  }
  .list {
    position: relative;
    max-height: var(--segnala-map-height, 420px);
    overflow-y: auto;
    padding-right: 0.25rem;
  }
  .count {
    font-weight: 600;
    margin: 0 0 0.5rem;
  }
  .spot {
    margin: 0 0 0.75rem;
  }
  .layout.list-only {
    grid-template-columns: 1fr;
  }
  .layout.list-only .list {
    max-height: none;
    overflow: visible;
  }
  .map-toggle {
    margin: 0 0 1rem;
  }
  @media (max-width: 760px) {
    .layout {
      grid-template-columns: 1fr;
    }
    .map {
      height: var(--segnala-map-height-small, 300px);
    }
    .list {
      max-height: none;
      overflow: visible;
    }
  }
`;
