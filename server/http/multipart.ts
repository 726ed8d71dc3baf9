import { ApiError } from './errors.ts';

/** What a multipart/form-data body may hold before it is handed to the parser. */
export interface MultipartLimits {
  /** Most parts (fields and files together). */
  maxParts: number;
  /** Most bytes of one part's headers (its field name and file name are in them). */
  maxHeaderBytes: number;
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const CLOSE = Buffer.from('--');

/** The multipart parser needs this as its own error: the caller answers it in its own words. */
export class MalformedMultipart extends Error {}

/**
 * Reads a multipart/form-data body, after counting its parts and measuring their headers in the
 * raw bytes. The platform's `formData()` has no limits of its own: half a million empty parts
 * (27 MB, under the photo body limit) kept the event loop busy for seconds, every other request
 * waiting. The count is a few `indexOf` calls over a body the body limit has already bounded, and
 * stops at the first part too many.
 *
 * Refuses with 413 past the limits; throws MalformedMultipart when the body cannot be a form.
 */
export async function readMultipartForm(req: Request, limits: MultipartLimits): Promise<FormData> {
  const type = req.headers.get('Content-Type') ?? '';
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(type);
  if (!boundary) throw new MalformedMultipart('no boundary');
  const body = Buffer.from(await req.arrayBuffer());
  checkParts(body, Buffer.from(`--${boundary[1] ?? boundary[2]}`), limits);
  try {
    return await new Response(body, { headers: { 'Content-Type': type } }).formData();
  } catch {
    throw new MalformedMultipart('unreadable');
  }
}

function checkParts(body: Buffer, delimiter: Buffer, limits: MultipartLimits) {
  let parts = 0;
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const after = at + delimiter.length;
    // A delimiter starts the body or a line (RFC 2046 §5.1.1); elsewhere the bytes are content.
    const startsLine = at === 0 || body.subarray(at - 2, at).equals(CRLF);
    if (startsLine) {
      if (body.subarray(after, after + 2).equals(CLOSE)) return;
      if (++parts > limits.maxParts) {
        throw new ApiError(413, 'payload_too_large', `A form may have at most ${limits.maxParts} parts`);
      }
      // The headers end within the limit, searched in a window of that size only.
      const headersEnd = body.subarray(after, after + 2 + limits.maxHeaderBytes + HEADERS_END.length).indexOf(HEADERS_END);
      if (headersEnd === -1 && body.length > after + 2 + limits.maxHeaderBytes) {
        throw new ApiError(413, 'payload_too_large', `The headers of a form part (its field name) may be at most ${limits.maxHeaderBytes} bytes`);
      }
    }
    at = body.indexOf(delimiter, after);
  }
}
