/**
 * The municipalities' local time (every one is in Italy): a report's year for its reference
 * number, the staff filters' "from"/"to" days, the monthly statistics and the dates in e-mails
 * and Open311 answers all count days in this zone, not in the server's or UTC.
 */
export const TIME_ZONE = 'Europe/Rome';
