import { describe, expect, it } from 'vitest';
import { recordDeliveryEvents } from '../../../functions/core/outbox/record-delivery-events';
import { inMemoryStores } from '../../support/in-memory-stores';

const NOW = new Date('2026-12-02T09:30:00Z');

async function setup() {
  const stores = inMemoryStores();
  const message = { id: 'M1', caseId: 'C1', kind: 'new_case', recipient: 'caseworker' as const, to: 'a@sundbyberg.example', createdAt: NOW.toISOString(), mail: { subject: 's', text: 't', html: 'h' } };
  await stores.transactor.commit([stores.outbox.enqueue([message])]);
  const record = recordDeliveryEvents({ outbox: stores.outbox, clock: { now: () => NOW } });
  const history = () => stores.outbox.notifications.get('C1|M1')!.deliveryEvents;
  return { record, history, stores };
}

const sesEvent = (type: string, extra: Record<string, unknown> = {}) => ({ eventType: type, mail: { tags: { caseId: ['C1'], outboxId: ['M1'] } }, ...extra });

describe('recordDeliveryEvents', () => {
  it("keeps SES's own time of the event, and the clock's when the event has none", async () => {
    const { record, history } = await setup();
    await record([sesEvent('Delivery', { delivery: { timestamp: '2026-12-02T09:31:00Z' } }), sesEvent('DeliveryDelay')]);
    expect(history()).toEqual([
      { status: 'delivered', at: '2026-12-02T09:31:00Z' },
      { status: 'delayed', at: NOW.toISOString() },
    ]);
  });

  it('tells what it recorded with the mail’s kind and the correlation id it was sent under (for the logs and the bounce metric)', async () => {
    const { record } = await setup();
    const bounce = { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General' }, mail: { tags: { caseId: ['C1'], outboxId: ['M1'], kind: ['new_case'], correlationId: ['req-1234abcd'] } } };
    expect((await record([bounce, sesEvent('Delivery')])).events).toEqual([
      { caseId: 'C1', outboxId: 'M1', status: 'bounced', kind: 'new_case', correlationId: 'req-1234abcd' },
      { caseId: 'C1', outboxId: 'M1', status: 'delivered' },
    ]);
  });

  it('ignores events that are not about our mails or whose type is no delivery status, even one named like an object property', async () => {
    const { record, history } = await setup();
    const result = await record([sesEvent('toString'), sesEvent('Open'), { eventType: 'Delivery', mail: { tags: {} } }, null, 'text']);
    expect(result).toEqual({ recorded: 0, ignored: 5, events: [] });
    expect(history()).toEqual([]);
  });
});
