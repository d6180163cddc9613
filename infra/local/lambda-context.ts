import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvokeStoreBase } from '@aws/lambda-invoke-store';

/** The parts of a Lambda context our handlers and middy read. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-north-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * The InvokeStore of Lambda's concurrent runtime, for this one process: a context per invocation
 * (AsyncLocalStorage), where Powertools keeps its per-invocation state (the log keys, the correlation
 * id, the metrics). Made here rather than by `InvokeStore.getInstanceAsync`, whose first caller (the
 * AWS SDK, as its clients load) already settled on the single-invocation store.
 */
class LocalInvokeStore extends InvokeStoreBase {
  private readonly als = new AsyncLocalStorage<Record<string | symbol, unknown>>();
  getContext() {
    return this.als.getStore();
  }
  hasContext() {
    return this.als.getStore() !== undefined;
  }
  get<T = unknown>(key: string | symbol): T | undefined {
    return this.als.getStore()?.[key] as T | undefined;
  }
  set<T = unknown>(key: string | symbol, value: T): void {
    if (this.isProtectedKey(key)) throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    const store = this.als.getStore();
    if (!store) throw new Error('No context available');
    store[key] = value;
  }
  run<T>(context: Record<string | symbol, unknown>, fn: () => T): T {
    return this.als.run(context, fn);
  }
}

let invokeStore: LocalInvokeStore | undefined;

/**
 * The local stack runs every function in one process, many invocations at once — as Lambda's
 * runtime does for concurrent invocations (`AWS_LAMBDA_MAX_CONCURRENCY`), each gets its own context.
 */
export function concurrentInvocations(): LocalInvokeStore {
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
  invokeStore ??= new LocalInvokeStore();
  const global = globalThis as { awslambda?: { InvokeStore?: unknown } };
  global.awslambda ??= {};
  global.awslambda.InvokeStore = invokeStore;
  return invokeStore;
}

/** A handler invoked as Lambda would: within its own invocation context (its request id the context's). */
export function asLambda<E, R>(handler: (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R> {
  return async (event, context) => concurrentInvocations().run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () => handler(event, context));
}
