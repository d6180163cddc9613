import { variablesFor } from './env';

/**
 * The HTTP API's route table, used by the CDK app (one Lambda per route) and by the local
 * HTTP adapter (the same handler modules). `entry` is relative to the project root; each
 * module exports `handler`.
 */
export interface RouteDefinition {
  /** Stable id, used for the Lambda function's construct id. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway route path, e.g. `/api/orders` or `/api/cases/{id}`. */
  path: string;
  entry: string;
  /** Whether the route is public (the e-service) — public routes get rate limiting. */
  public: boolean;
}

export const ROUTES: readonly RouteDefinition[] = [
  { id: 'Health', method: 'GET', path: '/api/health', entry: 'functions/http/health.ts', public: true },
  { id: 'IntakeOptions', method: 'GET', path: '/api/intake/options', entry: 'functions/http/intake-options.ts', public: true },
  { id: 'SubmitOrder', method: 'POST', path: '/api/orders', entry: 'functions/http/submit-order.ts', public: true },
  { id: 'OpenApi', method: 'GET', path: '/api/openapi.json', entry: 'functions/http/openapi.ts', public: true },
];

/** Functions fed by the table's stream rather than HTTP. */
export const STREAM_FUNCTIONS = [
  { id: 'DispatchOutbox', entry: 'functions/stream/dispatch-outbox.ts' },
] as const;

/** Functions run on a schedule (EventBridge Scheduler in Europe/Stockholm; a timer locally). */
export const SCHEDULED_FUNCTIONS = [
  { id: 'RetryNotifications', entry: 'functions/scheduled/retry-notifications.ts', everyMinutes: 1 },
] as const;

/** Functions fed by an SQS queue: SES's delivery, bounce and complaint events (configuration set → SNS → SQS). */
export const QUEUE_FUNCTIONS = [
  { id: 'SesEvents', entry: 'functions/queue/ses-events.ts' },
] as const;

/** The environment every function gets (`functions/env.ts`' list is the one list of names). */
export const FUNCTION_ENV_KEYS = variablesFor('every function');
