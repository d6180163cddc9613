/**
 * Whether React is hydrating a prerendered page (`main.tsx`): true from `hydrateRoot` until the
 * app's first commit, so that a component can tell the page on screen from one it renders afresh.
 */
let hydrating = false;

export function markHydrating() {
  hydrating = true;
}

export function isHydrating() {
  return hydrating;
}

export function hydrationDone() {
  hydrating = false;
}

/**
 * What the user typed into a prerendered form before its JavaScript arrived: each named text
 * field (or text area) of the forms in `#root` whose value is no longer the one in the HTML, as
 * `[name, value]`. Read before React takes the fields over, so that nothing typed is lost.
 */
export function typedBeforeHydration(): [string, string][] {
  const fields = document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('#root form input[name], #root form textarea[name]');
  const typed: [string, string][] = [];
  for (const field of fields) {
    if (field instanceof HTMLInputElement && ['hidden', 'checkbox', 'radio', 'file', 'submit', 'button'].includes(field.type)) continue;
    if (field.value !== field.defaultValue) typed.push([field.name, field.value]);
  }
  return typed;
}
