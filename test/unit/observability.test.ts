import { describe, expect, it } from 'vitest';
import { sesTagValue } from '../../functions/adapters/ses-mailer';
import { acceptedCorrelationId, httpCorrelation, jobCorrelation } from '../../functions/observability/lambda';
import { readableLine } from '../../infra/local/readable-logs';
import { lambdaContext } from '../../infra/local/lambda-context';

describe('the correlation id', () => {
  it('takes a caller’s X-Correlation-Id only when well-formed and no personnummer or samordningsnummer is in it', () => {
    expect(acceptedCorrelationId('3f2c9a1e-7b4d-4c2a-9e1f-8a7b6c5d4e3f')).toBe('3f2c9a1e-7b4d-4c2a-9e1f-8a7b6c5d4e3f');
    expect(acceptedCorrelationId('19480930-1130')).toBeUndefined();
    expect(acceptedCorrelationId('trace-480930+1130')).toBeUndefined();
    expect(acceptedCorrelationId('x-194809301130-y')).toBeUndefined();
    // Digits only shaped like one (month 34) are no personnummer: about one random UUID in fifty has such a run, and it comes back as sent.
    expect(acceptedCorrelationId('ab123456-7890-4abc-9def-0123456789ab')).toBe('ab123456-7890-4abc-9def-0123456789ab');
    expect(acceptedCorrelationId('4c2a9e1f-3f2c-4b4d-9e1f-0123456789ab')).toBe('4c2a9e1f-3f2c-4b4d-9e1f-0123456789ab');
    expect(acceptedCorrelationId('ärende 1')).toBeUndefined();
    expect(acceptedCorrelationId('short')).toBeUndefined();
    expect(acceptedCorrelationId('x'.repeat(101))).toBeUndefined();
  });

  it('of an HTTP request: the caller’s, else API Gateway’s request id; the route and a case reference of the path as keys', () => {
    const context = lambdaContext('PortalCase');
    const event = { headers: {}, requestContext: { requestId: 'gw-request-1' }, routeKey: 'GET /api/portal/cases/{reference}', pathParameters: { reference: 'TV-2026-00042' } };
    expect(httpCorrelation(event, context)).toEqual({ correlationId: 'gw-request-1', keys: { route: 'GET /api/portal/cases/{reference}', case_reference: 'TV-2026-00042' } });
    expect(httpCorrelation({ ...event, headers: { 'x-correlation-id': 'caller-abc-123' } }, context).correlationId).toBe('caller-abc-123');
    // A path parameter that is no reference is not logged.
    expect(httpCorrelation({ ...event, pathParameters: { reference: '194809301130' } }, context).keys).toEqual({ route: 'GET /api/portal/cases/{reference}' });
  });

  it('of a job run: the job and the time it runs as of, the same for a rerun --at that time', () => {
    expect(jobCorrelation('purge')({ scheduledTime: '2027-01-04T00:00:00.000Z' })).toEqual({ correlationId: 'purge@2027-01-04T00:00:00.000Z', keys: { job: 'purge' } });
  });

  it('goes into SES’s tags in the characters SES takes', () => {
    expect(sesTagValue('purge@2027-01-04T00:00:00.000Z')).toBe('purge_2027-01-04T00_00_00_000Z');
    expect(sesTagValue('a'.repeat(300))).toHaveLength(256);
  });
});

describe('npm start’s readable lines', () => {
  it('a log line: time, level, function, message, its keys, the correlation id last', () => {
    const line = JSON.stringify({ level: 'WARN', message: 'answered', timestamp: '2026-12-07T09:35:01.641Z', service: 'vistelse', function_name: 'SubmitOrder', function_request_id: 'r1', correlation_id: 'c-12345678', status: 400, fields: ['person'] });
    expect(readableLine(line)).toBe('09:35:01  WARN    SubmitOrder  answered  status=400  fields=["person"]  correlation_id=c-12345678');
  });

  it('an EMF blob: its metrics summed and its dimensions', () => {
    const blob = JSON.stringify({ _aws: { Timestamp: Date.parse('2026-12-07T09:35:02Z'), CloudWatchMetrics: [{ Namespace: 'Vistelse', Dimensions: [['service', 'Job']], Metrics: [{ Name: 'JobRuns', Unit: 'Count' }, { Name: 'JobDuration', Unit: 'Milliseconds' }] }] }, service: 'vistelse', Job: 'purge', JobRuns: 1, JobDuration: [120, 30] });
    expect(readableLine(blob)).toBe('09:35:02  METRIC  Vistelse  JobRuns=1  JobDuration=150 ms  (Job=purge)');
  });

  it('leaves other lines as they are', () => {
    expect(readableLine('Starting Vistelse locally …')).toBeUndefined();
    expect(readableLine('{not json')).toBeUndefined();
    expect(readableLine('{"a":1}')).toBeUndefined();
  });
});
