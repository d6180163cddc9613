/** Largest order body accepted: every field at its maximum length fits several times over. */
export const ORDER_MAX_BYTES = 256 * 1024;
export const ORDER_MAX_BYTES_DOC = '256 KiB';

/**
 * Requests one client IP may make to each public route per window, unless configured otherwise
 * (CDK context `apiRateLimit`, which also sets the WAF rule; `API_RATE_LIMIT` for the functions
 * and `npm start`; `startLocalStack({ apiRateLimit })`). `0` turns the app's limit off, and only
 * where it is set explicitly.
 */
export const API_RATE_LIMIT_DEFAULT = 300;

/** The window of that limit: the WAF rate rule's evaluation window (5 minutes). */
export const API_RATE_LIMIT_WINDOW_SECONDS = 300;

/** What a refused burst gets, from the WAF and from the app alike (`{ error: { code, message } }`). */
export const RATE_LIMITED_ERROR = {
  code: 'rate_limited',
  message: 'För många förfrågningar från din adress. Vänta några minuter och försök igen.',
} as const;

/** The header our CloudFront adds to every request it sends to the API, with a secret value. */
export const EDGE_ORIGIN_HEADER = 'x-vistelse-edge';
