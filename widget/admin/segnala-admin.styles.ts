import { css } from 'lit';
import { sectionBarStyles } from '../segnala-widget.styles.ts';

/** The console's own box: the bar with the user's name, and the bar of sections the widget has too. */
export default [
  sectionBarStyles,
  css`
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
    header .header-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    nav a {
      padding: 0.6rem 1rem;
    }
    /* A printed view (the planning figures) is the view alone: not the console's bars and buttons. */
    @media print {
      header,
      nav {
        display: none;
      }
    }
  `,
];
