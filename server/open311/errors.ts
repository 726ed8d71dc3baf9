/** Status codes the specification gives errors: 404 no such thing, 403 bad or missing api_key, 400 anything else. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
  }
}
