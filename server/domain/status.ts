/**
 * Report statuses (README, "HTTP API": the public `/config` lists them, staff set them with
 * `/reports/{reference}/status`): their labels, group and whether the public may see them.
 */
export const REPORT_STATUSES = [
  'submitted',
  'accepted',
  'in_progress',
  'scheduled',
  // The office asked the citizen for more information (issue 13): its deadline clock is paused.
  'waiting_for_citizen',
  'resolved',
  'rejected',
  'duplicate',
  'hidden',
] as const;

export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type StatusGroup = 'open' | 'closed' | 'moderation';

export interface StatusInfo {
  id: ReportStatus;
  label: string;
  labels: { it: string; en: string };
  group: StatusGroup;
  /** Whether a report in this status can be shown to the public at all. */
  public: boolean;
}

export const STATUS_INFO: Record<ReportStatus, StatusInfo> = {
  submitted: { id: 'submitted', label: 'Inviata', labels: { it: 'Inviata', en: 'Submitted' }, group: 'open', public: true },
  accepted: { id: 'accepted', label: 'Presa in carico', labels: { it: 'Presa in carico', en: 'Taken in charge' }, group: 'open', public: true },
  in_progress: { id: 'in_progress', label: 'In lavorazione', labels: { it: 'In lavorazione', en: 'In progress' }, group: 'open', public: true },
  scheduled: { id: 'scheduled', label: 'Intervento programmato', labels: { it: 'Intervento programmato', en: 'Work scheduled' }, group: 'open', public: true },
  waiting_for_citizen: {
    id: 'waiting_for_citizen',
    label: 'In attesa di informazioni dal cittadino',
    labels: { it: 'In attesa di informazioni dal cittadino', en: 'Waiting for information from the citizen' },
    group: 'open',
    public: true,
  },
  resolved: { id: 'resolved', label: 'Risolta', labels: { it: 'Risolta', en: 'Resolved' }, group: 'closed', public: true },
  rejected: { id: 'rejected', label: 'Non accolta', labels: { it: 'Non accolta / non di competenza', en: 'Not accepted / not our responsibility' }, group: 'closed', public: true },
  duplicate: { id: 'duplicate', label: 'Duplicata', labels: { it: 'Duplicata', en: 'Duplicate' }, group: 'closed', public: true },
  hidden: { id: 'hidden', label: 'Nascosta', labels: { it: 'Nascosta', en: 'Hidden' }, group: 'moderation', public: false },
};

export const OPEN_STATUSES = REPORT_STATUSES.filter((s) => STATUS_INFO[s].group === 'open');
export const CLOSED_STATUSES = REPORT_STATUSES.filter((s) => STATUS_INFO[s].group === 'closed');

export const isOpen = (status: ReportStatus) => STATUS_INFO[status].group === 'open';
