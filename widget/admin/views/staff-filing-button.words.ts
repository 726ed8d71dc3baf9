/**
 * The label of the console header's button to "Nuova segnalazione" (a report taken by phone…),
 * apart from the piece's own words (staff-filing-view.words.ts), which load only when it opens.
 */
export const newReportLabel = { it: 'Nuova segnalazione', en: 'New report' } as const;
