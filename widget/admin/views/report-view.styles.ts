import { css } from 'lit';

/** The report page: its header, two columns (the record, the actions), the map and the history. */
export const reportViewStyles = css`
  .top {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin-bottom: 1rem;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 1.5rem;
  }
  .details {
    white-space: pre-line;
  }
  .map {
    height: 220px;
    min-height: 0;
    margin-bottom: 1rem;
  }
  ol.history {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0;
  }
  ol.history li {
    border-left: 4px solid var(--_primary);
    padding: 0.35rem 0.75rem;
    margin: 0 0 0.6rem;
    background: var(--_bg);
  }
  ol.history li.internal {
    border-left-color: #b36b00;
    background: #fffaf0;
  }
  ol.history .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    align-items: center;
    font-size: 0.9em;
    color: var(--_muted);
  }
  ol.history blockquote {
    margin: 0.3rem 0 0;
    white-space: pre-line;
  }
  .conflict {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  .conflict p {
    margin: 0;
  }
  @media (max-width: 900px) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
`;
