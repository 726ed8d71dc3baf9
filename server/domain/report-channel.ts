/**
 * How a report reached the municipality (table `report`, column `channel`, whose CHECK holds the
 * same list, migration 0027): the widget or the JSON API (`web`), an Open311 partner, or staff
 * filing on a citizen's behalf what came by phone, e-mail, certified e-mail (PEC), at the front
 * desk or otherwise (issue 15 §3).
 */
export const REPORT_CHANNELS = ['web', 'open311', 'phone', 'email', 'pec', 'front_desk', 'other'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/** The channels staff choose from when they file for a citizen. */
export const STAFF_CHANNELS = ['phone', 'email', 'pec', 'front_desk', 'other'] as const satisfies readonly ReportChannel[];
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** The Italian words of the exports (CSV "Canale"), as a clerk says them. */
export const CHANNEL_LABEL_IT: Record<ReportChannel, string> = {
  web: 'Web',
  open311: 'Open311',
  phone: 'Telefono',
  email: 'E-mail',
  pec: 'PEC',
  front_desk: 'Sportello',
  other: 'Altro',
};
