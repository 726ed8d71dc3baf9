import { css } from 'lit';

/** The filing form's own look: step bar, error summary, place tools, summary, confirmation, upload. */
export default css`
  /* The honeypot: off-screen rather than display:none, which form-filling bots skip. */
  .hp {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .step-of {
    display: block;
    font-size: 0.65em;
    font-weight: 600;
    color: var(--_muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  ol.progress {
    display: flex;
    /* Our own short words: whole, never "segnalazion-e" (the host breaks only typed text). */
    overflow-wrap: normal;
    list-style: none;
    padding: 0;
    margin: 0 0 1.25rem;
    gap: 0.25rem;
    counter-reset: step;
  }
  ol.progress li {
    flex: 1;
    padding: 0.4rem 0.25rem 0.3rem;
    border-bottom: 5px solid var(--_border);
    color: var(--_muted);
    font-size: 0.9em;
    font-weight: 600;
    counter-increment: step;
  }
  /*
   * After the dot a no-break space (U+00A0, typed as such: a CSS escape with a backslash in this
   * template does not survive the production build): on a phone the number never stays alone
   * on its line ("1." / "Informativa…").
   */
  ol.progress li::before {
    content: counter(step) '. ';
  }
  @media (max-width: 480px) {
    ol.progress li {
      font-size: 0.8em;
      hyphens: auto;
    }
  }
  ol.progress li.done {
    border-bottom-color: var(--_success);
    color: var(--_text);
  }
  ol.progress li[aria-current='step'] {
    border-bottom-color: var(--_primary);
    color: var(--_primary);
  }
  .narrow {
    max-width: 40rem;
  }
  .place-tools {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0.5rem 0 0.75rem;
  }
  .map {
    height: 300px;
  }
  .error-summary {
    border: 3px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 1rem;
    margin-bottom: 1.25rem;
    background: #fdf0f2;
  }
  .error-summary h3 {
    color: var(--_danger-text);
  }
  .error-summary ul {
    margin: 0;
    padding-left: 1.25rem;
  }
  .category-hint {
    min-height: 2.7em;
  }
  .duplicates {
    background: var(--_surface);
    border-color: var(--_surface);
  }
  .duplicates .report-item {
    background: var(--_bg);
    padding: 0.75rem;
  }
  .summary dl.facts {
    grid-template-columns: minmax(8em, 17rem) 1fr;
  }
  @media (max-width: 480px) {
    .summary dl.facts {
      grid-template-columns: 1fr;
    }
  }
  .summary section {
    border-bottom: 1px solid var(--_border);
    padding: 0.75rem 0;
  }
  .summary .section-head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 1rem;
  }
  .code {
    font-family: ui-monospace, 'Roboto Mono', Menlo, Consolas, monospace;
    font-size: 1.6em;
    font-weight: 700;
    letter-spacing: 0.08em;
    user-select: all;
  }
  .req {
    color: var(--_danger-text);
  }
  .pre {
    white-space: pre-line;
  }
  ul.photo-summary {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin: 0 0 0.75rem;
    padding: 0;
  }
  .photo-summary li {
    width: 8.5rem;
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  .photo-summary img {
    display: block;
    width: 100%;
    aspect-ratio: 4 / 3;
    object-fit: cover;
    border-radius: var(--_radius);
    background: var(--_surface);
    margin-bottom: 0.25rem;
  }
  .upload {
    margin: 1rem 0 0;
  }
  .upload progress {
    display: block;
    width: 100%;
    max-width: 28rem;
    height: 1rem;
    accent-color: var(--_primary);
  }
`;
