import { concurrentInvocations } from './lambda-context';

// Imported first by the local entry points: Powertools reads the InvokeStore as its modules load,
// and a process that inherits AWS_LAMBDA_MAX_CONCURRENCY (a child of a test run) needs it there.
concurrentInvocations();
