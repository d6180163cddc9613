/**
 * `npm start` prints the functions' own lines — Powertools' JSON log lines and EMF metric blobs,
 * exactly what CloudWatch gets in AWS — readably: one line each, time, level, function, message,
 * the rest as key=value. `VISTELSE_LOG_FORMAT=json` leaves them as they are.
 */
const LEVEL_WIDTH = 6;
/** Keys every line has, shown in their own places or left out (they say the same on every line). */
const PLACED = new Set(['level', 'message', 'timestamp', 'service', 'function_name', 'sampling_rate', 'function_arn', 'function_memory_size', 'cold_start', 'xray_trace_id', 'function_request_id', 'correlation_id']);

const time = (iso: unknown) => (typeof iso === 'string' && iso.length >= 19 ? iso.slice(11, 19) : new Date().toISOString().slice(11, 19));
const value = (v: unknown) => (typeof v === 'string' ? (/[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v) : JSON.stringify(v));

interface EmfBlob {
  _aws: { Timestamp?: number; CloudWatchMetrics?: { Namespace?: string; Dimensions?: string[][]; Metrics?: { Name: string; Unit?: string }[] }[] };
  [key: string]: unknown;
}

/** One Powertools line as a person reads it, or `undefined` for anything else (left as it is). */
export function readableLine(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (parsed._aws && typeof parsed._aws === 'object') return readableMetrics(parsed as EmfBlob);
  if (typeof parsed.level !== 'string' || typeof parsed.message !== 'string') return undefined;
  const fn = typeof parsed.function_name === 'string' ? parsed.function_name : '-';
  const extra = Object.entries(parsed)
    .filter(([k]) => !PLACED.has(k))
    .map(([k, v]) => `${k}=${value(v)}`);
  const correlation = typeof parsed.correlation_id === 'string' ? [`correlation_id=${value(parsed.correlation_id)}`] : [];
  return [time(parsed.timestamp), parsed.level.padEnd(LEVEL_WIDTH), fn, parsed.message, ...extra, ...correlation].join('  ');
}

function readableMetrics(blob: EmfBlob): string {
  const directive = blob._aws.CloudWatchMetrics?.[0];
  const dims = (directive?.Dimensions?.[0] ?? []).filter((d) => d !== 'service').map((d) => `${d}=${value(blob[d])}`);
  const metrics = (directive?.Metrics ?? []).map((m) => {
    const v = blob[m.Name];
    const values = Array.isArray(v) ? v : [v];
    const total = values.reduce((sum: number, x) => sum + (typeof x === 'number' ? x : 0), 0);
    return `${m.Name}=${m.Unit === 'Milliseconds' ? `${total} ms` : total}`;
  });
  const at = typeof blob._aws.Timestamp === 'number' ? new Date(blob._aws.Timestamp).toISOString() : undefined;
  return [time(at), 'METRIC', directive?.Namespace ?? '-', ...metrics, ...(dims.length ? [`(${dims.join(', ')})`] : [])].join('  ');
}

/** Rewrites what goes to `stream`, line by line (a write may hold several lines). */
export function printReadably(stream: NodeJS.WriteStream = process.stdout): void {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.includes('{')) return write(chunk, ...rest);
    const out = text
      .split('\n')
      .map((line) => readableLine(line) ?? line)
      .join('\n');
    return write(out, ...rest);
  }) as typeof stream.write;
}
