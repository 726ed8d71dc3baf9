import { css } from 'lit';

/** The console's own box: the bar with the user's name, the bar of sections. */
export default css`
  .base {
    background: var(--_bg);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    padding: 0 0 0.75rem;
  }
  header .who {
    margin: 0;
  }
  header .who strong {
    font-weight: 700;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    list-style: none;
    margin: 0 0 1.25rem;
    padding: 0;
    border-bottom: 2px solid var(--_border);
  }
  nav a {
    display: block;
    padding: 0.6rem 1rem;
    color: var(--_primary);
    font-weight: 600;
    text-decoration: none;
    border-bottom: 4px solid transparent;
    margin-bottom: -2px;
  }
  nav a:hover {
    background: var(--_surface);
    text-decoration: underline;
  }
  nav a[aria-current='page'] {
    color: var(--_text);
    border-bottom-color: var(--_primary);
  }
`;
