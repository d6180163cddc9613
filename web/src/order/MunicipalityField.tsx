import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { MUNICIPALITIES, municipalityNameMatches } from '../../../shared/municipalities';
import type { OrderInput } from '../../../shared/order';
import { ErrorMessage, Hint, RequiredMark, useFieldError } from './fields';
import { fieldId } from './steps';

const BY_NAME = [...MUNICIPALITIES].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
const MAX_SHOWN = 8;

/** The municipalities whose name starts with the text first, then those that contain it. */
function matching(text: string) {
  const t = text.trim().toLocaleLowerCase('sv');
  if (!t) return [];
  const starts = BY_NAME.filter((m) => m.name.toLocaleLowerCase('sv').startsWith(t));
  const contains = BY_NAME.filter((m) => !starts.includes(m) && m.name.toLocaleLowerCase('sv').includes(t));
  return [...starts, ...contains].slice(0, MAX_SHOWN);
}

/** The kommunkod of a municipality's name typed in full, else `''`. */
export function municipalityCodeForName(text: string) {
  return BY_NAME.find((m) => municipalityNameMatches(m.code, text))?.code ?? '';
}

/**
 * **Bosättningskommun**, picked by name from Sweden's 290 (SCB's kommunkoder): an ARIA 1.2
 * combobox — type to narrow the list, arrow keys to move in it, Enter to choose, Escape to close;
 * a mouse or a finger may tap an option. The kommunkod follows from the choice and is shown; a name
 * typed in full is taken without choosing it. Both values are the order's `homeMunicipality`.
 */
export function MunicipalityField() {
  const { setValue, register } = useFormContext<OrderInput>();
  const name = useWatch<OrderInput, 'homeMunicipality.name'>({ name: 'homeMunicipality.name' }) ?? '';
  const code = useWatch<OrderInput, 'homeMunicipality.code'>({ name: 'homeMunicipality.code' }) ?? '';
  const nameError = useFieldError('homeMunicipality.name');
  const codeError = useFieldError('homeMunicipality.code');
  const error = nameError ?? codeError;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const options = useMemo(() => matching(name), [name]);
  const id = fieldId('homeMunicipality');
  const listId = `${useId()}-list`;
  const shown = open && options.length > 0;

  const choose = (m: { code: string; name: string }) => {
    setValue('homeMunicipality.name', m.name, { shouldDirty: true });
    setValue('homeMunicipality.code', m.code, { shouldDirty: true });
    setOpen(false);
    setActive(-1);
  };
  const type = (text: string) => {
    setValue('homeMunicipality.name', text, { shouldDirty: true });
    // A name typed in full is its municipality; anything else has no code until one is chosen.
    setValue('homeMunicipality.code', municipalityCodeForName(text), { shouldDirty: true });
    setOpen(true);
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (event.key === 'Enter' && shown && active >= 0) {
      event.preventDefault();
      choose(options[active]!);
    } else if (event.key === 'Escape' && shown) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };
  const described = [`${id}-hint`, `${id}-code`, error ? `${id}-error` : ''].filter(Boolean).join(' ');

  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        Kommun
        <RequiredMark />
      </label>
      <Hint id={id}>Skriv början av kommunens namn och välj i listan, till exempel Katrineholm.</Hint>
      <ErrorMessage id={id} message={error} />
      <div className="combobox">
        <input
          id={id}
          name="homeMunicipality.name"
          className={`input input--w-20${error ? ' input--error' : ''}`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          value={name}
          onChange={(e) => type(e.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
        />
        <ul id={listId} role="listbox" aria-label="Kommuner" className="combobox__list" hidden={!shown}>
          {options.map((m, i) => (
            <li
              key={m.code}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`combobox__option${i === active ? ' combobox__option--active' : ''}`}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(m);
              }}
            >
              {m.name}
            </li>
          ))}
        </ul>
      </div>
      <p className="hint" id={`${id}-code`} aria-live="polite">
        {code ? `Kommunkod: ${code}` : 'Kommunkoden fylls i när du har valt en kommun.'}
      </p>
      <input type="hidden" {...register('homeMunicipality.code')} />
    </div>
  );
}
