import type { Insats, Order } from './order';

/**
 * The personal data of an order, kept apart from the rest so that it can be stored encrypted and
 * read only by those who may: the person block (name, personnummer, address and phone during the
 * stay, relatives, housing, social situation, disability, abilities) and the decision's free text
 * (its goal and each insats's description, which speak of the person's health and names).
 * Whether the person has a protected identity stays in the clear: access is decided by it.
 */
export interface PersonalData {
  person: Omit<Order['person'], 'protectedIdentity'>;
  decisionText: { goal: string; insatsDescriptions: string[] };
}

/** The fields of `PersonalData`, each sealed on its own (the billing view needs neither). */
export type PersonalDataField = keyof PersonalData;
export const PERSONAL_DATA_FIELDS: readonly PersonalDataField[] = ['person', 'decisionText'];

/** The order without its personal data: what may be stored and shown in the clear. */
export interface ClearOrder extends Omit<Order, 'person' | 'decision'> {
  person: { protectedIdentity: boolean };
  decision: { decidedOn: string; insatser: Omit<Insats, 'description'>[] };
}

/** Splits an order into what is stored in the clear and what is sealed. */
export function separatePersonalData(order: Order): { clear: ClearOrder; personal: PersonalData } {
  const { protectedIdentity, ...person } = order.person;
  const { goal, insatser, decidedOn } = order.decision;
  return {
    clear: {
      ...order,
      person: { protectedIdentity },
      decision: { decidedOn, insatser: insatser.map(({ description: _description, ...rest }) => rest) },
    },
    personal: { person, decisionText: { goal, insatsDescriptions: insatser.map((i) => i.description) } },
  };
}

/** The whole order again, from its clear part and its opened personal data. */
export function joinPersonalData(clear: ClearOrder, personal: PersonalData): Order {
  return {
    ...clear,
    person: { ...personal.person, protectedIdentity: clear.person.protectedIdentity },
    decision: {
      decidedOn: clear.decision.decidedOn,
      goal: personal.decisionText.goal,
      insatser: clear.decision.insatser.map((insats, i) => ({ ...insats, description: personal.decisionText.insatsDescriptions[i] ?? '' })),
    },
  };
}
