import { css } from 'lit';

/** The bar of sections, as tabs; the staff console's bar looks the same. */
export const sectionBarStyles = css`
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0;
    list-style: none;
    margin: 0 0 1.25rem;
    padding: 0;
    border-bottom: 2px solid var(--_border);
  }
  nav a {
    display: block;
    padding: 0.65rem 1rem;
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

/** The citizen widget's own box; each view brings its own styles. Four sections on a phone: two rows of two. */
const ownStyles = css`
  .base {
    background: var(--_bg);
  }
  @media (max-width: 600px) {
    nav ul {
      display: grid;
      grid-template-columns: 1fr 1fr;
    }
    nav a {
      padding: 0.6rem 0.5rem;
      text-align: center;
    }
  }
`;

export default [sectionBarStyles, ownStyles];
