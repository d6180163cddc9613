import example from '../fixtures/order.example.json';
import { addDays, stockholmToday } from '../../shared/dates';

export type OrderBody = typeof example;

/**
 * The contract's example order (`order.example.json`, copied as it is) with its dates moved so
 * that they keep their distance to `today`: stay starting in 22 days for 62 days, decided 3 days ago.
 */
export function exampleOrder(today: string = stockholmToday(new Date())): OrderBody {
  const order = structuredClone(example);
  order.stay.from = addDays(today, 22);
  order.stay.to = addDays(today, 84);
  order.decision.decidedOn = addDays(today, -3);
  return order;
}

/** The example exactly as the contract ships it. */
export function contractExample(): OrderBody {
  return structuredClone(example);
}
