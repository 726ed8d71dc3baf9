import { css } from 'lit';

/** The public history of a report, shared with the tracking page (track-view.ts). */
export const historyStyles = css`
  ol.history {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0 0 0 1.1rem;
    border-left: 3px solid var(--_border);
  }
  ol.history li {
    margin: 0 0 0.9rem;
    position: relative;
  }
  ol.history li::before {
    content: '';
    position: absolute;
    left: calc(-1.1rem - 10px);
    top: 0.45em;
    width: 13px;
    height: 13px;
    border-radius: 50%;
    background: var(--_primary);
    border: 2px solid var(--_bg);
  }
  ol.history time {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
  }
  blockquote {
    margin: 0.35rem 0 0;
    padding: 0.5rem 0.75rem;
    background: var(--_surface);
    border-radius: var(--_radius);
    white-space: pre-line;
  }
`;

/** The facts beside the map and history (one column on a phone), and the "Mi associo" box. */
export const reportDetailViewStyles = css`
      .top {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-bottom: 0.75rem;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: 1.5rem;
      }
      .details {
        white-space: pre-line;
      }
      .map {
        height: 240px;
        min-height: 0;
        margin-bottom: 1rem;
      }
      .support {
        margin: 1rem 0;
        background: var(--_surface);
        border: none;
      }
      .support h3 {
        font-size: 1.05em;
      }
      @media (max-width: 760px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `;
