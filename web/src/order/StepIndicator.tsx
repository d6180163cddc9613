import { STEP_COUNT, STEPS, type StepDefinition } from './steps';

/** Where in the order you are: numbers, names and a text marker, not colour only. */
export function StepIndicator({ current }: { current: StepDefinition }) {
  return (
    <nav className="steps" aria-label="Steg i beställningen">
      <ol className="steps__list">
        {STEPS.map((step) => {
          const isCurrent = step === current;
          return (
            <li
              key={step.slug}
              className={`steps__item${isCurrent ? ' steps__item--current' : ''}`}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <span className="steps__number" aria-hidden="true">
                {step.number}
              </span>
              <span className="steps__name">
                <span className="visually-hidden">
                  Steg {step.number} av {STEP_COUNT}:{' '}
                </span>
                {step.short}
                {isCurrent && <span className="steps__marker"> (du är här)</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
