import type { FieldErrors } from 'react-hook-form';
import type { FieldIssue } from '../../../shared/order';
import { fieldId } from './steps';

const SKIP = new Set(['message', 'type', 'ref', 'types', 'root']);

/** Every error message in react-hook-form's nested errors, by dotted path. */
export function collectErrors(errors: FieldErrors | undefined, prefix = ''): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!errors || typeof errors !== 'object') return out;
  const node = errors as Record<string, unknown>;
  if (typeof node.message === 'string' && node.message) out.push({ path: prefix, message: node.message });
  const root = node.root as { message?: unknown } | undefined;
  if (root && typeof root.message === 'string' && root.message) out.push({ path: prefix, message: root.message });
  for (const key of Object.keys(node)) {
    if (SKIP.has(key)) continue;
    const child = node[key];
    if (child && typeof child === 'object') {
      out.push(...collectErrors(child as FieldErrors, prefix ? `${prefix}.${key}` : key));
    }
  }
  return out;
}

/** The first error message at or under `path`. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return collectErrors(node as FieldErrors)[0]?.message;
}

/** The element on the page that shows a field: its own id, else the nearest enclosing path's. */
export function findFieldElement(path: string): HTMLElement | null {
  const parts = path.split('.');
  while (parts.length) {
    const el = document.getElementById(fieldId(parts.join('.')));
    if (el) return el;
    parts.pop();
  }
  return null;
}

/** Moves focus to a field (its label scrolled into view, as GOV.UK does). */
export function focusField(path: string): boolean {
  const el = findFieldElement(path);
  if (!el) return false;
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
  const legend = el.closest('fieldset')?.querySelector('legend');
  (legend ?? label ?? el).scrollIntoView({ block: 'start' });
  return true;
}

/** Sorts issues in the order their fields appear on the page (unknown fields last). */
export function inPageOrder(issues: FieldIssue[]): FieldIssue[] {
  const withEl = issues.map((issue, index) => ({ issue, index, el: findFieldElement(issue.path) }));
  return withEl
    .sort((a, b) => {
      if (a.el && b.el && a.el !== b.el) {
        return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      }
      if (a.el && !b.el) return -1;
      if (!a.el && b.el) return 1;
      return a.index - b.index;
    })
    .map((x) => x.issue);
}
