import type { ReportChannel } from '../../server/domain/report-channel.ts';
import { pieceWords } from './views/planning/words.ts';

/**
 * How a report came, in the console's words (issue 15 §3): the statistics' section and the
 * "Nuova segnalazione" piece. The CSV export words them in Italian on the server
 * (server/domain/report-channel.ts CHANNEL_LABEL_IT), the same words as here.
 */
export const channelWords = pieceWords({
  it: {
    heading: 'Come sono arrivate',
    column: 'Canale',
    web: 'Web',
    open311: 'Open311',
    phone: 'Telefono',
    email: 'E-mail',
    pec: 'PEC',
    front_desk: 'Sportello',
    other: 'Altro',
  } satisfies Record<ReportChannel | 'heading' | 'column', string>,
  en: {
    heading: 'How they came',
    column: 'Channel',
    web: 'Web',
    open311: 'Open311',
    phone: 'Phone',
    email: 'E-mail',
    pec: 'Certified e-mail (PEC)',
    front_desk: 'Front desk',
    other: 'Other',
  },
});
