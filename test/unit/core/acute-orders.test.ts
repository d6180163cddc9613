import { describe, expect, it } from 'vitest';
import demo from '../../../config/municipality.demo.json';
import { principalFor } from '../../../functions/core/access/principals';
import { chaseConfirmations } from '../../../functions/core/cases/chase-confirmations';
import { portalCases } from '../../../functions/core/cases/portal-cases';
import { submitOrder } from '../../../functions/core/intake/submit-order';
import { acuteMail } from '../../../shared/mail/layout';
import { chaseTimeReports } from '../../../functions/core/reports/chase-time-reports';
import { parseMunicipalityConfig } from '../../../shared/municipality';
import { matrixOrder } from '../../support/access-matrix';
import { inMemoryStores } from '../../support/in-memory-stores';
import { testVault } from '../../support/wiring';

/**
 * Acute orders (`stay.acute`; seeds 000, 001, 002, 004): routed as any order, but the provider
 * confirms within the profile's acute hours (demo: 4), the chaser runs on that clock, the
 * caseworker and the unit head are told at once, every mail of the case says **Akut** in its
 * subject, and the inbox puts them first, in words.
 */
const config = parseMunicipalityConfig(demo);
const person = (email: string) => principalFor(config, email)!;
const SARA = person('sara.lind@duvbo-omsorg.example');
const MARIA = person('maria.ek@sundbyberg.example');
const RECEIVED = '2026-11-23T10:00:00+01:00';
const hoursAfter = (h: number) => new Date(Date.parse(RECEIVED) + h * 3_600_000);

async function setup() {
  const stores = inMemoryStores();
  let n = 0;
  let now = new Date(RECEIVED);
  const deps = { ...stores, vault: testVault(), clock: { now: () => now }, ids: { next: () => `ID${String(++n).padStart(6, '0')}` }, config, publicBaseUrl: 'https://vistelse.example' };
  const submit = async (acute: boolean, change: (o: any) => void = () => {}) => {
    const order = matrixOrder('ordinary', '2026-11-23');
    order.stay.from = '2026-11-23';
    order.stay.acute = acute;
    change(order);
    const { receipt } = await submitOrder(deps)({ body: order });
    const caseId = (await stores.cases.findIdByReference(receipt.reference))!;
    return { reference: receipt.reference, caseId };
  };
  const mailsOf = (caseId: string) =>
    [...stores.outbox.notifications.values()].filter(({ message: m }) => m.caseId === caseId).map(({ message: m, status }) => ({ kind: m.kind, to: m.to, held: status === 'held', subject: m.mail.subject, text: m.mail.text, html: m.mail.html }));
  const at = (when: Date) => {
    now = when;
    return when;
  };
  const portal = portalCases(deps);
  const chase = chaseConfirmations({ ...stores, ids: deps.ids, config, publicBaseUrl: deps.publicBaseUrl });
  return { stores, submit, mailsOf, at, portal, chase, deps };
}

describe('an acute order', () => {
  it('tells the caseworker and the unit head at once, gives the providers the acute hours, and says Akut in every subject', async () => {
    const { submit, mailsOf, stores, portal } = await setup();
    const { caseId, reference } = await submit(true);
    const view = (await stores.cases.find(caseId))!;
    const caseworker = config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!;
    const mails = mailsOf(caseId);
    expect(mails.map((m) => m.kind)).toEqual(expect.arrayContaining(['order_receipt', 'new_case', 'acute_case', 'new_assignment', 'invoice_basis', 'register_case', 'handled_by']));
    for (const m of mails) {
      expect(m.subject, m.kind).toMatch(/^Akut: /);
      expect(m.html, m.kind).toContain('<title>Akut: ');
    }
    expect(mails.find((m) => m.kind === 'new_case')).toMatchObject({ to: caseworker.email });
    expect(mails.find((m) => m.kind === 'new_case')!.text).toContain('Beställningen är akut. Utförarna ska bekräfta inom 4 timmar');
    expect(mails.find((m) => m.kind === 'acute_case')).toMatchObject({ to: MARIA.email, subject: `Akut: Fördelat till ${caseworker.name} – ärende ${reference}` });
    for (const m of mails.filter((m) => m.kind === 'new_assignment')) expect(m.text).toContain('inom 4 timmar');
    // The provider has four hours, and the case page says so.
    expect(view.assignments.find((a) => a.insatsType === 'hemtjanst')).toMatchObject({ status: 'sent' });
    const page = await portal.read(SARA, reference);
    expect(page.assignments.find((a) => a.insatsType === 'hemtjanst')!.confirmBy).toBe(hoursAfter(4).toISOString());
  });

  it('is chased on the acute clock: the reminder after 4 hours, the caseworker 4 hours later, each once and marked Akut', async () => {
    const { submit, mailsOf, at, chase } = await setup();
    const { caseId } = await submit(true);
    expect(await chase(at(hoursAfter(3.99)))).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await chase(at(hoursAfter(4)))).toMatchObject({ reminded: 2, escalated: 0 });
    expect(await chase(at(hoursAfter(7.99)))).toMatchObject({ reminded: 0, escalated: 0 });
    const runs = await Promise.all([chase(at(hoursAfter(8))), chase(at(hoursAfter(8)))]);
    expect(runs.reduce((sum, r) => sum + r.escalated, 0)).toBe(2);
    expect(await chase(at(hoursAfter(30)))).toMatchObject({ reminded: 0, escalated: 0 });
    const chased = mailsOf(caseId).filter((m) => m.kind === 'confirmation_reminder' || m.kind === 'confirmation_escalation');
    expect(chased.map((m) => m.kind).sort()).toEqual(['confirmation_escalation', 'confirmation_escalation', 'confirmation_reminder', 'confirmation_reminder']);
    for (const m of chased) expect(m.subject).toMatch(/^Akut: /);
  });

  it('keeps Akut on the mails of its later steps: confirmation, decline, start', async () => {
    const { submit, mailsOf, at, portal } = await setup();
    const { caseId, reference } = await submit(true);
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-23', contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    at(hoursAfter(2));
    await portal.recordStart(SARA, reference, 'hemtjanst', { startedOn: '2026-11-23' });
    await portal.decline(person('ola.persson@sundbyberg.example'), reference, 'trygghetslarm', { reason: 'Inget larm ledigt i dag' });
    const kinds = mailsOf(caseId).map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['assignment_confirmed', 'assignment_declined']));
    for (const m of mailsOf(caseId)) expect(m.subject, m.kind).toMatch(/^Akut: /);
  });

  it('says Akut in the time reports’ chaser when a report of the list is of an acute order', async () => {
    const { submit, at, portal, stores, deps } = await setup();
    const { reference } = await submit(true);
    await portal.confirm(SARA, reference, 'hemtjanst', { startDate: '2026-11-23', contactName: 'Sara Lind', contactPhone: '08-123 456 78' });
    const chase = chaseTimeReports(deps);
    for (let day = 1; day <= 15; day++) await chase(at(new Date(`2026-12-${String(day).padStart(2, '0')}T07:00:00+01:00`)));
    const chased = [...stores.outbox.notifications.values()].map(({ message: m }) => m).filter((m) => m.kind.startsWith('time_report_') && m.to === 'order@duvbo-omsorg.example');
    expect(chased.length).toBeGreaterThan(0);
    for (const m of chased) {
      expect(m.mail.subject).toMatch(/^Akut: /);
      expect(m.mail.text).toContain(`Akut: ${reference}`);
    }
  });

  it('holds a protected identity’s assignments as ever, and the released mail still says Akut', async () => {
    const { submit, mailsOf, portal, at, stores } = await setup();
    const { caseId, reference } = await submit(true, (o) => {
      o.person.protectedIdentity = true;
    });
    const held = mailsOf(caseId).filter((m) => m.kind === 'new_assignment');
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((m) => m.held)).toBe(true);
    const view = (await stores.cases.find(caseId))!;
    const caseworker = person(config.caseworkers.find((c) => c.id === view.routing.caseworkerId)!.email);
    at(hoursAfter(1));
    await portal.release(caseworker, reference, 'hemtjanst', { unitHeadName: 'Maria Ek', toldAt: hoursAfter(0.5).toISOString() });
    const released = mailsOf(caseId).filter((m) => m.kind === 'new_assignment' && !m.held);
    expect(released).toHaveLength(1);
    expect(released[0].subject).toMatch(/^Akut: /);
    // Confirm within 4 hours of the release.
    const page = await portal.read(caseworker, reference);
    expect(page.assignments.find((a) => a.insatsType === 'hemtjanst')!.confirmBy).toBe(hoursAfter(5).toISOString());
  });

  it('comes first in the inbox while it is being set up, and says Akut in words; an ordinary order’s mails say nothing of it', async () => {
    const { submit, mailsOf, portal, at } = await setup();
    const ordinaryBefore = await submit(false);
    const acute = await submit(true);
    at(hoursAfter(1));
    const ordinaryAfter = await submit(false);
    const rows = (await portal.inbox(MARIA, 'all')).rows;
    expect(rows[0]).toMatchObject({ reference: acute.reference, acute: true });
    expect(rows.filter((r) => r.reference !== acute.reference).every((r) => !r.acute)).toBe(true);
    expect(rows.map((r) => r.reference)).toEqual(expect.arrayContaining([ordinaryBefore.reference, ordinaryAfter.reference]));
    for (const c of [ordinaryBefore, ordinaryAfter]) {
      for (const m of mailsOf(c.caseId)) expect(m.subject, m.kind).not.toMatch(/Akut/);
      expect(mailsOf(c.caseId).map((m) => m.kind)).not.toContain('acute_case');
    }
  });
});

describe('acuteMail', () => {
  it('puts Akut first in the subject and heading once, and changes nothing else', () => {
    const mail = { subject: 'Nytt ärende TV-2026-00001', text: 'x', html: '<title>Nytt ärende TV-2026-00001</title><h1 style="a">Nytt ärende TV-2026-00001</h1>' };
    const marked = acuteMail(mail);
    expect(marked).toEqual({ subject: 'Akut: Nytt ärende TV-2026-00001', text: 'x', html: '<title>Akut: Nytt ärende TV-2026-00001</title><h1 style="a">Akut: Nytt ärende TV-2026-00001</h1>' });
    expect(acuteMail(marked)).toEqual(marked);
  });
});
