/**
 * The label of the console header's button to one's own account (password, sessions, two-step
 * login), apart from the piece's own words (account-view.words.ts), which load only when it opens.
 */
export const accountLabel = { it: 'Il mio account', en: 'My account' } as const;
