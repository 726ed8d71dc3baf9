import { css } from 'lit';

export const municipalityPanelStyles = css`
  .wide-fields {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
  }
`;
