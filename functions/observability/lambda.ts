import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { holdsPersonIdentity } from '../../shared/personnummer';
import { count, duration, logger, metrics, tracer } from './telemetry';
import { DIMENSION, METRIC } from './metric-names';

/** What an invocation is known by in its lines: the correlation id and any keys of its own (the case reference, the job). */
interface Correlation {
  correlationId: string;
  keys?: Record<string, string>;
}

/**
 * A function observed the same way, whatever triggers it: X-Ray around the handler (its response
 * never captured: it can hold personal data), the Lambda context in every log line, the
 * invocation's metrics flushed as EMF when it ends, and its correlation id set first.
 */
export function observedFunction<TEvent, TResult>(correlate: (event: TEvent, context: Context) => Correlation): middy.MiddyfiedHandler<TEvent, TResult, Error, Context> {
  const observed = middy<TEvent, TResult>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use({
      before: (request) => {
        const { correlationId, keys } = correlate(request.event, request.context);
        logger.setCorrelationId(correlationId);
        if (keys) logger.appendKeys(keys);
      },
    });
  // Powertools' middlewares are typed for any event: the chain keeps its own.
  return observed as unknown as middy.MiddyfiedHandler<TEvent, TResult, Error, Context>;
}

/** A correlation id a client may send (`X-Correlation-Id`): letters, digits and `._:-`, 8–100 of them; anything else is ignored. */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{8,100}$/;

/** A case or an outgoing stay's reference in a path (`TV-2026-00042`, `UV-2026-00001`); nothing else is logged of a path. */
const REFERENCE_PATTERN = /^[A-Z]{2}-\d{4}-\d{5}$/;

interface HttpEventShape {
  headers?: Record<string, string | undefined>;
  requestContext?: { requestId?: string };
  pathParameters?: Record<string, string | undefined>;
  routeKey?: string;
}

/**
 * A caller's correlation id we take: well-formed, and no personnummer or samordningsnummer in it
 * (it goes into every line). Digits only shaped like one are fine: about one random UUID in fifty
 * has a run such as `123456-7890`, and a caller's UUID must come back as sent.
 */
export function acceptedCorrelationId(sent: string | undefined): string | undefined {
  return sent && CORRELATION_ID_PATTERN.test(sent) && !holdsPersonIdentity(sent) ? sent : undefined;
}

/** An HTTP request's correlation: the client's `X-Correlation-Id` if we take it, else API Gateway's request id. */
export function httpCorrelation(event: HttpEventShape, context: Context): Correlation {
  const sent = acceptedCorrelationId(event.headers?.['x-correlation-id']);
  const reference = event.pathParameters?.reference ? decodeURIComponent(event.pathParameters.reference) : undefined;
  return {
    correlationId: sent ?? event.requestContext?.requestId ?? context.awsRequestId,
    keys: { ...(event.routeKey ? { route: event.routeKey } : {}), ...(reference && REFERENCE_PATTERN.test(reference) ? { case_reference: reference } : {}) },
  };
}

/**
 * A stream batch's correlation: the one correlation id its outbox records were written under, if
 * they share one; else the invocation's own (each mail's line still carries its own).
 */
export function streamCorrelation(event: { Records?: { dynamodb?: { NewImage?: Record<string, { S?: string }> } }[] }, context: Context): Correlation {
  const ids = new Set((event.Records ?? []).map((r) => r.dynamodb?.NewImage?.correlationId?.S).filter((id): id is string => Boolean(id)));
  return { correlationId: ids.size === 1 ? [...ids][0]! : context.awsRequestId };
}

/** An SQS batch's correlation (SES events: each event's line carries the correlation id its mail was sent under). */
export function queueCorrelation(_event: unknown, context: Context): Correlation {
  return { correlationId: context.awsRequestId };
}

/** A scheduled job's correlation: the job and the time it runs as of, the same for a rerun `--at` that time. */
export function jobCorrelation(job: string) {
  return (event: { scheduledTime?: string } | undefined): Correlation => ({
    correlationId: `${job}@${event?.scheduledTime ?? new Date().toISOString()}`,
    keys: { job },
  });
}

/** What a job's run did, in counts: `steps` (a chaser's steps taken) and `purged` (cases purged) are measured too. */
export type JobSummary = Record<string, number> & { steps?: number; purged?: number };

/**
 * A scheduled job: observed, its correlation the job and its time, and each run counted and timed
 * (`JobRuns`, `JobDuration` by `Job`: the alarms for a job that did not run, or ran too long), its
 * chaser steps (`ChaserSteps`) and purges (`CasesPurged`) from its result.
 */
export function jobFunction<TEvent extends { scheduledTime?: string } | undefined, TResult>(job: string, summarize: (result: TResult) => JobSummary = () => ({})) {
  const started = new WeakMap<object, number>();
  return observedFunction<TEvent, TResult>(jobCorrelation(job)).use({
    before: (request) => {
      started.set(request, performance.now());
      metrics.addDimension(DIMENSION.job, job);
      logger.info('job started', { scheduled_time: request.event?.scheduledTime });
    },
    after: (request) => {
      const ms = performance.now() - (started.get(request) ?? performance.now());
      const summary = summarize(request.response as TResult);
      count(METRIC.jobRuns);
      duration(METRIC.jobDuration, ms);
      count(METRIC.chaserSteps, summary.steps ?? 0);
      count(METRIC.casesPurged, summary.purged ?? 0);
      logger.info('job ran', { duration_ms: Math.round(ms), ...summary });
    },
    onError: (request) => {
      logger.error('job failed', { duration_ms: Math.round(performance.now() - (started.get(request) ?? performance.now())), error: request.error?.name ?? 'Error' });
    },
  });
}
