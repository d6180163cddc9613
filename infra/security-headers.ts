/**
 * The web app's security headers, in one place: CloudFront's response headers policy
 * (`infra/web.ts`) sends them in AWS and the local HTTP adapter sends the same locally.
 */

/**
 * Everything from our own origin, nothing inline; `connectSources` are the other origins the
 * pages may send requests to (the attachments' bucket, where the browser puts files).
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** HSTS max-age: two years (the preload lists' expectation; at least one year is required). */
export const HSTS_MAX_AGE_SECONDS = 730 * 24 * 60 * 60;

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** The same headers as plain HTTP headers, for the local server. */
export function webSecurityHeaders(connectSources: readonly string[] = []): Record<string, string> {
  return { ...WEB_SECURITY_HEADERS, 'content-security-policy': contentSecurityPolicy(connectSources) };
}

export const WEB_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': REFERRER_POLICY,
  'permissions-policy': PERMISSIONS_POLICY,
};
