import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_NAMESPACE, SERVICE_NAME, type MetricName } from './metric-names';

/**
 * Powertools for AWS Lambda, once per process: the logger (JSON lines with the function, its
 * request id, the correlation id and, where there is one, the case reference), the metrics (EMF,
 * one namespace), the tracer (X-Ray, on each function and SDK client). Their state is per
 * invocation — in Lambda one at a time, on the local stack (which runs many at once in one
 * process) each in its own InvokeStore context, as Lambda's concurrent runtime does.
 *
 * Nothing of a person goes into a line: callers log references, kinds and counts, never a body.
 */
export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: SERVICE_NAME,
  // Its own warnings in our log's shape; that an invocation had nothing to count (most do not) is no warning.
  logger: {
    debug: (...content: unknown[]) => logger.debug(String(content[0])),
    info: (...content: unknown[]) => logger.info(String(content[0])),
    warn: (...content: unknown[]) => (String(content[0]).startsWith('No application metrics to publish') ? undefined : logger.warn(String(content[0]))),
    error: (...content: unknown[]) => logger.error(String(content[0])),
  },
});
// The AWS SDK clients are captured one by one (`traced`); patching every HTTP request besides would count them twice.
export const tracer = new Tracer({ serviceName: SERVICE_NAME, captureHTTPsRequests: false });

/** Adds to a counter of this invocation (flushed as EMF when it ends); with dimensions, emitted on its own. */
export function count(name: MetricName, value = 1, dimensions?: Record<string, string>): void {
  if (!(value > 0)) return;
  if (!dimensions) {
    metrics.addMetric(name, MetricUnit.Count, value);
    return;
  }
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  single.addMetric(name, MetricUnit.Count, value);
}

/** A duration of this invocation, in milliseconds. */
export function duration(name: MetricName, ms: number): void {
  metrics.addMetric(name, MetricUnit.Milliseconds, Math.round(ms));
}

/** The correlation id of the invocation under way (the HTTP request's, the mail's, the job run's). */
export function correlationId(): string | undefined {
  const id = logger.getCorrelationId();
  return typeof id === 'string' ? id : undefined;
}

/** An AWS SDK v3 client with X-Ray subsegments for its calls (a no-op where tracing is off, as on the local stack). */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}
