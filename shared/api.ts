import type { OrderWarning } from './order-warnings';
import type { FieldIssue } from './order';

/** `201` body of `POST /api/orders`. */
export interface OrderReceipt {
  reference: string;
  status: 'received';
  receivedAt: string;
  stay: { from: string; to: string };
  warnings: OrderWarning[];
}

/** Error body of every non-2xx API response (the public contract). */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: FieldIssue[] };
}
