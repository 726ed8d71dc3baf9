/**
 * What the citizen has typed in the filing form, checked and turned into the request body. Pure
 * functions: the form element (`../new-report-view.ts`) keeps the state and renders it.
 */
import { EMAIL_FORMAT, PHONE_FORMAT, TEXT_MAX, TITLE_MIN } from '../../../server/domain/formats.ts';
import type { Category, LatLon, NewReport, Street } from '../../api.ts';
import { answerErrors, answersBody } from './questions.ts';
import type { PhotoDraft } from '../../components/photo-picker.ts';
import type { FieldErrors } from '../../forms/field-errors.ts';
import type { Translator } from '../../i18n.ts';

export type Step = 1 | 2 | 3 | 4;

export interface Draft {
  privacyAccepted: boolean;
  street?: Street;
  /** Text typed in the street box without picking a street: told apart from "no street". */
  streetText: string;
  civic: string;
  location?: LatLon;
  categoryId?: number;
  title: string;
  details: string;
  name: string;
  email: string;
  phone: string;
  /** The honeypot: people never see it, so it stays empty (see anti-spam.ts). */
  website: string;
  /** Kept across steps and failed sends; their preview URLs are released when they go. */
  photos: PhotoDraft[];
  /** The category's questions answered, by question id, as typed (questions.ts). */
  answers: Record<string, string>;
}

/** A question of the chosen category, by its id (questions.ts). */
export type AnswerField = `a-${string}`;
export type Field = 'privacy' | 'street' | 'civic' | 'category' | 'title' | 'details' | AnswerField | 'photos' | 'name' | 'email' | 'phone';

/** Field order in the form: the error summary lists errors in this order. */
export const FIELD_ORDER: readonly Field[] = ['privacy', 'street', 'civic', 'category', 'title', 'details', 'photos', 'name', 'email', 'phone'];

/** The control of a field: `#f-title`, what the error summary links to and focuses. */
export const fieldId = (field: Field) => `f-${field}`;


export const emptyDraft = (): Draft => ({
  privacyAccepted: false,
  streetText: '',
  civic: '',
  title: '',
  details: '',
  name: '',
  email: '',
  phone: '',
  website: '',
  photos: [],
  answers: {},
});

/** What stops the citizen from leaving `step`, by field (the server checks again). */
export function validate(d: Draft, step: Step, { t }: Translator, category?: Category): FieldErrors<Field> {
  const e: FieldErrors<Field> = {};
  if (step === 1) {
    if (!d.privacyAccepted) e.privacy = t('new.privacyRequired');
    return e;
  }
  if (!d.street && !d.location) e.street = d.streetText.trim() ? t('new.err.streetPick') : t('new.err.place');
  if (!d.categoryId) e.category = t('new.err.category');
  else if (category?.noticeBlocks) e.category = t('new.err.blocked');
  const title = d.title.trim();
  if (!title) e.title = t('new.err.title');
  else if (title.length < TITLE_MIN) e.title = t('new.err.titleShort');
  else if (title.length > TEXT_MAX.title) e.title = t('new.err.titleLong');
  const details = d.details.trim();
  if (!details) e.details = t('new.err.details');
  else if (details.length > TEXT_MAX.details) e.details = t('new.err.detailsLong');
  Object.assign(e, answerErrors(d.answers, category, t));
  if (d.email.trim() && !EMAIL_FORMAT.test(d.email.trim())) e.email = t('new.err.email');
  if (d.phone.trim() && !PHONE_FORMAT.test(d.phone.trim())) e.phone = t('new.err.phone');
  const refused = d.photos.find((p) => p.refused);
  if (refused) e.photos = refused.refused;
  return e;
}

/** The filing request, without the anti-spam fields (added when sending) and the photos (sent apart). */
export function reportBody(d: Draft, category?: Category): NewReport {
  const contact = { name: d.name.trim(), email: d.email.trim(), phone: d.phone.trim() };
  const hasContact = contact.name || contact.email || contact.phone;
  return {
    categoryId: d.categoryId!,
    title: d.title.trim(),
    details: d.details.trim(),
    ...(d.street ? { streetId: d.street.id } : {}),
    ...(d.civic.trim() ? { civic: d.civic.trim() } : {}),
    ...(d.location ? { location: d.location } : {}),
    ...answersBody(d.answers, category),
    ...(hasContact
      ? {
          contact: {
            ...(contact.name ? { name: contact.name } : {}),
            ...(contact.email ? { email: contact.email } : {}),
            ...(contact.phone ? { phone: contact.phone } : {}),
          },
        }
      : {}),
    privacyAccepted: true,
  };
}
