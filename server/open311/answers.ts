import { z } from 'zod';
import { type RequestRow, type ServiceRow, serviceNotice, type UpdateRow } from '../services/open311.ts';
import { type Open311Object, elements } from './format.ts';
import { fixMyStreetStatus, open311Status } from './status.ts';

/**
 * The elements of each GeoReport v2 answer, with the specification's names and order. Built from
 * rows that hold no contact data, so none can leak into an answer.
 */

export const SPECIFICATION_URL = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery `changeset`). */
export const CHANGESET = new Date('2026-01-15T00:00:00Z');

export function discovery(endpointUrl: string, contact: string): Open311Object {
  return {
    changeset: CHANGESET,
    contact,
    key_service: 'API keys are given by the municipality: its Segnala administrator generates one for each partner agreement.',
    endpoints: elements('endpoint', [
      {
        specification: SPECIFICATION_URL,
        url: endpointUrl,
        changeset: CHANGESET,
        type: 'production',
        formats: elements('format', ['text/xml', 'application/json']),
      },
    ]),
  };
}

export function service(s: ServiceRow): Open311Object {
  return {
    service_code: String(s.id),
    service_name: s.name,
    description: s.description ?? s.name,
    // The category asks questions or shows a notice: its definition lists them (serviceDefinition).
    metadata: s.questions.length > 0 || s.notice !== null,
    type: 'realtime',
    keywords: [s.name, s.department_name].map((k) => k.toLowerCase()).join(', '),
    group: s.department_name,
  };
}

const DATATYPES = { text: 'string', number: 'number', yes_no: 'singlevaluelist', choice: 'singlevaluelist' } as const;

/**
 * The category's questions as GeoReport v2 attributes, answered on POST as `attribute[code]`; a
 * yes/no question is a list of `true` and `false`. The notice comes first, as an attribute that is
 * not a variable (information for the person filing, as the specification has them).
 */
export function serviceDefinition(s: ServiceRow): Open311Object {
  const notice = s.notice === null ? [] : [{ variable: false, code: 'notice', datatype: 'string', required: false, datatype_description: null, order: 0, description: s.notice }];
  const questions = s.questions.map((q, i) => ({
    variable: true,
    code: q.id,
    datatype: DATATYPES[q.type],
    required: q.required,
    datatype_description: q.type === 'number' ? 'Un numero (es. 12 o 3,5)' : q.type === 'yes_no' ? 'true o false' : null,
    order: i + 1,
    description: q.label,
    ...(q.type === 'choice' ? { values: elements('value', q.choices!.map((c) => ({ key: c, name: c }))) } : {}),
    ...(q.type === 'yes_no' ? { values: elements('value', [{ key: 'true', name: 'Sì' }, { key: 'false', name: 'No' }]) } : {}),
  }));
  return { service_code: String(s.id), attributes: elements('attribute', [...notice, ...questions]) };
}

const MAX_DESCRIPTION = 4000;

/** "Via Alcide De Gasperi 3", or with a landmark "Via Aurelia, davanti alla scuola". */
function addressOf(r: RequestRow): string | null {
  if (!r.street_name) return r.civic;
  if (!r.civic) return r.street_name;
  return /^\d/.test(r.civic) ? `${r.street_name} ${r.civic}` : `${r.street_name}, ${r.civic}`;
}

/** `photoBase`: the absolute URL public photos are served under (…/api/v1/{slug}/photos). */
export function serviceRequest(r: RequestRow, photoBase: string): Open311Object {
  return {
    service_request_id: r.reference,
    status: open311Status(r.status),
    status_notes: r.status_notes,
    service_name: r.category_name,
    service_code: String(r.category_id),
    description: r.details.length > MAX_DESCRIPTION ? `${r.details.slice(0, MAX_DESCRIPTION - 1)}…` : r.details,
    agency_responsible: r.department_name,
    service_notice: serviceNotice(r),
    requested_datetime: r.created_at,
    updated_datetime: r.updated_at,
    expected_datetime: r.expected_at,
    address: addressOf(r),
    address_id: r.national_code,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.media_url ?? (r.photo_id ? `${photoBase}/${r.photo_id}` : null),
  };
}

/** The answer to a filing: realtime, so the request id at once and never a token. */
export function filedRequest(reference: string, notice: string): Open311Object {
  return { service_request_id: reference, service_notice: notice, account_id: null };
}

export function requestUpdate(u: UpdateRow): Open311Object {
  return {
    update_id: String(u.id),
    service_request_id: u.reference,
    status: fixMyStreetStatus(u.status),
    updated_datetime: u.created_at,
    description: u.message ?? '',
    media_url: null,
  };
}

/**
 * The JSON form of each answer above, for GET /api/openapi.json (the XML form has the same
 * elements under the root `respond` names). Dates are W3C date-times (format.ts formatW3).
 */
const text = z.string();
export const Open311Answers = {
  discovery: z.object({
    changeset: text,
    contact: text,
    key_service: text,
    endpoints: z.array(z.object({ specification: text, url: text, changeset: text, type: text, formats: z.array(text) })),
  }),
  services: z.array(
    z.object({ service_code: text, service_name: text, description: text, metadata: z.boolean(), type: z.literal('realtime'), keywords: text, group: text }),
  ),
  serviceDefinition: z.object({
    service_code: text,
    attributes: z.array(
      z.object({
        variable: z.boolean(),
        code: text,
        datatype: z.enum(['string', 'number', 'singlevaluelist']),
        required: z.boolean(),
        datatype_description: text.nullable(),
        order: z.number().int(),
        description: text,
        values: z.array(z.object({ key: text, name: text })).optional(),
      }),
    ),
  }),
  requests: z.array(
    z.object({
      service_request_id: text,
      status: z.enum(['open', 'closed']),
      status_notes: text.nullable(),
      service_name: text,
      service_code: text,
      description: text,
      agency_responsible: text,
      service_notice: text,
      requested_datetime: text,
      updated_datetime: text,
      expected_datetime: text.nullable(),
      address: text.nullable(),
      address_id: text.nullable(),
      zipcode: z.null(),
      lat: z.number().nullable(),
      long: z.number().nullable(),
      media_url: text.nullable(),
    }),
  ),
  filed: z.array(z.object({ service_request_id: text, service_notice: text, account_id: z.null() })),
  updates: z.array(
    z.object({ update_id: text, service_request_id: text, status: text, updated_datetime: text, description: text, media_url: z.null() }),
  ),
  /** Errors in the specification's shape (format.ts respondError), never the API's. */
  errors: z.array(z.object({ code: z.number().int(), description: text })),
};
