// The in-memory limiter alone: the package's index pulls in every store (Redis, Mongo, …),
// ~74 KB minified against ~8 KB for this one file.
declare module 'rate-limiter-flexible/lib/RateLimiterMemory.js' {
  import { RateLimiterMemory } from 'rate-limiter-flexible';
  export default RateLimiterMemory;
}
