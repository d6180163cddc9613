import { useEffect, useRef } from 'react';
import { Link } from '../router';
import { focusField } from './errors';
import { fieldId } from './steps';

export interface SummaryEntry {
  path: string;
  message: string;
  /** Another page holding the field; without it the field is on this page. */
  href?: string;
  /** No field to link to (e.g. a problem with the whole order). */
  noLink?: boolean;
}

interface Props {
  entries: SummaryEntry[];
  /** Changes each time the summary should take focus (a failed "Fortsätt" or send). */
  focusKey: number;
  intro?: string;
}

/**
 * GOV.UK's error summary: above the heading, focused when shown so screen readers read it, each
 * entry a link that moves focus to the field it is about.
 */
export function ErrorSummary({ entries, focusKey, intro }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = entries.length > 0;
  useEffect(() => {
    if (focusKey > 0 && shown) {
      ref.current?.focus();
      ref.current?.scrollIntoView({ block: 'start' });
    }
  }, [focusKey, shown]);
  if (!shown) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 className="error-summary__title" id="error-summary-title">
        Det finns fel i formuläret
      </h2>
      {intro && <p>{intro}</p>}
      <ul className="error-summary__list">
        {entries.map((entry, i) => (
          <li key={`${entry.path}-${i}`}>
            {entry.noLink ? (
              entry.message
            ) : entry.href ? (
              <Link href={entry.href}>{entry.message}</Link>
            ) : (
              <a
                href={`#${fieldId(entry.path)}`}
                onClick={(event) => {
                  if (focusField(entry.path)) event.preventDefault();
                }}
              >
                {entry.message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
