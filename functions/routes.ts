import type { $ZodType } from 'zod/v4/core';
import { apiErrorBodySchema, healthSchema, intakeOptionsSchema, logoutSchema, meSchema, openApiDocumentSchema, orderReceiptSchema } from '../shared/api';
import { attachmentReadySchema, doneSchema, messageSentSchema, ordererActionSchema, ordererCaseSchema, threadSchema, uploadTicketSchema } from '../shared/messages';
import { actionResultSchema, auditLogSchema, caseResponseSchema, changeResultSchema, declinedSchema, inboxSchema, purgeLogSchema } from '../shared/portal';
import { caseExtraVisitsSchema, extraVisitReviewSchema } from '../shared/extra-visits';
import { outgoingListSchema, outgoingStayViewSchema } from '../shared/outgoing-stays';
import { caseTimeReportsSchema, invoiceBasisSchema, providerReportsSchema, reportsActionSchema } from '../shared/time-reports';
import { variablesFor } from './env';

/** An answer a route gives: what it means, the schema its JSON body satisfies, the headers it carries. */
export interface ResponseDefinition {
  description: string;
  /** The JSON body's schema; none for a redirect. */
  body?: $ZodType;
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
}

/**
 * The HTTP API's route table, used by the CDK app (one Lambda per route), by the local HTTP
 * adapter (the same handler modules), by the OpenAPI document (generated from it) and by the
 * local stack's check of every answer against its declared schema. `entry` is relative to the
 * project root; each module exports `handler`.
 */
export interface RouteDefinition {
  /** Stable id, used for the Lambda function's construct id. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway route path, e.g. `/api/orders` or `/api/cases/{id}`. */
  path: string;
  entry: string;
  /** Whether the route is public (the e-service, login) — public routes get rate limiting. */
  public: boolean;
  /**
   * `session`: the portal's routes, for logged-in staff only (`functions/http/middleware/portal-session.ts`);
   * `participant`: a case's messages, for its staff or its orderer (`participant-session.ts`);
   * `orderer`: the orderer's own routes, with a session for the case (`functions/http/orderer/route.ts`).
   */
  auth?: 'session' | 'participant' | 'orderer';
  summary: string;
  /** The answers the route gives besides `COMMON_RESPONSES`, by status. */
  responses: Record<number, ResponseDefinition>;
  /** What the request carries: an order (`POST /api/orders`), with an optional `Idempotency-Key`. */
  request?: 'order';
}

const retryAfter = (description: string) => ({ 'Retry-After': { description, schema: { type: 'integer', minimum: 1 } } });
const error = (description: string, headers?: ResponseDefinition['headers']): ResponseDefinition => ({ description, body: apiErrorBodySchema, ...(headers ? { headers } : {}) });

/** What any route may answer: the rate limit (public routes), and a failure of ours. */
export const COMMON_RESPONSES: Record<number, ResponseDefinition> = {
  429: error('Too many requests from this address (code rate_limited); retry later.', retryAfter('Seconds until the address may send again.')),
  500: error('Something went wrong on our side (code internal_error); nothing half-done was stored. Try again later.'),
};

/** The public e-service's routes: the contract other municipalities' systems integrate with (the OpenAPI document). */
export const INTAKE_ROUTES: readonly RouteDefinition[] = [
  {
    id: 'Health',
    method: 'GET',
    path: '/api/health',
    entry: 'functions/http/health.ts',
    public: true,
    summary: 'Liveness',
    responses: { 200: { description: 'The API answers.', body: healthSchema } },
  },
  {
    id: 'IntakeOptions',
    method: 'GET',
    path: '/api/intake/options',
    entry: 'functions/http/intake-options.ts',
    public: true,
    summary: 'What the e-service offers: providers, districts, insats types, scope units, rate periods',
    responses: { 200: { description: 'Options for building an order.', body: intakeOptionsSchema } },
  },
  {
    id: 'SubmitOrder',
    method: 'POST',
    path: '/api/orders',
    entry: 'functions/http/submit-order.ts',
    public: true,
    summary: 'Submit an order for a temporary stay',
    request: 'order',
    responses: {
      201: { description: 'Accepted; the case reference identifies it from now on.', body: orderReceiptSchema },
      400: error('Invalid order: every offending field is named by its dotted path. Nothing was stored.'),
      409: error(
        'A request with the same Idempotency-Key is still at work (code request_in_progress). Send the same request again after Retry-After seconds to get its answer.',
        retryAfter('Seconds to wait before sending the same request again.'),
      ),
      413: error('Body too large.'),
      415: error('Body is not JSON.'),
      422: error('Idempotency-Key reused with a different body.'),
    },
  },
  {
    id: 'OpenApi',
    method: 'GET',
    path: '/api/openapi.json',
    entry: 'functions/http/openapi.ts',
    public: true,
    summary: 'This description of the API (OpenAPI 3.1)',
    responses: { 200: { description: 'The OpenAPI document.', body: openApiDocumentSchema } },
  },
];

const redirect = (description: string): ResponseDefinition => ({ description, headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } } });

/** What every portal route may answer besides its own: no live session, a request without the session's CSRF token. */
export const PORTAL_RESPONSES: Record<number, ResponseDefinition> = {
  401: error('Not logged in, or the session has ended (code unauthenticated): log in again.'),
  403: error('Refused (code csrf_failed: a state-changing request without the session’s CSRF token, or from another origin; or forbidden: not for this person).'),
};

/** Staff login (OpenID Connect, done by the functions: the browser only ever holds the session cookie). */
export const AUTH_ROUTES: readonly RouteDefinition[] = [
  {
    id: 'AuthLogin',
    method: 'GET',
    path: '/api/auth/login',
    entry: 'functions/http/auth/login.ts',
    public: true,
    summary: 'Start a staff login (returnTo: the portal page to come back to)',
    responses: { 302: redirect('To the identity provider’s login page.') },
  },
  {
    id: 'AuthCallback',
    method: 'GET',
    path: '/api/auth/callback',
    entry: 'functions/http/auth/callback.ts',
    public: true,
    summary: 'The identity provider’s callback: the session starts here',
    responses: { 302: redirect('To the portal page the login set out for, or to the page that says why it failed.') },
  },
  {
    id: 'AuthLogout',
    method: 'POST',
    path: '/api/auth/logout',
    entry: 'functions/http/auth/logout.ts',
    public: false,
    auth: 'session',
    summary: 'End the session',
    responses: { 200: { description: 'Ended; where to end the identity provider’s session too.', body: logoutSchema }, ...PORTAL_RESPONSES },
  },
  {
    id: 'AuthMe',
    method: 'GET',
    path: '/api/auth/me',
    entry: 'functions/http/auth/me.ts',
    public: false,
    auth: 'session',
    summary: 'Who is logged in',
    responses: { 200: { description: 'The person, their role and organisation, and the CSRF token.', body: meSchema }, ...PORTAL_RESPONSES },
  },
];

const file = (contentType: string, description: string): ResponseDefinition => ({
  description,
  headers: {
    'Content-Type': { description: contentType, schema: { type: 'string' } },
    'Content-Disposition': { description: 'attachment; filename="<the file’s name>"', schema: { type: 'string' } },
  },
});
const notFound = error('No such case for this person (code not_found): a case one may not see answers as one that does not exist.');
const conflict = error('The case or assignment changed meanwhile (code conflict): read it again.');
const formErrors = {
  400: error('Invalid input: every offending field is named by its path.'),
  413: error('Body too large.'),
  415: error('Body is not JSON.'),
};
const portal = (route: Omit<RouteDefinition, 'public' | 'auth'>): RouteDefinition => ({
  ...route,
  public: false,
  auth: 'session',
  responses: { ...route.responses, ...PORTAL_RESPONSES },
});
const action = (id: string, path: string, entry: string, summary: string, body: $ZodType = actionResultSchema) =>
  portal({ id, method: 'POST', path, entry, summary, responses: { 200: { description: 'Done; the case as it is now.', body }, 404: notFound, 409: conflict, ...formErrors } });

/** The staff portal's routes: for a logged-in person only, each use case deciding by the access policy. */
export const PORTAL_ROUTES: readonly RouteDefinition[] = [
  portal({ id: 'PortalInbox', method: 'GET', path: '/api/portal/inbox', entry: 'functions/http/portal/inbox.ts', summary: 'The person’s list of cases, by filter', responses: { 200: { description: 'The list.', body: inboxSchema } } }),
  portal({ id: 'PortalCase', method: 'GET', path: '/api/portal/cases/{reference}', entry: 'functions/http/portal/case.ts', summary: 'A case as the person may see it', responses: { 200: { description: 'The case.', body: caseResponseSchema }, 404: notFound } }),
  portal({ id: 'PortalAudit', method: 'GET', path: '/api/portal/cases/{reference}/audit', entry: 'functions/http/portal/audit.ts', summary: 'Who read the case’s personal data', responses: { 200: { description: 'The audit log.', body: auditLogSchema }, 404: notFound } }),
  portal({ id: 'PurgeLog', method: 'GET', path: '/api/portal/purge-log', entry: 'functions/http/portal/purge-log.ts', summary: 'Gallringslogg: the cases of the unit head’s unit purged, and what went', responses: { 200: { description: 'The purge log.', body: purgeLogSchema }, 403: error('Not a unit head (code forbidden).') } }),
  action('PortalRelease', '/api/portal/cases/{reference}/assignments/{insats}/release', 'functions/http/portal/release.ts', 'Enhetschefen är informerad: send a held assignment'),
  action('PortalConfirm', '/api/portal/cases/{reference}/assignments/{insats}/confirm', 'functions/http/portal/confirm.ts', 'Bekräfta uppdraget'),
  action('PortalRecordStart', '/api/portal/cases/{reference}/assignments/{insats}/start', 'functions/http/portal/start.ts', 'Insatsen har startat / Larmet är installerat'),
  action('PortalDecline', '/api/portal/cases/{reference}/assignments/{insats}/decline', 'functions/http/portal/decline.ts', 'Avböj uppdraget', declinedSchema),
  action('PortalReassign', '/api/portal/cases/{reference}/reassign', 'functions/http/portal/reassign.ts', 'Give the case to another caseworker of the unit'),
  action('PortalRegistered', '/api/portal/cases/{reference}/registered', 'functions/http/portal/registered.ts', 'Registrerad i verksamhetssystemet'),
  action('PortalRequestCompletion', '/api/portal/cases/{reference}/completion', 'functions/http/portal/completion.ts', 'Begär komplettering'),
  action('PortalReportStayEnd', '/api/portal/cases/{reference}/stay-end', 'functions/http/portal/stay-end.ts', 'Vistelsen har avslutats (a provider of the case)'),
  action('PortalCancelOrder', '/api/portal/cases/{reference}/cancel', 'functions/http/portal/cancel.ts', 'Avbryt beställningen (the case’s caseworker or unit head)'),
  portal({ id: 'PortalExtraVisits', method: 'GET', path: '/api/portal/cases/{reference}/extra-visits', entry: 'functions/http/portal/extra-visits/list.ts', summary: 'The case’s extra visits (Extrabesök) as the person may see them', responses: { 200: { description: 'The extra visits.', body: caseExtraVisitsSchema }, 403: error('Not one who works with the case (code forbidden).'), 404: notFound } }),
  portal({ id: 'PortalRegisterExtraVisit', method: 'POST', path: '/api/portal/cases/{reference}/extra-visits', entry: 'functions/http/portal/extra-visits/register.ts', summary: 'Registrera extrabesök (the provider of a confirmed insats)', responses: { 201: { description: 'Registered; the case’s extra visits now.', body: caseExtraVisitsSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalReviewExtraVisit', method: 'POST', path: '/api/portal/cases/{reference}/extra-visits/{extra}/review', entry: 'functions/http/portal/extra-visits/review.ts', summary: 'Godkänn, Avslå or Fråga: the caseworker’s review of an extra visit', responses: { 200: { description: 'Reviewed; the case’s extra visits now.', body: caseExtraVisitsSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalAnswerExtraVisit', method: 'POST', path: '/api/portal/cases/{reference}/extra-visits/{extra}/answer', entry: 'functions/http/portal/extra-visits/answer.ts', summary: 'The provider’s answer to a question about an extra visit', responses: { 200: { description: 'Answered; the case’s extra visits now.', body: caseExtraVisitsSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalExtraAgreement', method: 'POST', path: '/api/portal/cases/{reference}/extra-agreements', entry: 'functions/http/portal/extra-visits/agree.ts', summary: 'Överenskommelse om extrainsats: the caseworker records that an insats may be done as extra for a while', responses: { 201: { description: 'Recorded; the case’s extra visits and agreements now.', body: caseExtraVisitsSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalOutgoingList', method: 'GET', path: '/api/portal/outgoing-stays', entry: 'functions/http/portal/outgoing/list.ts', summary: 'The unit’s outgoing stays (we the home municipality) with their waiting reports', responses: { 200: { description: 'The list.', body: outgoingListSchema } } }),
  portal({ id: 'PortalRegisterOutgoingStay', method: 'POST', path: '/api/portal/outgoing-stays', entry: 'functions/http/portal/outgoing/register.ts', summary: 'Ny utgående vistelse', responses: { 201: { description: 'Registered; the outgoing stay.', body: outgoingStayViewSchema }, 403: error('Not a caseworker or unit head (code forbidden).'), ...formErrors } }),
  portal({ id: 'PortalOutgoingRead', method: 'GET', path: '/api/portal/outgoing-stays/{reference}', entry: 'functions/http/portal/outgoing/read.ts', summary: 'An outgoing stay as the person may see it', responses: { 200: { description: 'The outgoing stay.', body: outgoingStayViewSchema }, 404: notFound } }),
  portal({ id: 'PortalOutgoingOrderPdf', method: 'GET', path: '/api/portal/outgoing-stays/{reference}/order.pdf', entry: 'functions/http/portal/outgoing/order-pdf.ts', summary: 'The outgoing stay’s order as a PDF (personal data: for those who work with it)', responses: { 200: file('application/pdf', 'The PDF file.'), 403: error('Not one who works with the stay (code forbidden).'), 404: notFound } }),
  portal({ id: 'PortalOutgoingSent', method: 'POST', path: '/api/portal/outgoing-stays/{reference}/sent', entry: 'functions/http/portal/outgoing/sent.ts', summary: 'Beställning skickad: how and when', responses: { 200: { description: 'Recorded; the outgoing stay.', body: outgoingStayViewSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalOutgoingConfirmation', method: 'POST', path: '/api/portal/outgoing-stays/{reference}/confirmation', entry: 'functions/http/portal/outgoing/confirmation.ts', summary: 'The stay municipality’s confirmation and start date', responses: { 200: { description: 'Recorded; the outgoing stay.', body: outgoingStayViewSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalOutgoingEnd', method: 'POST', path: '/api/portal/outgoing-stays/{reference}/end', entry: 'functions/http/portal/outgoing/end.ts', summary: 'Vistelsen avslutad: ended before its planned last day, or it never came about (the later months no longer expected)', responses: { 200: { description: 'Recorded; the outgoing stay.', body: outgoingStayViewSchema }, 403: error('Not one who works with the stay (code forbidden).'), 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalOutgoingReportReceived', method: 'POST', path: '/api/portal/outgoing-stays/{reference}/reports/{insats}/{month}/received', entry: 'functions/http/portal/outgoing/report-received.ts', summary: 'Tidrapport mottagen, with the month’s quantity', responses: { 200: { description: 'Recorded; the outgoing stay.', body: outgoingStayViewSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalOutgoingInvoice', method: 'POST', path: '/api/portal/outgoing-stays/{reference}/reports/{insats}/{month}/invoice', entry: 'functions/http/portal/outgoing/invoice.ts', summary: 'The incoming invoice’s amount for the month, checked against the report at our rate', responses: { 200: { description: 'Recorded; the outgoing stay.', body: outgoingStayViewSchema }, 404: notFound, 409: conflict, ...formErrors } }),
  portal({ id: 'PortalExtraVisitReview', method: 'GET', path: '/api/portal/extra-visits', entry: 'functions/http/portal/extra-visits/to-review.ts', summary: 'Extrabesök att granska: the caseworker’s undecided extra visits, oldest first', responses: { 200: { description: 'The list.', body: extraVisitReviewSchema }, 403: error('Not a caseworker or unit head (code forbidden).') } }),
  action('PortalChangeOrder', '/api/portal/cases/{reference}/change', 'functions/http/portal/change.ts', 'Ändra beställningen (the case’s caseworker or unit head): the stay’s days and the insatser, naming the version changed', changeResultSchema),
  action('PortalChangeConfirmation', '/api/portal/cases/{reference}/assignments/{insats}/confirm-change', 'functions/http/portal/confirm-change.ts', 'Bekräfta ändringen (the provider of a confirmed assignment)'),
];

const reportAction = (id: string, path: string, entry: string, summary: string) =>
  portal({ id, method: 'POST', path, entry, summary, responses: { 200: { description: 'Done; the case’s reports as they are now.', body: reportsActionSchema }, 404: notFound, 409: conflict, ...formErrors } });

/** Monthly time reports (the provider's, reconciled by the caseworker) and the invoice basis (the economy assistant's). */
export const REPORT_ROUTES: readonly RouteDefinition[] = [
  portal({ id: 'ProviderTimeReports', method: 'GET', path: '/api/portal/time-reports', entry: 'functions/http/reports/provider-list.ts', summary: 'Tidrapporter: a provider’s reports not yet approved, across its cases, earliest due first', responses: { 200: { description: 'The list.', body: providerReportsSchema }, 403: error('Not a provider’s staff (code forbidden).') } }),
  portal({ id: 'TimeReports', method: 'GET', path: '/api/portal/cases/{reference}/time-reports', entry: 'functions/http/reports/list.ts', summary: 'The case’s monthly time reports as the person may see them', responses: { 200: { description: 'The reports.', body: caseTimeReportsSchema }, 404: notFound } }),
  reportAction('TimeReportSubmit', '/api/portal/cases/{reference}/time-reports/{insats}/{month}', 'functions/http/reports/submit.ts', 'Skicka tidrapporten: a month’s report (a new version after a return)'),
  reportAction('TimeReportReview', '/api/portal/cases/{reference}/time-reports/{insats}/{month}/review', 'functions/http/reports/review.ts', 'Godkänn or Skicka tillbaka: the caseworker’s reconciliation'),
  portal({ id: 'InvoiceBasisView', method: 'GET', path: '/api/portal/invoice-basis', entry: 'functions/http/invoicing/basis.ts', summary: 'The invoice basis of a month (?month=YYYY-MM), per home municipality; no personal data', responses: { 200: { description: 'The invoice basis (öre).', body: invoiceBasisSchema }, 400: error('The month is missing or not YYYY-MM.'), 403: error('Not an economy assistant or fee administrator (code forbidden).') } }),
  portal({ id: 'InvoiceBasisCsv', method: 'GET', path: '/api/portal/invoice-basis/csv', entry: 'functions/http/invoicing/csv.ts', summary: 'The invoice basis as CSV for Swedish Excel (semicolon, decimal comma, UTF-8 with BOM)', responses: { 200: file('text/csv; charset=utf-8', 'The CSV file.'), 400: error('The month is missing or not YYYY-MM.'), 403: error('Not an economy assistant or fee administrator (code forbidden).') } }),
  portal({ id: 'InvoiceBasisPdf', method: 'GET', path: '/api/portal/invoice-basis/pdf', entry: 'functions/http/invoicing/pdf.ts', summary: 'The invoice basis as a printable PDF', responses: { 200: file('application/pdf', 'The PDF file.'), 400: error('The month is missing or not YYYY-MM.'), 403: error('Not an economy assistant or fee administrator (code forbidden).') } }),
];

const withSession = (auth: 'participant' | 'orderer', route: Omit<RouteDefinition, 'public' | 'auth'>): RouteDefinition => ({
  ...route,
  public: false,
  auth,
  responses: { ...route.responses, ...PORTAL_RESPONSES },
});
const fileNotFound = error('No such file for this person (code not_found).');

/** A case's secure messages, for its staff (portal session) and its orderer (a session opened with a one-time code). */
export const MESSAGE_ROUTES: readonly RouteDefinition[] = [
  withSession('participant', {
    id: 'MessagesThread',
    method: 'GET',
    path: '/api/cases/{reference}/messages',
    entry: 'functions/http/messages/thread.ts',
    summary: 'The case’s messages as this person sees them (reading them is audited and receipted)',
    responses: { 200: { description: 'The thread.', body: threadSchema }, 404: notFound },
  }),
  withSession('participant', {
    id: 'MessagesSend',
    method: 'POST',
    path: '/api/cases/{reference}/messages',
    entry: 'functions/http/messages/send.ts',
    summary: 'Skicka: a message, with files checked before (Idempotency-Key)',
    responses: {
      201: { description: 'Sent; the thread as it is now.', body: messageSentSchema },
      404: notFound,
      409: error('A file given was sent meanwhile, a request with the same Idempotency-Key is still at work (code request_in_progress), or the case is purged (code conflict).'),
      422: error('Idempotency-Key reused with a different message.'),
      ...formErrors,
    },
  }),
  withSession('participant', {
    id: 'MessagesStartUpload',
    method: 'POST',
    path: '/api/cases/{reference}/attachments',
    entry: 'functions/http/messages/start-upload.ts',
    summary: 'Bifoga fil: where the browser puts the file (a presigned request, minutes)',
    responses: { 201: { description: 'Put the file with this request, then have it checked.', body: uploadTicketSchema }, 404: notFound, 409: error('The case is purged: nothing more can be attached (code conflict).'), ...formErrors },
  }),
  withSession('participant', {
    id: 'MessagesCheckUpload',
    method: 'POST',
    path: '/api/cases/{reference}/attachments/{attachment}/check',
    entry: 'functions/http/messages/check-upload.ts',
    summary: 'The uploaded file checked by size and content; refused files are deleted',
    responses: { 200: { description: 'Checked: ready to go with a message.', body: attachmentReadySchema }, 404: fileNotFound, ...formErrors },
  }),
  withSession('participant', {
    id: 'MessagesDownload',
    method: 'GET',
    path: '/api/cases/{reference}/attachments/{attachment}',
    entry: 'functions/http/messages/download.ts',
    summary: 'Download a file (audited): to a presigned link that holds a minute',
    responses: {
      302: redirect('To the file, for a minute.'),
      404: fileNotFound,
      409: error('Not served: the malware scan is not done (scan_pending, Retry-After), found a threat (malware_found) or failed (scan_failed).'),
    },
  }),
];

/** The orderer's way in: a one-time code to the order's address, a short session for that case. */
export const ORDERER_ROUTES: readonly RouteDefinition[] = [
  {
    id: 'OrdererSendCode',
    method: 'POST',
    path: '/api/orderer/cases/{reference}/code',
    entry: 'functions/http/orderer/send-code.ts',
    public: true,
    summary: 'Send a one-time code to the address the order came from',
    responses: {
      202: { description: 'Sent, if the case exists (the answer is the same either way).', body: doneSchema },
      400: error('Invalid body.'),
      413: error('Body too large.'),
      415: error('Body is not JSON.'),
    },
  },
  {
    id: 'OrdererOpen',
    method: 'POST',
    path: '/api/orderer/cases/{reference}/session',
    entry: 'functions/http/orderer/open.ts',
    public: true,
    summary: 'Öppna ärendet with the Engångskod: a 30-minute session for this case (cookie)',
    responses: {
      200: { description: 'Opened; the session cookie is set.', body: doneSchema },
      400: error('Wrong, expired, used or blocked code: the issue names `code`.'),
      413: error('Body too large.'),
      415: error('Body is not JSON.'),
    },
  },
  withSession('orderer', {
    id: 'OrdererCase',
    method: 'GET',
    path: '/api/orderer/cases/{reference}',
    entry: 'functions/http/orderer/case.ts',
    summary: 'The case as its orderer sees it: status, handler, confirmations',
    responses: { 200: { description: 'The case and the session’s CSRF token.', body: ordererCaseSchema }, 404: notFound },
  }),
  withSession('orderer', {
    id: 'OrdererReportStayEnd',
    method: 'POST',
    path: '/api/orderer/cases/{reference}/stay-end',
    entry: 'functions/http/orderer/stay-end.ts',
    summary: 'Vistelsen har avslutats: the orderer reports the stay’s last day',
    responses: {
      200: { description: 'Ended; the case as the orderer sees it now.', body: ordererActionSchema },
      409: error('The stay is already ended (code conflict).'),
      ...formErrors,
    },
  }),
  withSession('orderer', {
    id: 'OrdererCancelOrder',
    method: 'POST',
    path: '/api/orderer/cases/{reference}/cancel',
    entry: 'functions/http/orderer/cancel.ts',
    summary: 'Avbryt beställningen with Skäl, by the orderer',
    responses: {
      200: { description: 'Cancelled; the case as the orderer sees it now.', body: ordererActionSchema },
      409: error('The order is already ended or cancelled (code conflict).'),
      ...formErrors,
    },
  }),
  withSession('orderer', {
    id: 'OrdererChangeOrder',
    method: 'POST',
    path: '/api/orderer/cases/{reference}/change',
    entry: 'functions/http/orderer/change.ts',
    summary: 'Ändra beställningen, by the orderer: the stay’s days and the insatser (descriptions kept by row, or written anew)',
    responses: {
      200: { description: 'Changed; the case as the orderer sees it now.', body: ordererActionSchema },
      409: error('The order is ended, or was changed since the version named (code conflict).'),
      ...formErrors,
    },
  }),
  withSession('orderer', {
    id: 'OrdererLogout',
    method: 'POST',
    path: '/api/orderer/cases/{reference}/logout',
    entry: 'functions/http/orderer/logout.ts',
    summary: 'Close the case: the orderer’s session ends',
    responses: { 200: { description: 'Closed.', body: doneSchema } },
  }),
];

/** Every route of the HTTP API: one function each (CDK), served by the local adapter alike. */
export const ROUTES: readonly RouteDefinition[] = [...INTAKE_ROUTES, ...AUTH_ROUTES, ...PORTAL_ROUTES, ...REPORT_ROUTES, ...MESSAGE_ROUTES, ...ORDERER_ROUTES];

/**
 * API Gateway's `$default` route: every request no route matches, answered with the project's
 * error body (`404 not_found`, `405 method_not_allowed` with `Allow`) instead of API Gateway's own
 * `{"message":"Not Found"}` — in AWS as locally, where the adapter hands such requests to the same handler.
 */
export const DEFAULT_ROUTE = {
  id: 'NotFound',
  entry: 'functions/http/not-found.ts',
  responses: {
    404: error('No such address in the API (code not_found).'),
    405: error('The address exists, but not for this method (code method_not_allowed); Allow lists the methods it takes.'),
  } satisfies Record<number, ResponseDefinition>,
} as const;

/** Functions fed by the table's stream rather than HTTP. */
export const STREAM_FUNCTIONS = [
  { id: 'DispatchOutbox', entry: 'functions/stream/dispatch-outbox.ts' },
] as const;

/** Functions run on a schedule (EventBridge Scheduler in Europe/Stockholm; a timer locally). */
export const SCHEDULED_FUNCTIONS = [
  { id: 'RetryNotifications', job: 'retry-notifications', entry: 'functions/scheduled/retry-notifications.ts', everyMinutes: 1 },
  { id: 'ChaseConfirmations', job: 'chase-confirmations', entry: 'functions/scheduled/chase-confirmations.ts', everyMinutes: 15 },
  /** Daily at 07:00 Swedish time on weekdays; on a holiday the job itself does nothing (the working-day calendar). */
  // Up to Lambda's 15 minutes: a month-end run may chase thousands (10,000 took 27 s on DynamoDB Local); its lease outlasts it.
  { id: 'ChaseTimeReports', job: 'chase-time-reports', entry: 'functions/scheduled/chase-time-reports.ts', dailyAt: '07:00', weekdaysOnly: true, timeoutSeconds: 900 },
  /** Daily after midnight: stays whose last day has passed end (`Vistelsen har avslutats` by the end date). */
  { id: 'CloseStays', job: 'close-stays', entry: 'functions/scheduled/close-stays.ts', dailyAt: '00:30' },
  /** Each working day: the weekly reminder of extra visits waiting for their review, and questions unanswered after a week (seed 004). */
  /** Each working day: the time reports we wait for from the stay municipalities of our outgoing stays (the same ladder as our own). */
  { id: 'ChaseOutgoingReports', job: 'chase-outgoing-reports', entry: 'functions/scheduled/chase-outgoing-reports.ts', dailyAt: '07:00', weekdaysOnly: true },
  { id: 'ChaseExtraVisits', job: 'chase-extra-visits', entry: 'functions/scheduled/chase-extra-visits.ts', dailyAt: '07:00', weekdaysOnly: true },
  /** Daily at night: gallring of the cases closed longer than the profile's retention (seed 000); up to Lambda's 15 minutes, the next night takes what is left. */
  { id: 'Purge', job: 'purge', entry: 'functions/scheduled/purge.ts', dailyAt: '01:00', timeoutSeconds: 900 },
] as const;

/** When a scheduled function runs: every few minutes, or daily at a Swedish time (weekdays only, perhaps). */
export type ScheduleOf = { everyMinutes: number } | { dailyAt: string; weekdaysOnly?: boolean };
export function scheduleOf(fn: (typeof SCHEDULED_FUNCTIONS)[number]): ScheduleOf {
  return fn as ScheduleOf;
}
/** How long a scheduled function may run, in seconds: in AWS (CDK) and in the local stack alike. */
export function scheduledTimeoutSeconds(fn: (typeof SCHEDULED_FUNCTIONS)[number]): number {
  return (fn as { timeoutSeconds?: number }).timeoutSeconds ?? 60;
}

/** "every 15 min", "daily 07:00 Mon–Fri". */
export function scheduleText(fn: (typeof SCHEDULED_FUNCTIONS)[number]): string {
  const s = scheduleOf(fn);
  return 'everyMinutes' in s ? `every ${s.everyMinutes} min` : `daily ${s.dailyAt}${s.weekdaysOnly ? ' Mon–Fri' : ''} (Europe/Stockholm)`;
}

/** A scheduled job's name, as `npm run job -- <name>` takes it. */
export type JobName = (typeof SCHEDULED_FUNCTIONS)[number]['job'];

/** Functions fed by an SQS queue: SES's delivery, bounce and complaint events (configuration set → SNS → SQS). */
export const QUEUE_FUNCTIONS = [
  { id: 'SesEvents', entry: 'functions/queue/ses-events.ts' },
] as const;

/** The environment every function gets (`functions/env.ts`' list is the one list of names). */
export const FUNCTION_ENV_KEYS = variablesFor('every function');

/**
 * The route a request's method and path go to, or why none does: `405` with the methods the path
 * takes, or `404`. `HEAD` is served by a `GET` route, as API Gateway does.
 */
export function matchRoute(
  routes: readonly RouteDefinition[],
  method: string,
  path: string,
): { route: RouteDefinition; pathParameters: Record<string, string> } | { status: 404 } | { status: 405; allow: string[] } {
  const candidates = routes.map((route) => ({ route, pathParameters: matchPath(route.path, path) })).filter((c) => c.pathParameters !== undefined);
  const match = candidates.find((c) => c.route.method === method || (method === 'HEAD' && c.route.method === 'GET'));
  if (match) return { route: match.route, pathParameters: match.pathParameters! };
  if (candidates.length > 0) return { status: 405, allow: [...new Set(candidates.map((c) => c.route.method))] };
  return { status: 404 };
}

/** Matches `/api/cases/{id}` style paths; returns the path parameters or undefined. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const m = /^\{(\w+)\}$/.exec(p[i]);
    if (m) {
      try {
        params[m[1]] = decodeURIComponent(a[i]);
      } catch {
        return undefined;
      }
    } else if (p[i] !== a[i]) return undefined;
  }
  return params;
}
