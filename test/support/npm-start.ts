import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../infra/local/free-port';

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm start`'s entry as its own process, on free ports and a data directory of its own, with everything it writes captured. */
export interface NpmStart {
  /** All it has written to stdout and stderr so far. */
  output(): string;
  port: number;
  dynamoDbPort: number;
  baseUrl: string;
  mailUrl: string;
  /** Ctrl-C, as a person stops it; its data directory removed. */
  stop(): Promise<void>;
}

export async function startNpmStart(env: Record<string, string> = {}): Promise<NpmStart> {
  const [port, sesPort, dynamoDbPort, s3Port, oidcPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'vistelse-npm-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SES_PORT: String(sesPort), DYNAMODB_PORT: String(dynamoDbPort), S3_PORT: String(s3Port), OIDC_PORT: String(oidcPort), VISTELSE_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  for (const started = Date.now(); !output.includes('Press Ctrl-C to stop.'); await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null || Date.now() - started > 90_000) throw new Error(`npm start did not come up:\n${output}`);
  }
  return {
    output: () => output,
    port,
    dynamoDbPort,
    baseUrl: `http://localhost:${port}`,
    mailUrl: `http://127.0.0.1:${sesPort}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
