import { css } from 'lit';

/** The strip of thumbnails and the modal dialog with the full image. */
export const photoGalleryStyles = css`
      ul.strip {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0 0 1rem;
        padding: 0;
      }
      .strip button {
        padding: 0;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        overflow: hidden;
        background: var(--_surface);
        min-height: 0;
      }
      .strip button:hover {
        border-color: var(--_primary);
      }
      .strip img {
        display: block;
        width: 140px;
        height: 105px;
        object-fit: cover;
      }
      dialog {
        border: none;
        border-radius: var(--_radius);
        padding: 0.75rem;
        max-width: min(96vw, 1200px);
        max-height: 96vh;
        background: var(--_bg);
        color: var(--_text);
        box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.75);
      }
      @media (prefers-reduced-motion: no-preference) {
        dialog[open] {
          animation: segnala-photo-in 160ms ease-out;
        }
        @keyframes segnala-photo-in {
          from {
            opacity: 0;
            transform: scale(0.97);
          }
        }
      }
      .head {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 1rem;
        margin-bottom: 0.5rem;
      }
      .head h3 {
        margin: 0;
      }
      figure {
        margin: 0;
        text-align: center;
      }
      figure img {
        display: block;
        margin: 0 auto;
        max-width: 100%;
        max-height: calc(96vh - 9rem);
        width: auto;
        height: auto;
        background: var(--_surface);
      }
      .nav {
        display: flex;
        justify-content: space-between;
        gap: 0.75rem;
        margin-top: 0.75rem;
      }
    `;
