import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { recordDeliveryEvents } from '../core/outbox/record-delivery-events';
import { observedFunction, queueCorrelation } from '../observability/lambda';
import { reportDeliveries } from '../observability/mails';
import { stores, systemClock } from '../wiring';

const record = recordDeliveryEvents({ outbox: stores().outbox, clock: systemClock });

/**
 * SES configuration-set events (delivery, bounce, complaint) arrive through SNS into SQS. A
 * message that fails is reported alone, so SQS retries just it (and dead-letters it in the end).
 */
export const handler = observedFunction<SQSEvent, SQSBatchResponse>(queueCorrelation).handler(async (event) => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const message of event.Records) {
    try {
      const body = JSON.parse(message.body);
      // SNS wraps the SES event in `Message` unless raw delivery is on.
      const sesEvent = body?.Type === 'Notification' && typeof body.Message === 'string' ? JSON.parse(body.Message) : body;
      reportDeliveries((await record([sesEvent])).events);
    } catch (error) {
      if (error instanceof SyntaxError) continue; // not JSON: retrying will not help
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
});
