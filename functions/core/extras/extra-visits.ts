import { stockholmToday } from '../../../shared/dates';
import {
  ageInDays,
  answerDueOn,
  answerExtraVisitSchema,
  EXTRA_VISIT_STATUS_LABELS,
  extraAgreementSchema,
  extraVisitDeadline,
  registerExtraVisitSchema,
  reviewExtraVisitSchema,
  type CaseExtraVisits,
  type ExtraAgreementView,
  type ExtraVisitReview,
  type ExtraVisitView,
} from '../../../shared/extra-visits';
import { INSATS_LABELS } from '../../../shared/insatser';
import { sekToOre } from '../../../shared/invoice-basis';
import { extraVisitAnsweredMail, extraVisitQuestionMail } from '../../../shared/mail/notifications';
import type { MunicipalityConfig } from '../../../shared/municipality';
import { caseAccess, mayPerform, type CaseFacts } from '../access/policy';
import type { Principal } from '../access/principals';
import { caseHandler } from '../cases/case-handler';
import { factsOf, factsOfView, staffName } from '../cases/portal-views';
import type { AuditLog, CaseStore, CaseView } from '../cases/ports';
import { checkDayOfStaySoFar } from '../cases/stay-end';
import type { Clock, IdGenerator } from '../kernel/clock';
import { ConflictError, DomainError, NotFoundError } from '../kernel/errors';
import { parseInput } from '../kernel/parse-input';
import type { PersonalDataVault } from '../kernel/personal-data';
import type { PreparedWrite, Transactor } from '../kernel/transaction';
import { caseMails } from '../outbox/case-mails';
import type { OutboxStore } from '../outbox/ports';
import type { Charge, TimeReportStore } from '../reports/ports';
import { portalLinks } from '../routing/route-order';
import { ExtraVisitChangedError, type ExtraAgreement, type ExtraVisit, type ExtraVisitStore } from './ports';

export interface ExtraVisitDeps {
  cases: Pick<CaseStore, 'findIdByReference' | 'find' | 'summaries' | 'recordEvent'>;
  extras: ExtraVisitStore;
  reports: Pick<TimeReportStore, 'recordCharge'>;
  audit: AuditLog;
  vault: Pick<PersonalDataVault, 'sealText' | 'openText'>;
  outbox: OutboxStore;
  transactor: Transactor;
  clock: Clock;
  ids: IdGenerator;
  config: MunicipalityConfig;
  publicBaseUrl: string;
}

/** How many undecided extra visits the review list holds at most (oldest first). */
const REVIEW_LIMIT = 500;

const forbidden = () => new DomainError(403, 'forbidden', 'Du har inte behörighet att göra det i det här ärendet.');
const reviewed = () => new ConflictError('Extrabesöket har redan granskats eller besvarats av någon annan. Läs det igen.');

/** Where each sealed text of an extra visit is bound (its case and its place). */
const field = {
  reason: (id: string) => `extra:${id}:reason`,
  question: (id: string) => `extra:${id}:question`,
  answer: (id: string) => `extra:${id}:answer`,
  comment: (id: string) => `extra:${id}:comment`,
  agreementNote: (id: string) => `extra-agreement:${id}:note`,
};

/** The agreement an extra visit of that insats on that day is done under (the latest recorded, if several cover it). */
export function agreementCovering(agreements: readonly ExtraAgreement[], insatsType: string, date: string): ExtraAgreement | undefined {
  return agreements.filter((a) => a.insatsType === insatsType && a.from <= date && date <= a.to).at(-1);
}

/**
 * Extra visits (seed 004): the provider's **Registrera extrabesök** on its assignment (date, minutes,
 * insats, **Anledning**; marked late after the month's deadline, the first working day of the month
 * after), the caseworker's weekly **Extrabesök att granska** (oldest first, with its age in days:
 * **Godkänn**, **Avslå** or **Fråga**, a comment required for the last two), the provider's answer
 * within a week. An approved extra visit is billed on its own line (**Extrabesök**) at the insats's
 * rate; a rejected one stays visible with its reason. Every read of the reasons is audited first.
 */
export const extraVisits = (deps: ExtraVisitDeps) => {
  const { config } = deps;
  const links = (reference: string) => portalLinks(deps.publicBaseUrl, reference);

  async function visibleCase(who: Principal, reference: string) {
    const caseId = await deps.cases.findIdByReference(reference);
    const view = caseId ? await deps.cases.find(caseId) : undefined;
    if (!caseId || !view) throw new NotFoundError('Ärendet');
    const facts = factsOfView(view);
    if (caseAccess(who, facts).view === 'none') throw new NotFoundError('Ärendet');
    return { caseId, view, facts };
  }

  /** The extra visits this person works with: the staff of the case all, a provider its own insatsers'; nobody else any. */
  function shownTo(who: Principal, facts: CaseFacts, extras: ExtraVisit[]): ExtraVisit[] {
    const access = caseAccess(who, facts);
    if (access.view === 'case') return extras;
    if (access.view === 'assignments') return extras.filter((e) => access.insatsTypes.includes(e.insatsType) && e.providerId === (who.role === 'provider' ? who.providerId : ''));
    return [];
  }

  /** The free texts opened for the view; the read is logged first, one entry per case. */
  async function opened(who: Principal, caseId: string, extras: ExtraVisit[], view: string, agreementNotes = false) {
    if (extras.length === 0 && !agreementNotes) return new Map<string, { reason: string; question?: string; answer?: string; comment?: string }>();
    await deps.audit.record({ id: deps.ids.next(), caseId, at: deps.clock.now().toISOString(), by: who.email, name: who.name, role: who.role, what: ['extraVisits'], view });
    const texts = await Promise.all(
      extras.map(async (e) => [
        e.id,
        {
          reason: await deps.vault.openText(caseId, field.reason(e.id), e.sealedReason),
          ...(e.question ? { question: await deps.vault.openText(caseId, field.question(e.id), e.question.sealedText) } : {}),
          ...(e.question?.sealedAnswer ? { answer: await deps.vault.openText(caseId, field.answer(e.id), e.question.sealedAnswer) } : {}),
          ...(e.decision?.sealedComment ? { comment: await deps.vault.openText(caseId, field.comment(e.id), e.decision.sealedComment) } : {}),
        },
      ] as const),
    );
    return new Map(texts);
  }

  function viewOf(who: Principal, facts: CaseFacts, e: ExtraVisit, texts: { reason: string; question?: string; answer?: string; comment?: string } | undefined, today: string): ExtraVisitView {
    const mayReview = mayPerform(who, facts, { kind: 'review_time_report' });
    const isProvider = who.role === 'provider' && who.providerId === e.providerId;
    return {
      id: e.id,
      reference: e.reference,
      insatsType: e.insatsType,
      insatsLabel: INSATS_LABELS[e.insatsType],
      providerName: config.providers.find((p) => p.id === e.providerId)?.name ?? e.providerId,
      date: e.date,
      minutes: e.minutes,
      ...(texts ? { reason: texts.reason } : {}),
      registeredAt: e.registeredAt,
      ageDays: ageInDays(stockholmToday(new Date(e.registeredAt)), today),
      late: e.late,
      underAgreement: Boolean(e.agreementId),
      status: e.status,
      statusLabel: EXTRA_VISIT_STATUS_LABELS[e.status],
      ...(e.question
        ? {
            question: {
              ...(texts?.question !== undefined ? { text: texts.question } : {}),
              at: e.question.at,
              answerDueOn: e.question.answerDueOn,
              ...(e.question.answeredAt ? { answeredAt: e.question.answeredAt } : {}),
              ...(texts?.answer !== undefined ? { answer: texts.answer } : {}),
            },
          }
        : {}),
      ...(e.decision ? { decision: { at: e.decision.at, by: staffName(config, e.decision.by), ...(texts?.comment !== undefined ? { comment: texts.comment } : {}) } } : {}),
      actions: {
        review: mayReview && (e.status === 'open' || e.status === 'questioned'),
        answer: isProvider && e.status === 'questioned' && !e.question?.answeredAt,
      },
    };
  }

  async function caseList(who: Principal, reference: string): Promise<CaseExtraVisits> {
    const { caseId, view, facts } = await visibleCase(who, reference);
    const access = caseAccess(who, facts);
    if (access.view !== 'case' && access.view !== 'assignments') throw forbidden();
    const [extras, allAgreements] = await Promise.all([deps.extras.ofCase(caseId), deps.extras.agreementsOf(caseId)]);
    const shown = shownTo(who, facts, extras);
    // A provider reads the agreements of its own insatser (it made them with the caseworker).
    const agreements = access.view === 'case' ? allAgreements : allAgreements.filter((a) => access.insatsTypes.includes(a.insatsType));
    const texts = view.purged ? new Map() : await opened(who, caseId, shown, access.view, agreements.length > 0);
    const notes = view.purged ? new Map<string, string>() : new Map(await Promise.all(agreements.map(async (a) => [a.id, await deps.vault.openText(caseId, field.agreementNote(a.id), a.sealedNote)] as const)));
    const today = stockholmToday(deps.clock.now());
    const open = !view.ended && !view.purged;
    const registerFor =
      who.role === 'provider' && open
        ? view.assignments.filter((a) => a.status === 'confirmed' && 'providerId' in a.decision && a.decision.providerId === who.providerId).map((a) => a.insatsType)
        : [];
    const agreeFor = open && mayPerform(who, facts, { kind: 'agree_extra' }) ? [...new Set(view.order.decision.insatser.map((i) => i.type))] : [];
    return {
      reference,
      rows: shown.map((e) => viewOf(who, facts, e, texts.get(e.id), today)),
      registerFor,
      agreements: agreements.map((a): ExtraAgreementView => ({
        id: a.id,
        insatsType: a.insatsType,
        insatsLabel: INSATS_LABELS[a.insatsType],
        from: a.from,
        to: a.to,
        ...(notes.has(a.id) ? { note: notes.get(a.id)! } : {}),
        at: a.at,
        by: staffName(config, a.by),
      })),
      agreeFor,
    };
  }

  /** What an approved extra visit bills: its minutes at an hourly rate, one visit at a rate per visit; a day's or month's rate covers it already. */
  function chargeOf(view: CaseView, e: ExtraVisit, at: string): Charge | undefined {
    const rate = view.order.decision.insatser.find((i) => i.type === e.insatsType)?.rate;
    if (!rate || (rate.per !== 'hour' && rate.per !== 'visit')) return undefined;
    return {
      caseId: view.caseId,
      id: e.id,
      kind: 'extra_visit',
      reference: view.reference,
      month: e.date.slice(0, 7),
      insatsType: e.insatsType,
      quantity: rate.per === 'hour' ? e.minutes : 1,
      rate: { amountOre: sekToOre(rate.amountSek), per: rate.per },
      homeMunicipality: view.order.homeMunicipality,
      invoiceReference: view.order.billing.reference,
      billingAddress: view.order.billing.address,
      at,
    };
  }

  async function commit(writes: PreparedWrite[]) {
    try {
      await deps.transactor.commit(writes);
    } catch (error) {
      if (error instanceof ExtraVisitChangedError) throw reviewed();
      throw error;
    }
  }

  return {
    caseList,

    /** **Registrera extrabesök**: by the provider of a confirmed insats, a day of the stay so far. */
    async register(who: Principal, reference: string, body: unknown): Promise<CaseExtraVisits> {
      const { caseId, view, facts } = await visibleCase(who, reference);
      if (who.role !== 'provider' || caseAccess(who, facts).view !== 'assignments') throw forbidden();
      if (view.ended || view.purged) throw new ConflictError('Vistelsen är avslutad: extrabesök kan inte längre registreras.');
      const input = parseInput(registerExtraVisitSchema, body);
      if (!mayPerform(who, facts, { kind: 'submit_time_report', insatsType: input.insatsType })) {
        throw new DomainError(400, 'validation_failed', 'Ni utför inte den insatsen i ärendet.', [{ path: 'insatsType', message: 'Välj en insats som ni utför i ärendet' }]);
      }
      const assignment = view.assignments.find((a) => a.insatsType === input.insatsType);
      if (assignment?.status !== 'confirmed') throw new ConflictError('Uppdraget är inte bekräftat: bekräfta det först.');
      const now = deps.clock.now();
      const today = stockholmToday(now);
      checkDayOfStaySoFar(view, input.date, today, 'date', 'Besöksdagen måste ligga inom vistelsen och får inte vara i framtiden.');
      const id = deps.ids.next();
      const at = now.toISOString();
      const agreement = agreementCovering(await deps.extras.agreementsOf(caseId), input.insatsType, input.date);
      await commit([
        deps.extras.register({
          caseId,
          id,
          reference,
          unitId: view.routing.unitId,
          insatsType: input.insatsType,
          providerId: who.providerId,
          date: input.date,
          minutes: input.minutes,
          sealedReason: await deps.vault.sealText(caseId, field.reason(id), input.reason.trim()),
          registeredAt: at,
          registeredBy: who.email,
          // The seed's deadline: the first working day of the month after the visit's.
          late: today > extraVisitDeadline(input.date.slice(0, 7)),
          ...(agreement ? { agreementId: agreement.id } : {}),
          status: 'open',
        }),
        deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'extra_visit_registered', by: who.email, at, insatsType: input.insatsType, providerId: who.providerId, date: input.date, minutes: input.minutes }),
      ]);
      return caseList(who, reference);
    },

    /**
     * **Överenskommelse om extrainsats**: the case's caseworker (or unit head) records that an insats
     * of the case may be done as extra in those days of the stay, with the note of what was agreed.
     */
    async agree(who: Principal, reference: string, body: unknown): Promise<CaseExtraVisits> {
      const { caseId, view, facts } = await visibleCase(who, reference);
      if (!mayPerform(who, facts, { kind: 'agree_extra' })) throw forbidden();
      const input = parseInput(extraAgreementSchema, body);
      if (view.ended || view.purged) throw new ConflictError('Vistelsen är avslutad: en överenskommelse kan inte längre registreras.');
      if (!view.order.decision.insatser.some((i) => i.type === input.insatsType)) {
        throw new DomainError(400, 'validation_failed', 'Insatsen finns inte i beställningen.', [{ path: 'insatsType', message: 'Välj en insats som finns i beställningen' }]);
      }
      const { from, to } = view.order.stay;
      for (const [path, day] of [['from', input.from], ['to', input.to]] as const) {
        if (day < from || day > to) throw new DomainError(400, 'validation_failed', 'Överenskommelsen måste gälla dagar inom vistelsen.', [{ path, message: `Ange ett datum från ${from} till ${to}` }]);
      }
      const id = deps.ids.next();
      const at = deps.clock.now().toISOString();
      await commit([
        deps.extras.agree({ caseId, id, insatsType: input.insatsType, from: input.from, to: input.to, sealedNote: await deps.vault.sealText(caseId, field.agreementNote(id), input.note.trim()), at, by: who.email }),
        deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'extra_agreement_recorded', by: who.email, at, insatsType: input.insatsType, from: input.from, to: input.to }),
      ]);
      return caseList(who, reference);
    },

    /** **Extrabesök att granska**: the extra visits still to be decided of the cases this caseworker (or unit head) reviews, oldest first. */
    async reviewList(who: Principal): Promise<ExtraVisitReview> {
      if (who.role !== 'caseworker' && who.role !== 'unit_head') throw new DomainError(403, 'forbidden', 'Extrabesöken granskas av handläggarna.');
      const undecided = await deps.extras.undecidedForUnit(who.unitId, REVIEW_LIMIT);
      const summaries = new Map((await deps.cases.summaries([...new Set(undecided.map((e) => e.caseId))])).map((c) => [c.caseId, c]));
      const today = stockholmToday(deps.clock.now());
      const rows: ExtraVisitView[] = [];
      for (const [caseId, extras] of groupBy(undecided, (e) => e.caseId)) {
        const summary = summaries.get(caseId);
        if (!summary) continue;
        const facts = factsOf(summary);
        // Those they review: their own cases (the unit head: every one of the unit's).
        if (!mayPerform(who, facts, { kind: 'review_time_report' })) continue;
        const texts = await opened(who, caseId, extras, 'extra_visit_review');
        rows.push(...extras.map((e) => viewOf(who, facts, e, texts.get(e.id), today)));
      }
      return { rows: rows.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt)) };
    },

    /** **Godkänn**, **Avslå** (with its reason) or **Fråga** (the provider is told; the answer is due within a week). */
    async review(who: Principal, reference: string, extraId: string, body: unknown): Promise<CaseExtraVisits> {
      const { caseId, view, facts } = await visibleCase(who, reference);
      if (!mayPerform(who, facts, { kind: 'review_time_report' })) throw forbidden();
      const input = parseInput(reviewExtraVisitSchema, body);
      const extra = await deps.extras.find(caseId, extraId);
      if (!extra) throw new NotFoundError('Extrabesöket');
      if (extra.status !== 'open' && extra.status !== 'questioned') throw new ConflictError('Extrabesöket är redan granskat.');
      const now = deps.clock.now();
      const at = now.toISOString();
      const comment = input.comment?.trim();
      const event = (type: string) => deps.cases.recordEvent(caseId, { id: deps.ids.next(), type, by: who.email, at, insatsType: extra.insatsType, date: extra.date });
      if (input.decision === 'question') {
        if (extra.status === 'questioned') throw new ConflictError('Utföraren har inte svarat på den förra frågan än.');
        const answerBy = answerDueOn(stockholmToday(now));
        const provider = config.providers.find((p) => p.id === extra.providerId)!;
        await commit([
          deps.extras.ask({ caseId, id: extraId, question: { at, by: who.email, sealedText: await deps.vault.sealText(caseId, field.question(extraId), comment!), answerDueOn: answerBy } }),
          deps.outbox.enqueue(
            caseMails(view.order, [
              { id: deps.ids.next(), caseId, createdAt: at, kind: 'extra_visit_question', recipient: 'provider', to: provider.email, mail: extraVisitQuestionMail({ reference, municipalityName: config.municipality.name, link: links(reference).assignment, answerDueOn: answerBy }) },
            ]),
          ),
          event('extra_visit_questioned'),
        ]);
      } else {
        const status = input.decision === 'approve' ? 'approved' : 'rejected';
        const charge = status === 'approved' ? chargeOf(view, extra, at) : undefined;
        await commit([
          deps.extras.decide({ caseId, id: extraId, expected: extra.status, status, decision: { at, by: who.email, ...(comment ? { sealedComment: await deps.vault.sealText(caseId, field.comment(extraId), comment) } : {}) } }),
          ...(charge ? [deps.reports.recordCharge(charge)] : []),
          event(status === 'approved' ? 'extra_visit_approved' : 'extra_visit_rejected'),
        ]);
      }
      return caseList(who, reference);
    },

    /** The provider's answer to the caseworker's question: the extra visit waits for the review again, and the caseworker is told. */
    async answer(who: Principal, reference: string, extraId: string, body: unknown): Promise<CaseExtraVisits> {
      const { caseId, view, facts } = await visibleCase(who, reference);
      if (who.role !== 'provider' || caseAccess(who, facts).view !== 'assignments') throw forbidden();
      const input = parseInput(answerExtraVisitSchema, body);
      const extra = await deps.extras.find(caseId, extraId);
      if (!extra || extra.providerId !== who.providerId) throw new NotFoundError('Extrabesöket');
      if (extra.status !== 'questioned' || !extra.question || extra.question.answeredAt) throw new ConflictError('Det finns ingen obesvarad fråga om extrabesöket.');
      const at = deps.clock.now().toISOString();
      const handler = caseHandler(config, view.routing);
      await commit([
        deps.extras.answer({ caseId, id: extraId, askedAt: extra.question.at, answeredAt: at, answeredBy: who.email, sealedAnswer: await deps.vault.sealText(caseId, field.answer(extraId), input.answer.trim()) }),
        deps.outbox.enqueue(
          caseMails(view.order, [
            { id: deps.ids.next(), caseId, createdAt: at, kind: 'extra_visit_answered', recipient: handler.recipient, to: handler.email, mail: extraVisitAnsweredMail({ reference, municipalityName: config.municipality.name, link: links(reference).case }) },
          ]),
        ),
        deps.cases.recordEvent(caseId, { id: deps.ids.next(), type: 'extra_visit_answered', by: who.email, at, insatsType: extra.insatsType, date: extra.date }),
      ]);
      return caseList(who, reference);
    },
  };
};

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

