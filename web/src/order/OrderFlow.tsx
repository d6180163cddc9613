import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { FormProvider, useForm, type FieldPath, type Resolver } from 'react-hook-form';
import { stockholmToday, type IsoDate } from '../../../shared/dates';
import type { IntakeOptions } from '../../../shared/intake-options';
import { orderSchemaFor, type FieldIssue, type Order, type OrderInput } from '../../../shared/order';
import { loadIntakeOptions, postOrder } from '../api';
import { useBrowserLayoutEffect, useDocumentTitle } from '../hooks';
import { isHydrating, typedBeforeHydration } from '../hydration';
import { preloadReceiptPage } from '../pages/lazy-pages';
import { Link, navigate } from '../router';
import { pageTitle } from '../site';
import { CheckAnswers } from './CheckAnswers';
import { ErrorSummary, type SummaryEntry } from './ErrorSummary';
import { collectErrors, inPageOrder } from './errors';
import { clearOrder, emptyOrder, hasSavedOrder, restoreOrder, saveOrder } from './form-values';
import { messageWithContext } from './labels';
import { municipalityCodeForName } from './MunicipalityField';
import { providerProblem } from './providers';
import { StepIndicator } from './StepIndicator';
import { StepOrderer } from './StepOrderer';
import { StepPerson } from './StepPerson';
import { StepProvider } from './StepProvider';
import { StepStay } from './StepStay';
import { STEP_COUNT, STEPS, stepBySlug, stepForPath, stepPath, type StepSlug } from './steps';
import { forgetIdempotencyKey, idempotencyKeyFor, saveReceipt } from './submission';

let loadedOptions: IntakeOptions | undefined;

/** The steps whose page shows without the intake options (the first is prerendered at build time). */
const WITHOUT_OPTIONS: readonly StepSlug[] = ['bestallare', 'person'];

/**
 * The order form's steps: one form across the steps. The intake options (the municipality's
 * rules and providers) are fetched once; the first steps show at once and their answers are
 * checked against the options as soon as they are there.
 */
export function OrderFlow({ slug, returnToCheck }: { slug: StepSlug; returnToCheck: boolean }) {
  const [options, setOptions] = useState(loadedOptions);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (options) return;
    let cancelled = false;
    setFailed(false);
    loadIntakeOptions().then(
      (loaded) => {
        loadedOptions = loaded;
        if (!cancelled) setOptions(loaded);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [options, attempt]);

  if (failed) return <OptionsFailed retry={() => setAttempt((n) => n + 1)} />;
  return <OrderForm options={options} slug={slug} returnToCheck={returnToCheck} />;
}

function OptionsFailed({ retry }: { retry: () => void }) {
  useDocumentTitle(pageTitle('E-tjänsten kunde inte startas'));
  return (
    <>
      <h1>E-tjänsten kunde inte startas</h1>
      <p>Vi kunde inte hämta uppgifterna som e-tjänsten behöver. Det beror på oss, inte på dig.</p>
      <p>Det du redan har fyllt i finns kvar i den här fliken.</p>
      <button type="button" className="button" onClick={retry}>
        Försök igen
      </button>
    </>
  );
}

interface FormProps {
  /** Undefined until fetched: the steps that need them show a status line meanwhile. */
  options: IntakeOptions | undefined;
  slug: StepSlug;
  returnToCheck: boolean;
}

const NO_ISSUES: FieldIssue[] = [];

/** The schema's resolver, built from the intake options once they are there (awaited if not yet). */
function useOrderResolver(today: IsoDate): Resolver<OrderInput, unknown, Order> {
  return useMemo(() => {
    let built: { options: IntakeOptions; resolve: Resolver<OrderInput, unknown, Order> } | undefined;
    return async (values, context, resolverOptions) => {
      const options = await loadIntakeOptions();
      if (built?.options !== options) built = { options, resolve: zodResolver(orderSchemaFor(options, today)) };
      return built.resolve(values, context, resolverOptions);
    };
  }, [today]);
}

function OrderForm({ options, slug, returnToCheck }: FormProps) {
  const today = useMemo(() => stockholmToday(new Date()), []);
  const resolver = useOrderResolver(today);
  // Hydrating the prerendered first step: the form starts as it was rendered at build time (empty),
  // then takes the answers kept in this tab and anything typed before the JavaScript arrived.
  const [hydrating] = useState(isHydrating);
  const [typedEarly] = useState(() => (hydrating ? typedBeforeHydration() : []));
  const [defaultValues] = useState(() => (hydrating ? emptyOrder() : restoreOrder()));
  const methods = useForm<OrderInput, unknown, Order>({
    resolver,
    defaultValues,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: false,
  });
  const { formState, trigger, setError, getValues, handleSubmit, clearErrors, watch, reset, setValue } = methods;

  useBrowserLayoutEffect(() => {
    if (!hydrating) return;
    if (hasSavedOrder()) reset(restoreOrder());
    for (const [name, value] of typedEarly) {
      setValue(name as FieldPath<OrderInput>, value, { shouldDirty: true });
      if (name === 'homeMunicipality.name') setValue('homeMunicipality.code', municipalityCodeForName(value), { shouldDirty: true });
    }
    if (typedEarly.length) saveOrder(getValues());
  }, [hydrating, typedEarly, reset, setValue, getValues]);

  // Answers survive moving between steps (one form) and a reload (sessionStorage), until sent.
  const sent = useRef(false);
  useEffect(() => {
    const subscription = watch(() => {
      if (!sent.current) saveOrder(getValues());
    });
    return () => subscription.unsubscribe();
  }, [watch, getValues]);

  const [focusKey, setFocusKey] = useState(0);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const [sendFailure, setSendFailure] = useState<string>();
  const [unplaced, setUnplaced] = useState<FieldIssue[]>(NO_ISSUES);

  const step = stepBySlug(slug) ?? STEPS[0];
  const index = STEPS.indexOf(step);
  const isCheck = step.slug === 'kontrollera';

  // Errors shown: on a step, those of its fields; on the check page, all, each linking to its step.
  const errors = collectErrors(formState.errors);
  const entries: SummaryEntry[] = isCheck
    ? [
        ...errors.map((issue) => {
          const owner = stepForPath(issue.path);
          return {
            path: issue.path,
            message: messageWithContext(issue.path, issue.message, owner ? `${owner.short}` : undefined),
            href: owner ? `${stepPath(owner.slug)}?tillbaka=kontrollera#${issue.path}` : undefined,
            noLink: !owner,
          };
        }),
        ...unplaced.map((issue) => ({ path: issue.path, message: issue.message, noLink: true })),
      ]
    : inPageOrder(errors.filter((issue) => stepForPath(issue.path) === step)).map((issue) => ({
        path: issue.path,
        message: messageWithContext(issue.path, issue.message),
      }));

  const title = `Steg ${step.number} av ${STEP_COUNT}: ${step.short}`;
  useDocumentTitle(pageTitle(`${entries.length ? 'Fel: ' : ''}${title}`));

  const next = STEPS[index + 1];
  const back = returnToCheck ? stepPath('kontrollera') : index > 0 ? stepPath(STEPS[index - 1].slug) : '/';

  const onContinue = useCallback(
    async (event: FormEvent) => {
      event.preventDefault();
      let valid: boolean;
      try {
        valid = await trigger(step.fields as FieldPath<OrderInput>[]);
      } catch {
        // The intake options could not be fetched: OrderFlow shows that instead of the form.
        return;
      }
      let problem: string | undefined;
      if (valid && step.slug === 'utforare' && options) {
        problem = providerProblem(options, getValues());
        if (problem) setError('provider', { type: 'custom', message: problem });
      }
      if (!valid || problem) {
        setFocusKey((k) => k + 1);
        return;
      }
      navigate(returnToCheck || !next ? stepPath('kontrollera') : stepPath(next.slug));
    },
    [trigger, step, options, getValues, setError, returnToCheck, next],
  );

  const send = useCallback(async (order: Order) => {
    if (!options) return;
    const problem = providerProblem(options, getValues());
    if (problem) {
      setError('provider', { type: 'custom', message: problem });
      setFocusKey((k) => k + 1);
      return;
    }
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    setSendFailure(undefined);
    setUnplaced(NO_ISSUES);
    const body = JSON.stringify(order);
    preloadReceiptPage();
    const result = await postOrder(order, idempotencyKeyFor(body));
    sendingRef.current = false;
    setSending(false);
    if (result.kind === 'created') {
      sent.current = true;
      saveReceipt({ receipt: result.receipt, ordererEmail: order.orderer.email });
      clearOrder();
      navigate('/bestallning/kvitto', { replace: true });
      return;
    }
    if (result.kind === 'invalid') {
      // Nothing was stored: the same key may be used again, but a corrected order gets a new one.
      clearErrors();
      const elsewhere: FieldIssue[] = [];
      for (const issue of result.issues) {
        if (stepForPath(issue.path)) setError(issue.path as FieldPath<OrderInput>, { type: 'server', message: issue.message });
        else elsewhere.push(issue);
      }
      setUnplaced(elsewhere);
      setFocusKey((k) => k + 1);
      return;
    }
    if (result.code === 'idempotency_key_reused') forgetIdempotencyKey();
    setSendFailure(
      `${result.message ? `${result.message} ` : ''}Inget av det du har fyllt i har försvunnit. Vänta en stund och försök sedan skicka igen.`,
    );
    setFocusKey((k) => k + 1);
  }, [options, getValues, setError, clearErrors]);

  const onSend = useCallback(() => {
    if (sendingRef.current) return;
    void handleSubmit(send, () => setFocusKey((k) => k + 1))();
  }, [handleSubmit, send]);

  return (
    <FormProvider {...methods}>
      <Link className="back-link" href={back}>
        Tillbaka
      </Link>
      <StepIndicator current={step} />
      {sendFailure && <SendFailure message={sendFailure} focusKey={focusKey} />}
      <ErrorSummary
        entries={entries}
        focusKey={focusKey}
        intro={isCheck ? 'Rätta felen och skicka sedan beställningen igen. Länkarna tar dig till rätt steg.' : undefined}
      />
      <p className="caption">
        Steg {step.number} av {STEP_COUNT}
      </p>
      <h1 id="h1-step">{step.title}</h1>
      {!options && !WITHOUT_OPTIONS.includes(step.slug) ? (
        <p role="status" className="loading">
          Hämtar e-tjänsten …
        </p>
      ) : isCheck ? (
        <CheckAnswers options={options!} values={getValues()} today={today} sending={sending} onSend={onSend} />
      ) : (
        <form noValidate onSubmit={onContinue} aria-labelledby="h1-step">
          {step.slug === 'bestallare' && <StepOrderer />}
          {step.slug === 'person' && <StepPerson />}
          {step.slug === 'vistelse' && options && <StepStay options={options} today={today} />}
          {step.slug === 'utforare' && options && <StepProvider options={options} />}
          <button type="submit" className="button">
            Fortsätt
          </button>
        </form>
      )}
    </FormProvider>
  );
}

function SendFailure({ message, focusKey }: { message: string; focusKey: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <div className="notice notice--error" ref={ref} tabIndex={-1} role="alert" aria-labelledby="send-failure-title">
      <h2 className="notice__title" id="send-failure-title">
        Beställningen kunde inte skickas
      </h2>
      <p>{message}</p>
    </div>
  );
}
