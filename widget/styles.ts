import { css } from 'lit';

/**
 * Shared styles of every element in the widget. Public `--segnala-*` properties feed private
 * `--_*` ones on each host, so a host page themes the whole widget from `<segnala-widget>`.
 * Defaults follow Bootstrap Italia (the design system of Italian public administration sites).
 */
export const baseStyles = css`
  :host {
    --_primary: var(--segnala-primary, #0066cc);
    --_primary-dark: var(--segnala-primary-dark, #004d99);
    --_on-primary: var(--segnala-on-primary, #ffffff);
    --_text: var(--segnala-text, #1a1a1a);
    --_muted: var(--segnala-muted, #5c6f82);
    --_bg: var(--segnala-background, #ffffff);
    --_surface: var(--segnala-surface, #f2f7fc);
    --_border: var(--segnala-border, #c5c7c9);
    --_danger: var(--segnala-danger, #cc334d);
    --_danger-text: var(--segnala-danger-text, #a8243b);
    --_success: var(--segnala-success, #008055);
    --_focus: var(--segnala-focus, #ff9900);
    --_radius: var(--segnala-radius, 4px);
    --_font: var(--segnala-font-family, 'Titillium Web', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_status-new: var(--segnala-status-new, #995c00);
    --_status-open: var(--segnala-status-open, #0066cc);
    --_status-resolved: var(--segnala-status-resolved, #00804d);
    --_status-closed: var(--segnala-status-closed, #5c6f82);

    /* Inherited properties are the only way page styles reach in: reset them all. */
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--segnala-font-size, 1rem);
    font-weight: 400;
    font-style: normal;
    line-height: 1.5;
    letter-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    word-spacing: normal;
    white-space: normal;
    visibility: visible;
    /* Bootstrap Italia sets these on <body>: the browser's own tap feedback and text inflation here. */
    -webkit-tap-highlight-color: initial;
    -webkit-text-size-adjust: auto;
    text-size-adjust: auto;
    /*
     * Titles, descriptions, replies and street names are typed by people (or imported): a word
     * longer than the line (a pasted URL, a 10 000-letter word) breaks rather than widening the page.
     */
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3,
  h4 {
    font-family: var(--_font);
    line-height: 1.25;
    margin: 0 0 0.5em;
    color: var(--_text);
  }
  h2 {
    font-size: 1.5em;
    font-weight: 700;
  }
  h3 {
    font-size: 1.2em;
    font-weight: 600;
  }
  h4 {
    font-size: 1em;
    font-weight: 600;
  }
  p {
    margin: 0 0 0.75em;
  }
  a {
    color: var(--_primary);
    text-decoration: underline;
  }
  /*
   * Where the widget moves the focus itself (a step's heading, the error summary) the ring shows
   * even after a click: otherwise a keyboard user loses their place (GOV.UK outlines its error summary).
   */
  :focus-visible,
  [tabindex='-1']:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--_muted);
  }

  /* Buttons */
  button,
  .button {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 2.75rem;
    padding: 0.5em 1.1em;
    border-radius: var(--_radius);
    border: 2px solid var(--_primary);
    background: var(--_bg);
    color: var(--_primary);
    cursor: pointer;
    text-decoration: none;
    line-height: 1.2;
    text-align: center;
    margin: 0;
    box-shadow: none;
    text-transform: none;
    letter-spacing: normal;
    width: auto;
    /* Labels are ours and short: whole words ("Salva", not "Salv-a") even in a tight table cell. */
    overflow-wrap: normal;
  }
  button:hover,
  .button:hover {
    background: var(--_surface);
  }
  button.primary,
  .button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button.primary:hover,
  .button.primary:hover {
    background: var(--_primary-dark);
    border-color: var(--_primary-dark);
  }
  button.link {
    border: none;
    background: none;
    padding: 0.25em 0;
    min-height: 0;
    color: var(--_primary);
    text-decoration: underline;
    font-weight: 600;
  }
  button[disabled],
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: 1.25rem;
    align-items: center;
  }

  /* Forms */
  label,
  .label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25em;
  }
  .field {
    margin-bottom: 1rem;
  }
  .hint {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
    margin-bottom: 0.3em;
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  input[type='search'],
  select,
  textarea {
    display: block;
    width: 100%;
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    padding: 0.5em 0.65em;
    min-height: 2.75rem;
    margin: 0;
    box-shadow: none;
    text-transform: none;
    letter-spacing: normal;
  }
  textarea {
    min-height: 8em;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger) !important;
    border-width: 2px !important;
  }
  .error-text {
    display: block;
    color: var(--_danger-text);
    font-weight: 600;
    margin: 0.25em 0;
  }
  .error-text::before {
    content: '⚠ ';
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    margin: 0 0 1.25rem;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    font-size: 1.1em;
    padding: 0 0.35em;
  }
  .check {
    display: flex;
    gap: 0.6em;
    align-items: flex-start;
    font-weight: 600;
  }
  .check input {
    width: 1.4rem;
    height: 1.4rem;
    margin: 0.05rem 0 0;
    flex: none;
    accent-color: var(--_primary);
  }

  /* Messages */
  .notice {
    border-left: 6px solid var(--_primary);
    background: var(--_surface);
    padding: 0.75rem 1rem;
    margin: 0 0 1rem;
    border-radius: var(--_radius);
  }
  .notice.error {
    border-left-color: var(--_danger);
    background: #fdf0f2;
  }
  .notice.success {
    border-left-color: var(--_success);
    background: #eef8f3;
  }

  /* Cards */
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: 1rem;
  }
  dl.facts {
    display: grid;
    grid-template-columns: minmax(8em, max-content) 1fr;
    gap: 0.35rem 1rem;
    margin: 0 0 1rem;
  }
  dl.facts dt {
    font-weight: 600;
    color: var(--_muted);
  }
  dl.facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  @media (max-width: 480px) {
    dl.facts {
      grid-template-columns: 1fr;
    }
    dl.facts dd {
      margin-bottom: 0.5rem;
    }
  }

  /* Status badge: a symbol and a word, never colour alone. */
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    font-size: 0.875em;
    font-weight: 700;
    padding: 0.1em 0.6em;
    border-radius: 1em;
    border: 2px solid currentColor;
    white-space: nowrap;
    background: var(--_bg);
  }
  .status-new {
    color: var(--_status-new);
  }
  .status-open {
    color: var(--_status-open);
  }
  .status-resolved {
    color: var(--_status-resolved);
  }
  .status-closed {
    color: var(--_status-closed);
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
