import * as z from 'zod/mini';
import './zod-sv';
import { INSATS_TYPES, RATE_PERIODS, type InsatsType } from './insatser';
import { normalizePostalCode } from './postal-code';
import { startDeadlinesSchema } from './start-deadline-rules';
import { timeReportDueRuleSchema } from './time-report-rules';

/**
 * A stay municipality's set-up (units, caseworkers, districts, providers, mailboxes, rules) as one
 * validated file. Loaded at start locally and at deploy (synth) in AWS; an invalid file fails
 * with the path of the bad entry.
 */
const id = z.string().check(z.regex(/^[a-z0-9-]{1,60}$/, 'Id med små bokstäver, siffror och bindestreck'));
const mailbox = z.email();
const postalCode = z.string().check(z.regex(/^[1-9]\d{2} \d{2}$/, 'Postnummer skrivs "NNN NN"'));
const nonEmpty = z.string().check(z.minLength(1));
/** A whole number from `min` to `max`. */
const whole = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
/** At least one of `item`. */
const some = <T extends z.core.SomeType>(item: T) => z.array(item).check(z.minLength(1));

export const TARGET_GROUPS = ['elderly', 'disability', 'social_psychiatry'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

const person = z.strictObject({ name: nonEmpty, email: mailbox });

export const municipalityConfigSchema = z
  .strictObject({
    municipality: z.strictObject({
      code: z.string().check(z.regex(/^\d{4}$/)),
      name: nonEmpty,
      senderAddress: mailbox,
      /** The case reference prefix, e.g. `TV` → `TV-2026-00042`. */
      caseReferencePrefix: z.string().check(z.regex(/^[A-Z]{1,4}$/)),
      /** The case system the system administrator registers cases in (Treserva, Procapita, Lifecare …). */
      caseSystem: nonEmpty,
    }),
    rules: z.strictObject({
      leadTimeDays: whole(0, 90),
      pastGraceDays: whole(0, 90),
      /** When a month's time report is due: the Nth working day of the next month, or day D of it. */
      timeReportDue: timeReportDueRuleSchema,
      /** The chase ladder after the due date: working days from the first chaser to the second (the caseworker told), and on to the unit head. */
      timeReportChase: z._default(
        z.strictObject({
          secondChaserAfterWorkingDays: whole(1, 20),
          escalationAfterWorkingDays: whole(1, 20),
        }),
        { secondChaserAfterWorkingDays: 5, escalationAfterWorkingDays: 5 },
      ),
      /**
       * What an order is checked against before it is sent (a warning the orderer confirms, never a
       * refusal): the longest stay in months, and each rate period's plausible range in kronor.
       */
      orderChecks: z._default(
        z.strictObject({
          maxStayMonths: whole(1, 24),
          plausibleRates: z.record(z.enum(RATE_PERIODS), z.strictObject({ minSek: z.number().check(z.gte(0)), maxSek: z.number().check(z.gt(0)) })),
        }),
        { maxStayMonths: 6, plausibleRates: { hour: { minSek: 200, maxSek: 1500 }, visit: { minSek: 50, maxSek: 2000 }, day: { minSek: 100, maxSek: 5000 }, month: { minSek: 100, maxSek: 80000 } } },
      ),
      extraVisitsDueWorkingDay: whole(1, 20),
      providerConfirmHours: whole(1, 240),
      /** When each insats must have started after the order reached the provider (days or working days; a default and per insats type). */
      startDeadlines: startDeadlinesSchema,
      /** Hours after the reminder before an unconfirmed assignment is escalated to the caseworker. */
      confirmationEscalationHours: z._default(whole(1, 240), 24),
      /**
       * A cancellation later than `noticeDays` before the stay's start is late; the invoice basis
       * then bills `feeSek` for it. Absent (as in the demo profile): never late, nothing charged.
       */
      lateCancellation: z.optional(z.strictObject({ noticeDays: whole(0, 90), feeSek: z.number().check(z.gte(0), z.lte(100_000)) })),
      /** Working days a completion request waits for the orderer's answer before the one reminder. */
      completionReminderWorkingDays: z._default(whole(1, 30), 5),
      /** An acute order (`stay.acute`): hours the provider has to confirm, and again from the reminder to the escalation. */
      acuteConfirmHours: z._default(whole(1, 240), 4),
      retentionMonthsAfterClosure: whole(1, 240),
      /** Share of a provider's capacity cap at which it is warned (0.9 = 10 % left). */
      capacityWarningShare: z.number().check(z.gt(0), z.lte(1)),
    }),
    targetGroupRules: z.strictObject({
      /** From this age (by personnummer, on the stay's first day) the case belongs to elderly care. */
      elderlyFromAge: whole(0, 120),
      /** Insatser that decide the target group whatever the age. */
      byInsats: z.partialRecord(z.enum(INSATS_TYPES), z.enum(TARGET_GROUPS)),
    }),
    districts: some(
      z.strictObject({
        id,
        name: nonEmpty,
        postalCodes: some(z.strictObject({ from: postalCode, to: postalCode })),
      }),
    ),
    units: some(z.strictObject({ id, name: nonEmpty, targetGroup: z.enum(TARGET_GROUPS), head: person })),
    /** Where an order that no rule matches goes: never dropped. */
    fallbackQueue: z.strictObject({ unitId: id, description: nonEmpty }),
    caseworkers: z.array(
      z.strictObject({
        id,
        name: nonEmpty,
        email: mailbox,
        unitId: id,
        districtIds: z.union([z.literal('all'), some(id)]),
        active: z.boolean(),
      }),
    ),
    providers: some(
      z.strictObject({
        id,
        name: nonEmpty,
        kind: z.enum(['private', 'own_operation']),
        insatser: some(z.enum(INSATS_TYPES)),
        districtIds: z.union([z.literal('all'), some(id)]),
        capacity: z.union([
          z.null(),
          z.strictObject({ clients: z.number().check(z.int(), z.gt(0)) }),
          z.strictObject({ hoursPerMonth: z.number().check(z.gt(0)) }),
        ]),
        acceptsNewClients: z.boolean(),
        /** The provider's order mailbox: notices go here; its staff log in as themselves. */
        email: mailbox,
        /** The provider's staff who log in to the portal (samordnare and the like). */
        staff: z._default(z.array(person), []),
      }),
    ),
    /** The non-choice rotation's order: `alphabetical` by name, or an explicit list of provider ids. */
    nonChoiceOrder: z.union([z.literal('alphabetical'), some(id)]),
    mailboxes: z.strictObject({ economy: mailbox, fees: mailbox, systemAdmin: mailbox }),
    /** The people behind the mailboxes who log in to the portal. */
    officials: z._default(
      z.strictObject({
        economyAssistants: z._default(z.array(person), []),
        feeAdministrators: z._default(z.array(person), []),
        systemAdministrators: z._default(z.array(person), []),
      }),
      { economyAssistants: [], feeAdministrators: [], systemAdministrators: [] },
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
      const unique = (key: 'districts' | 'units' | 'caseworkers' | 'providers') => {
        const seen = new Set<string>();
        config[key].forEach((entry, i) => {
          if (seen.has(entry.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `Id "${entry.id}" finns redan` });
          seen.add(entry.id);
        });
      };
      unique('districts');
      unique('units');
      unique('caseworkers');
      unique('providers');

      // A login is one person with one role: an e-mail address may stand for one of them only.
      const logins = new Map<string, string>();
      const login = (email: string, path: (string | number)[]) => {
        const key = email.toLowerCase();
        if (logins.has(key)) ctx.addIssue({ code: 'custom', path, message: `E-postadressen ${email} används redan av ${logins.get(key)}` });
        else logins.set(key, path.join('.'));
      };
      config.caseworkers.forEach((c, i) => login(c.email, ['caseworkers', i, 'email']));
      config.units.forEach((u, i) => login(u.head.email, ['units', i, 'head', 'email']));
      config.providers.forEach((p, i) => p.staff.forEach((s, j) => login(s.email, ['providers', i, 'staff', j, 'email'])));
      for (const group of ['economyAssistants', 'feeAdministrators', 'systemAdministrators'] as const) {
        config.officials[group].forEach((o, i) => login(o.email, ['officials', group, i, 'email']));
      }

      const districtIds = new Set(config.districts.map((d) => d.id));
      const unitIds = new Set(config.units.map((u) => u.id));
      const providerIds = new Set(config.providers.map((p) => p.id));
      const checkDistricts = (path: (string | number)[], ids: 'all' | string[]) => {
        if (ids === 'all') return;
        ids.forEach((d, j) => {
          if (!districtIds.has(d)) ctx.addIssue({ code: 'custom', path: [...path, j], message: `Okänt distrikt "${d}"` });
        });
      };
      config.caseworkers.forEach((c, i) => {
        if (!unitIds.has(c.unitId)) ctx.addIssue({ code: 'custom', path: ['caseworkers', i, 'unitId'], message: `Okänd enhet "${c.unitId}"` });
        checkDistricts(['caseworkers', i, 'districtIds'], c.districtIds);
      });
      config.providers.forEach((p, i) => checkDistricts(['providers', i, 'districtIds'], p.districtIds));
      if (!unitIds.has(config.fallbackQueue.unitId)) {
        ctx.addIssue({ code: 'custom', path: ['fallbackQueue', 'unitId'], message: `Okänd enhet "${config.fallbackQueue.unitId}"` });
      }
      if (Array.isArray(config.nonChoiceOrder)) {
        config.nonChoiceOrder.forEach((p, i) => {
          if (!providerIds.has(p)) ctx.addIssue({ code: 'custom', path: ['nonChoiceOrder', i], message: `Okänd utförare "${p}"` });
        });
      }

      const ranges = config.districts.flatMap((d, i) =>
        d.postalCodes.map((r, j) => ({ district: d.id, from: r.from, to: r.to, path: ['districts', i, 'postalCodes', j] })),
      );
      for (const r of ranges) {
        if (r.from > r.to) ctx.addIssue({ code: 'custom', path: [...r.path, 'to'], message: '"to" är före "from"' });
      }
      for (let a = 0; a < ranges.length; a++) {
        for (let b = a + 1; b < ranges.length; b++) {
          if (ranges[a].from <= ranges[b].to && ranges[b].from <= ranges[a].to) {
            ctx.addIssue({
              code: 'custom',
              path: ranges[b].path,
              message: `Postnummerintervallet överlappar distriktet "${ranges[a].district}"`,
            });
          }
        }
      }
    }),
  );

export type MunicipalityConfig = z.output<typeof municipalityConfigSchema>;
export type ProviderConfig = MunicipalityConfig['providers'][number];
export type DistrictConfig = MunicipalityConfig['districts'][number];

export class InvalidMunicipalityConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The municipality configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidMunicipalityConfigError';
  }
}

/** Validates a parsed configuration file; throws naming every bad entry by its path. */
export function parseMunicipalityConfig(raw: unknown): MunicipalityConfig {
  const result = municipalityConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new InvalidMunicipalityConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** The district whose postal-code ranges hold `postalCode` (`NNN NN`), or `undefined`. */
export function districtForPostalCode(config: MunicipalityConfig, postalCode: string): DistrictConfig | undefined {
  const normalized = normalizePostalCode(postalCode);
  if (!normalized) return undefined;
  return config.districts.find((d) => d.postalCodes.some((r) => r.from <= normalized && normalized <= r.to));
}

/** Whether a provider works in a district. */
export function providerServesDistrict(provider: ProviderConfig, districtId: string): boolean {
  return provider.districtIds === 'all' || provider.districtIds.includes(districtId);
}

/** Whether a provider performs an insats type. */
export function providerServesInsats(provider: ProviderConfig, type: InsatsType): boolean {
  return provider.insatser.includes(type);
}

/**
 * The confirmation clock of an assignment: hours to confirm after it was sent, then hours from the
 * reminder to the caseworker's escalation — the profile's day for an ordinary order, its acute
 * hours (both steps) for an acute one (seeds 000–004: acute orders are started at once).
 */
export function confirmationClock(rules: MunicipalityConfig['rules'], acute: boolean): { confirmHours: number; escalationHours: number } {
  return acute
    ? { confirmHours: rules.acuteConfirmHours, escalationHours: rules.acuteConfirmHours }
    : { confirmHours: rules.providerConfirmHours, escalationHours: rules.confirmationEscalationHours };
}
