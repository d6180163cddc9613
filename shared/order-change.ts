import * as z from 'zod/mini';
import './zod-sv';
import { addMonths, isIsoDate, type IsoDate } from './dates';
import { INSATS_LABELS, RATE_PERIOD_LABELS, SCOPE_UNIT_LABELS, type InsatsType } from './insatser';
import { insatsDescription, insatsTerms, insatsTermsCheck, LIMITS, type Insats } from './order';

/**
 * **Ändra beställningen**: the orderer (on `/arende/<ref>`) or our caseworker changes the stay's
 * dates and the insatser — extended or shortened, insatser added, changed or removed — with the
 * intake's validation of each insats. The body names the version it changes (`version`), so that
 * a change made on a page read before someone else's change is refused, not merged unseen. The
 * field paths are the intake's (`stay.to`, `decision.insatser.0.scope.amount`).
 */
export interface ChangeRulesContext {
  /** Today in Europe/Stockholm. */
  today: IsoDate;
  /** The stay as the current version has it. */
  current: { from: IsoDate; to: IsoDate };
  /** The first day can no longer move: the stay has begun, or a provider has confirmed a start. */
  fromLocked: boolean;
}

const isoDate = (message: string) => z.string({ error: `${message} (ÅÅÅÅ-MM-DD)` }).check(z.trim(), z.refine(isIsoDate, `${message} (ÅÅÅÅ-MM-DD)`));

/**
 * A row of the changed order: an insats as the intake takes it, but its description may instead
 * be kept from a row of the current version (`keepDescriptionOf`, its index) — the orderer never
 * gets the descriptions back from us (they speak of the person), so their rows keep them.
 */
export function changeInsatsSchemaFor(currentRows: number) {
  return z
    .strictObject({
      type: insatsTerms.type,
      description: z.optional(insatsDescription),
      keepDescriptionOf: z.optional(z.number().check(z.int(), z.gte(0), z.lt(currentRows, 'Okänd rad i beställningen'))),
      scope: insatsTerms.scope,
      rate: insatsTerms.rate,
    })
    .check(
      insatsTermsCheck,
      z.superRefine((row, ctx) => {
        if (row.description === undefined && row.keepDescriptionOf === undefined) ctx.addIssue({ code: 'custom', path: ['description'], message: 'Beskriv insatsen' });
      }),
    );
}

export function changeOrderSchemaFor(context: ChangeRulesContext & { currentRows: number }) {
  const { today, current } = context;
  const stay = z
    .strictObject({
      from: isoDate('Ange vistelsens första dag'),
      to: isoDate('Ange vistelsens sista dag'),
    })
    .check(
      z.superRefine((s, ctx) => {
        if (!isIsoDate(s.from) || !isIsoDate(s.to)) return;
        if (s.from !== current.from) {
          if (context.fromLocked) {
            ctx.addIssue({ code: 'custom', path: ['from'], message: `Första dagen kan inte ändras när vistelsen har börjat eller en utförare har bekräftat start (den är ${current.from})` });
          } else if (s.from < today) {
            ctx.addIssue({ code: 'custom', path: ['from'], message: `Första dagen kan inte flyttas till en dag som har passerat (tidigast ${today})` });
          }
        }
        if (s.to < s.from) {
          ctx.addIssue({ code: 'custom', path: ['to'], message: 'Sista dagen kan inte vara före första dagen' });
        } else if (s.to !== current.to && s.to < today) {
          ctx.addIssue({ code: 'custom', path: ['to'], message: `Sista dagen kan inte vara före i dag (${today}). Har vistelsen redan slutat: använd Vistelsen har avslutats.` });
        }
        if (s.to > addMonths(s.from, 24)) {
          ctx.addIssue({ code: 'custom', path: ['to'], message: 'En tillfällig vistelse kan inte vara längre än två år' });
        }
      }),
    );
  return z.strictObject({
    version: z.number({ error: 'Ange vilken version av beställningen som ändras' }).check(z.int(), z.gte(1)),
    stay,
    decision: z.strictObject({
      insatser: z.array(changeInsatsSchemaFor(context.currentRows)).check(z.minLength(1, 'Lägg till minst en insats'), z.maxLength(LIMITS.insatser, `Högst ${LIMITS.insatser} insatser`)),
    }),
  });
}

export type ChangeOrderSchema = ReturnType<typeof changeOrderSchemaFor>;
export type ChangeOrderInput = z.input<ChangeOrderSchema>;
export type ChangeOrder = z.output<ChangeOrderSchema>;

/** One line of what a change did: the stay's days, or one insats type added, removed or changed. */
export interface OrderChangeLine {
  kind: 'stay_from' | 'stay_extended' | 'stay_shortened' | 'insats_added' | 'insats_removed' | 'insats_changed';
  insatsType?: InsatsType;
  /** In words, without personal data: "Sista dag 2027-02-15 → 2027-03-15 (förlängd)". */
  text: string;
}

/** A changed order's rows with their descriptions: each written anew, or kept from the current row it names. */
export function resolveDescriptions(rows: ChangeOrder['decision']['insatser'], currentDescriptions: readonly string[]): Insats[] {
  return rows.map(({ keepDescriptionOf, description, ...row }) => ({ ...row, description: description ?? currentDescriptions[keepDescriptionOf!] ?? '' }));
}

/** The parts of an order a change touches. Descriptions are compared when both sides have them. */
export interface ChangeableOrder {
  stay: { from: IsoDate; to: IsoDate };
  insatser: (Omit<Insats, 'description'> & { description?: string })[];
}

const sek = (n: number) => `${n.toLocaleString('sv-SE', { maximumFractionDigits: 2 })} kr`;
const scopeText = (rows: ChangeableOrder['insatser']) => rows.map((r) => `${r.scope.amount.toLocaleString('sv-SE')} ${SCOPE_UNIT_LABELS[r.scope.unit]}`).join(' + ');
const rateText = (rows: ChangeableOrder['insatser']) => rows.map((r) => `${sek(r.rate.amountSek)} ${RATE_PERIOD_LABELS[r.rate.per]}`).join(' + ');

/**
 * What changed from one version to the next, insats type by insats type (one assignment each):
 * the lines the case page's **Ändringar** shows and the providers confirm. No free text of the
 * order is quoted: a description that changed is said to have changed.
 */
export function orderChanges(before: ChangeableOrder, after: ChangeableOrder): OrderChangeLine[] {
  const lines: OrderChangeLine[] = [];
  if (before.stay.from !== after.stay.from) lines.push({ kind: 'stay_from', text: `Första dag ${before.stay.from} → ${after.stay.from}` });
  if (before.stay.to !== after.stay.to) {
    const longer = after.stay.to > before.stay.to;
    lines.push({ kind: longer ? 'stay_extended' : 'stay_shortened', text: `Sista dag ${before.stay.to} → ${after.stay.to} (${longer ? 'förlängd' : 'förkortad'})` });
  }
  const types = [...new Set([...before.insatser, ...after.insatser].map((i) => i.type))];
  for (const type of types) {
    const was = before.insatser.filter((i) => i.type === type);
    const is = after.insatser.filter((i) => i.type === type);
    const label = INSATS_LABELS[type];
    if (was.length === 0) {
      lines.push({ kind: 'insats_added', insatsType: type, text: `${label} tillagd: ${scopeText(is)}, ${rateText(is)}` });
    } else if (is.length === 0) {
      lines.push({ kind: 'insats_removed', insatsType: type, text: `${label} borttagen` });
    } else {
      const details: string[] = [];
      if (scopeText(was) !== scopeText(is)) details.push(`omfattning ${scopeText(was)} → ${scopeText(is)}`);
      if (rateText(was) !== rateText(is)) details.push(`ersättning ${rateText(was)} → ${rateText(is)}`);
      const described = (rows: ChangeableOrder['insatser']) => rows.map((r) => r.description ?? '').join('\u0000');
      if (was.every((r) => r.description !== undefined) && is.every((r) => r.description !== undefined) && described(was) !== described(is)) details.push('beskrivningen ändrad');
      if (details.length > 0) lines.push({ kind: 'insats_changed', insatsType: type, text: `${label}: ${details.join('; ')}` });
    }
  }
  return lines;
}

/** The insats types a change's lines touch one by one (the stay's days touch every one). */
export function typesTouched(lines: readonly OrderChangeLine[]): { stay: boolean; types: Set<InsatsType> } {
  return {
    stay: lines.some((l) => l.kind.startsWith('stay_')),
    types: new Set(lines.flatMap((l) => (l.insatsType ? [l.insatsType] : []))),
  };
}
