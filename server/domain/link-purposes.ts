/**
 * What a link in an e-mail lets a citizen do (server/services/signed-links.ts signs them; the widget
 * opens them at `#segnala/link/<purpose>/<token>`): answer the office, say whether a fault is fixed,
 * confirm or end following a street; and an outside body a report was forwarded to posts its updates
 * (`body_update`, services/outside-bodies.ts).
 */
export const LINK_PURPOSES = ['citizen_reply', 'resolution_check', 'street_confirm', 'street_unsubscribe', 'body_update'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];
