import { daysBetween, stockholmToday } from '../../../shared/dates';
import { INSATS_LABELS, INSATS_TYPES, RATE_PERIOD_LABELS, SCOPE_UNIT_LABELS, type InsatsType } from '../../../shared/insatser';
import { formatOre, monthInWords, sekToOre } from '../../../shared/invoice-basis';
import { outgoingInvoiceDeviationMail } from '../../../shared/mail/notifications';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { municipalityName } from '../../../shared/municipalities';
import {
  invoiceCheck,
  invoiceReceivedSchema,
  newOutgoingStaySchema,
  orderSentSchema,
  outgoingConfirmationSchema,
  OUTGOING_END_LABELS,
  outgoingEndSchema,
  outgoingReference,
  OUTGOING_REPORT_STATUS_LABELS,
  OUTGOING_STATUS_LABELS,
  planOutgoingReports,
  reportReceivedSchema,
  SENT_BY_LABELS,
  type OutgoingStayView,
} from '../../../shared/outgoing-stays';
import { dueRuleLabel } from '../../../shared/time-report-dates';
import { reportedQuantityText } from '../../../shared/time-reports';
import type { Principal } from '../access/principals';
import type { AuditLog } from '../cases/ports';
import type { Clock, IdGenerator } from '../kernel/clock';
import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';
import type { Counters } from '../kernel/counters';
import { outgoingReferenceCounter } from '../kernel/counters';
import { parseInput } from '../kernel/parse-input';
import type { PersonalDataVault } from '../kernel/personal-data';
import type { Transactor } from '../kernel/transaction';
import type { OutboxStore } from '../outbox/ports';
import { outgoingStayLink, outgoingStayList, statusOf, works } from './outgoing-list';
import { OutgoingChangedError, type OutgoingReport, type OutgoingStay, type OutgoingStayStore } from './ports';

export interface OutgoingStayDeps {
  outgoing: OutgoingStayStore;
  counters: Counters;
  audit: AuditLog;
  vault: Pick<PersonalDataVault, 'sealText' | 'openText'>;
  outbox: OutboxStore;
  transactor: Transactor;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

/** The person of an outgoing stay, as sealed (one field, JSON). */
export interface OutgoingPerson {
  personnummer: string;
  firstName: string;
  lastName: string;
  protectedIdentity: boolean;
  stayAddress: { street: string; postalCode: string; city: string };
  phone?: string;
}

const field = { person: 'outgoing:person', decision: 'outgoing:decision' };
const forbidden = () => new DomainError(403, 'forbidden', 'Utgående vistelser hanteras av biståndshandläggarna och enhetscheferna.');
const changed = () => new ConflictError('Någon annan har just ändrat den utgående vistelsen. Läs den igen.');
const ended = () => new ConflictError('Vistelsen är registrerad som avslutad.');



/** The fee administrators read an outgoing stay's reports and invoices (not the person), and record an invoice. */
const billing = (who: Principal) => who.role === 'fees' || who.role === 'economy';


/**
 * Outgoing stays (issue 18, points 4–6; seeds 000 and 001, part one): our resident stays in another
 * municipality. **Ny utgående vistelse** registers it (the person sealed); the order as a PDF;
 * **Beställning skickad**; the stay municipality's confirmation and start date; each month's report
 * expected on their due rule (by default ours) and recorded as **Tidrapport mottagen**; their
 * invoice checked against it at our agreed rate (over 10 % off: flagged in words, the fee
 * administrators told).
 */
export const outgoingStays = (deps: OutgoingStayDeps) => {
  const { config } = deps;

  async function load(who: Principal, reference: string) {
    const id = await deps.outgoing.findIdByReference(reference);
    const stay = id ? await deps.outgoing.find(id) : undefined;
    if (!stay || !(works(who, stay) || billing(who))) throw new NotFoundError('Den utgående vistelsen');
    return stay;
  }

  async function opened(who: Principal, stay: OutgoingStay, view: string) {
    await deps.audit.record({ id: deps.ids.next(), caseId: stay.id, at: deps.clock.now().toISOString(), by: who.email, name: who.name, role: who.role, what: ['person', 'decisionText'], view });
    const person = JSON.parse(await deps.vault.openText(stay.id, field.person, stay.sealedPerson)) as OutgoingPerson;
    const decision = JSON.parse(await deps.vault.openText(stay.id, field.decision, stay.sealedDecisionText)) as { goal: string; descriptions: string[] };
    return { person, decision };
  }

  function reportView(stay: OutgoingStay, r: OutgoingReport, today: string, mayWork: boolean, mayInvoice: boolean): OutgoingStayView['reports'][number] {
    const insats = stay.insatser.find((i) => i.type === r.insatsType)!;
    const overdue = r.status === 'expected' && today > r.dueOn;
    const status = r.status === 'received' ? 'received' : overdue ? 'overdue' : 'expected';
    const check = r.invoice ? invoiceCheck({ quantity: r.received!.quantity, rate: insats.rate, month: r.month, daysInMonth: r.period.daysInMonth }, r.invoice.amountOre) : undefined;
    return {
      insatsType: r.insatsType,
      insatsLabel: INSATS_LABELS[r.insatsType],
      month: r.month,
      monthLabel: monthInWords(r.month),
      period: r.period,
      unit: r.unit,
      dueOn: r.dueOn,
      status,
      statusLabel: OUTGOING_REPORT_STATUS_LABELS[status],
      chased: r.chased.map((c) => c.step),
      ...(r.received ? { received: { receivedOn: r.received.receivedOn, quantity: r.received.quantity, quantityText: reportedQuantityText(r.received.quantity, r.unit, r.insatsType) } } : {}),
      ...(r.invoice && check ? { invoice: { amountText: `${formatOre(r.invoice.amountOre)} kr`, expectedText: `${formatOre(check.expectedOre)} kr`, flagged: check.flagged, words: check.words } } : {}),
      actions: { receive: mayWork && r.status === 'expected', invoice: (mayWork || mayInvoice) && r.status === 'received' && !r.invoice },
    };
  }

  async function read(who: Principal, reference: string): Promise<OutgoingStayView> {
    const stay = await load(who, reference);
    const full = works(who, stay);
    const texts = full ? await opened(who, stay, 'outgoing_stay') : undefined;
    const reports = await deps.outgoing.reportsOf(stay.id);
    const today = stockholmToday(deps.clock.now());
    const status = statusOf(stay);
    return {
      reference: stay.reference,
      view: full ? ('full' as const) : ('billing' as const),
      status,
      statusLabel: OUTGOING_STATUS_LABELS[status],
      registeredAt: stay.registeredAt,
      protectedIdentity: stay.protectedIdentity,
      stayMunicipality: stay.stayMunicipality,
      stay: stay.stay,
      decidedOn: stay.decidedOn,
      ...(texts ? { goal: texts.decision.goal, person: texts.person } : {}),
      insatser: stay.insatser.map((i, n) => ({
        type: i.type,
        label: INSATS_LABELS[i.type],
        ...(texts ? { description: texts.decision.descriptions[n] ?? '' } : {}),
        scopeText: `${String(i.scope.amount).replace('.', ',')} ${SCOPE_UNIT_LABELS[i.scope.unit]}`,
        rateText: `${i.rate.amountSek.toLocaleString('sv-SE')} kr ${RATE_PERIOD_LABELS[i.rate.per]}`,
      })),
      orderer: stay.orderer,
      billing: stay.billing,
      contact: stay.contact,
      reportDueLabel: dueRuleLabel(stay.reportDue),
      ...(stay.sent ? { sent: { sentOn: stay.sent.sentOn, sentByLabel: SENT_BY_LABELS[stay.sent.sentBy] } } : {}),
      ...(stay.confirmation ? { confirmation: { confirmedOn: stay.confirmation.confirmedOn, startDate: stay.confirmation.startDate } } : {}),
      ...(stay.ended ? { ended: { kind: stay.ended.kind, label: OUTGOING_END_LABELS[stay.ended.kind], ...(stay.ended.lastDay ? { lastDay: stay.ended.lastDay } : {}), at: stay.ended.at } } : {}),
      reports: reports.map((r) => reportView(stay, r, today, full, billing(who))),
      actions: { pdf: full, markSent: full && !stay.sent && !stay.ended, confirm: full && !stay.confirmation && !stay.ended, end: full && !stay.ended },
    };
  }

  async function commit(writes: Parameters<Transactor['commit']>[0]) {
    try {
      await deps.transactor.commit(writes);
    } catch (error) {
      if (error instanceof OutgoingChangedError) throw changed();
      throw error;
    }
  }

  async function reportOf(stay: OutgoingStay, insats: string, month: string) {
    const report = (await deps.outgoing.reportsOf(stay.id)).find((r) => r.insatsType === insats && r.month === month);
    if (!report || !(INSATS_TYPES as readonly string[]).includes(insats)) throw new NotFoundError('Tidrapporten');
    return report;
  }

  return {
    read,

    /** **Ny utgående vistelse**: by a caseworker (or unit head), into their unit's list; the reports planned from the first day. */
    async register(who: Principal, body: unknown) {
      if (who.role !== 'caseworker' && who.role !== 'unit_head') throw forbidden();
      const input = parseInput(newOutgoingStaySchema(config.municipality.code), body);
      const now = deps.clock.now();
      const today = stockholmToday(now);
      if (input.decision.decidedOn > today) throw new DomainError(400, 'validation_failed', 'Beslutsdatumet kan inte vara i framtiden.', [{ path: 'decision.decidedOn', message: 'Beslutsdatumet kan inte vara i framtiden' }]);
      const id = deps.ids.next();
      const year = Number(today.slice(0, 4));
      const [n] = await deps.counters.draw([outgoingReferenceCounter(year)]);
      const reference = outgoingReference(year, n!);
      const unit = config.units.find((u) => u.id === who.unitId)!;
      const reportDue = input.reportDue ?? config.rules.timeReportDue;
      const stay: OutgoingStay = {
        id,
        reference,
        unitId: unit.id,
        caseworkerEmail: who.email,
        registeredAt: now.toISOString(),
        protectedIdentity: input.person.protectedIdentity,
        sealedPerson: await deps.vault.sealText(id, field.person, JSON.stringify(input.person)),
        sealedDecisionText: await deps.vault.sealText(id, field.decision, JSON.stringify({ goal: input.decision.goal, descriptions: input.decision.insatser.map((i) => i.description) })),
        stayMunicipality: { code: input.stayMunicipalityCode, name: municipalityName(input.stayMunicipalityCode)! },
        stay: input.stay,
        decidedOn: input.decision.decidedOn,
        insatser: input.decision.insatser.map(({ type, scope, rate }) => ({ type, scope, rate })),
        orderer: { name: who.name, email: who.email, phone: input.orderer.phone, unit: input.orderer.unit },
        billing: input.billing,
        contact: input.contact,
        reportDue,
      };
      const reports = planOutgoingReports(stay.insatser, stay.stay.from, stay.stay.to, reportDue, config.rules.timeReportChase).map(
        (p): OutgoingReport => ({ stayId: id, reference, ...p, chased: [], status: 'expected' }),
      );
      await commit([deps.outgoing.create(stay, reports)]);
      return read(who, reference);
    },

    /** The unit's outgoing stays, each with its reports still waiting (for the inbox). */
    list: outgoingStayList(deps),

    /** **Beställning skickad**: how and when. */
    async markSent(who: Principal, reference: string, body: unknown) {
      const stay = await load(who, reference);
      if (!works(who, stay)) throw forbidden();
      const input = parseInput(orderSentSchema, body);
      const today = stockholmToday(deps.clock.now());
      if (input.sentOn > today) throw new DomainError(400, 'validation_failed', 'Datumet kan inte vara i framtiden.', [{ path: 'sentOn', message: 'Datumet kan inte vara i framtiden' }]);
      if (stay.sent) throw new ConflictError('Det är redan registrerat att beställningen har skickats.');
      if (stay.ended) throw ended();
      await commit([deps.outgoing.markSent(stay.id, { ...input, at: deps.clock.now().toISOString(), by: who.email })]);
      return read(who, reference);
    },

    /** The stay municipality's confirmation and start date: months wholly before the start are no longer expected. */
    async confirm(who: Principal, reference: string, body: unknown) {
      const stay = await load(who, reference);
      if (!works(who, stay)) throw forbidden();
      const input = parseInput(outgoingConfirmationSchema, body);
      if (input.startDate < stay.stay.from || input.startDate > stay.stay.to) {
        throw new DomainError(400, 'validation_failed', 'Startdatumet måste ligga inom vistelsen.', [{ path: 'startDate', message: `Ange ett datum från ${stay.stay.from} till ${stay.stay.to}` }]);
      }
      if (input.confirmedOn > stockholmToday(deps.clock.now())) throw new DomainError(400, 'validation_failed', 'Datumet kan inte vara i framtiden.', [{ path: 'confirmedOn', message: 'Datumet kan inte vara i framtiden' }]);
      if (stay.confirmation) throw new ConflictError('Bekräftelsen är redan registrerad.');
      if (stay.ended) throw ended();
      const drop = (await deps.outgoing.reportsOf(stay.id)).filter((r) => r.status === 'expected' && r.period.to < input.startDate).map((r) => ({ insatsType: r.insatsType, month: r.month }));
      await commit([deps.outgoing.confirm(stay.id, { ...input, at: deps.clock.now().toISOString(), by: who.email }, drop)]);
      return read(who, reference);
    },

    /**
     * **Vistelsen avslutad**: ended before its planned last day, or it never came about. The months
     * wholly after the last day (all, if it never came about) are no longer expected nor chased; the
     * month of the last day is expected for its days up to it. Reports already received are kept.
     */
    async end(who: Principal, reference: string, body: unknown) {
      const stay = await load(who, reference);
      if (!works(who, stay)) throw forbidden();
      const input = parseInput(outgoingEndSchema, body);
      const lastDay = input.kind === 'ended_early' ? input.lastDay! : undefined;
      if (lastDay !== undefined && lastDay < stay.stay.from) {
        throw new DomainError(400, 'validation_failed', 'Den sista dagen är före vistelsens första dag.', [{ path: 'lastDay', message: `Vistelsen skulle börja ${stay.stay.from}: välj ”${OUTGOING_END_LABELS.cancelled}” om den aldrig började` }]);
      }
      if (lastDay !== undefined && lastDay >= stay.stay.to) {
        throw new DomainError(400, 'validation_failed', 'Den sista dagen måste vara före den planerade sista dagen.', [{ path: 'lastDay', message: `Ange en dag före den planerade sista dagen ${stay.stay.to}` }]);
      }
      if (stay.ended) throw ended();
      const expected = (await deps.outgoing.reportsOf(stay.id)).filter((r) => r.status === 'expected');
      const drop = expected.filter((r) => lastDay === undefined || r.period.from > lastDay).map((r) => ({ insatsType: r.insatsType, month: r.month }));
      const trim = lastDay === undefined ? [] : expected.filter((r) => r.period.from <= lastDay && r.period.to > lastDay).map((r) => ({ insatsType: r.insatsType, month: r.month, period: { ...r.period, to: lastDay, days: daysBetween(r.period.from, lastDay) + 1 } }));
      await commit([deps.outgoing.end(stay.id, { kind: input.kind, ...(lastDay ? { lastDay } : {}), at: deps.clock.now().toISOString(), by: who.email }, drop, trim)]);
      return read(who, reference);
    },

    /** **Tidrapport mottagen**, with the month's quantity: the chaser stops. */
    async receiveReport(who: Principal, reference: string, insats: string, month: string, body: unknown) {
      const stay = await load(who, reference);
      if (!works(who, stay)) throw forbidden();
      const input = parseInput(reportReceivedSchema, body);
      const report = await reportOf(stay, insats, month);
      if (report.status !== 'expected') throw new ConflictError('Tidrapporten är redan registrerad som mottagen.');
      await commit([deps.outgoing.receiveReport({ stayId: stay.id, insatsType: report.insatsType, month, received: { ...input, at: deps.clock.now().toISOString(), by: who.email } })]);
      return read(who, reference);
    },

    /** The incoming invoice's amount for a month, checked against the report at our agreed rate; over 10 % off, the fee administrators are told. */
    async recordInvoice(who: Principal, reference: string, insats: string, month: string, body: unknown) {
      const stay = await load(who, reference);
      if (!works(who, stay) && who.role !== 'fees') throw forbidden();
      const input = parseInput(invoiceReceivedSchema, body);
      const report = await reportOf(stay, insats, month);
      if (report.status !== 'received' || !report.received) throw new ConflictError('Registrera tidrapporten som mottagen först: fakturan stäms av mot den.');
      if (report.invoice) throw new ConflictError('Fakturan för månaden är redan registrerad.');
      const insatsTerms = stay.insatser.find((i) => i.type === report.insatsType)!;
      const check = invoiceCheck({ quantity: report.received.quantity, rate: insatsTerms.rate, month, daysInMonth: report.period.daysInMonth }, sekToOre(input.amountSek));
      const at = deps.clock.now().toISOString();
      await commit([
        deps.outgoing.recordInvoice({ stayId: stay.id, insatsType: report.insatsType, month, invoice: { amountOre: check.invoicedOre, expectedOre: check.expectedOre, flagged: check.flagged, ...(check.percent !== undefined ? { percent: check.percent } : {}), at, by: who.email } }),
        ...(check.flagged
          ? [
              deps.outbox.enqueue(
                config.officials.feeAdministrators.map((p) => ({
                  id: deps.ids.next(),
                  caseId: stay.id,
                  createdAt: at,
                  kind: 'outgoing_invoice_deviation',
                  recipient: 'fees' as const,
                  to: p.email,
                  mail: outgoingInvoiceDeviationMail({ reference: stay.reference, municipalityName: config.municipality.name, link: outgoingStayLink(deps.publicBaseUrl, stay.reference), month: monthInWords(month), words: check.words }),
                })),
              ),
            ]
          : []),
      ]);
      return read(who, reference);
    },

    /** The order as the stay municipality gets it, with every field our e-service asks for (opened and audited). */
    async orderForPdf(who: Principal, reference: string) {
      const stay = await load(who, reference);
      if (!works(who, stay)) throw forbidden();
      const texts = await opened(who, stay, 'outgoing_order_pdf');
      return { stay, ...texts, ownName: config.municipality.name, ownCode: config.municipality.code };
    },
  };
};

export type OutgoingOrder = Awaited<ReturnType<ReturnType<typeof outgoingStays>['orderForPdf']>>;

export type { InsatsType };
