import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port';
import { hasControlCharacter } from '../../web/src/entry-server';
import { startLocalStack } from '../support/local-stack';
import { exampleOrder } from '../support/order-fixture';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'vistelse-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function listening(port: number): Promise<boolean> {
  return new Promise((r) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); r(true); });
    socket.once('error', () => r(false));
  });
}

async function submit(apiUrl: string) {
  const res = await fetch(`${apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exampleOrder()) });
  expect(res.status).toBe(201);
  return (await res.json()).reference as string;
}

describe('the embedded local stack', () => {
  it('keeps cases on disk across a restart, and the reference series goes on', async () => {
    // A restart keeps its ports, as `npm start` does: handlers, like Lambda's, read their
    // environment once per process.
    const ports = { port: await freePort(), sesPort: await freePort(), dynamoDbPort: await freePort() };
    const first = await startLocalStack({ dataDir, ...ports });
    const before = await submit(first.apiUrl);
    await first.stop();

    const second = await startLocalStack({ dataDir, ...ports });
    try {
      const after = await submit(second.apiUrl);
      expect(Number(after.slice(-5))).toBe(Number(before.slice(-5)) + 1);
    } finally {
      await second.stop();
    }
  });

  it('serves the web app with the single-page fallback and security headers on one origin', async () => {
    const stack = await startLocalStack();
    try {
      for (const path of ['/', '/bestallning/person', '/tillganglighet']) {
        const res = await fetch(`${stack.baseUrl}${path}`);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const csp = res.headers.get('content-security-policy') ?? '';
        for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]) {
          expect(csp).toContain(directive);
        }
        expect(res.headers.get('strict-transport-security')).toMatch(/max-age=(\d+)/);
      }
      expect((await fetch(`${stack.baseUrl}/saknas.js`)).status).toBe(404);
      // Compressed as CloudFront compresses.
      const compressed = await fetch(`${stack.baseUrl}/`, { headers: { 'accept-encoding': 'br' } });
      expect(compressed.headers.get('content-encoding')).toBe('br');
      expect(compressed.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(await compressed.text()).toContain('<h1>Beställ insatser vid tillfällig vistelse</h1>');
      expect((await fetch(`${stack.baseUrl}/..%2f..%2fpackage.json`)).status).toBe(404);
    } finally {
      await stack.stop();
    }
  });

  it('serves the public pages prerendered, so they show before (and without) their JavaScript; other routes get the empty shell', async () => {
    const stack = await startLocalStack();
    try {
      const page = async (path: string) => {
        const res = await fetch(`${stack.baseUrl}${path}`);
        expect(res.status, path).toBe(200);
        return res.text();
      };
      const start = await page('/');
      expect(start).toContain('<title>Beställ insatser vid tillfällig vistelse – Sundbyberg (demo)</title>');
      expect(start).toContain('<h1>Beställ insatser vid tillfällig vistelse</h1>');
      expect(start).toMatch(/<a[^>]*href="\/bestallning\/bestallare"[^>]*>Starta beställningen/);

      const statement = await page('/tillganglighet');
      // Its long text with å, ä and ö came out of React 18's streaming renderer with a NUL byte in it.
      expect(hasControlCharacter(statement)).toBe(false);
      expect(statement).toContain('Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn');
      expect(statement).toContain('<title>Tillgänglighetsredogörelse – Beställ insatser vid tillfällig vistelse</title>');
      expect(statement).toContain('<h1>Tillgänglighetsredogörelse</h1>');
      // Its page is a chunk of its own, fetched with the page rather than after the app has started.
      expect(statement).toMatch(/<link rel="modulepreload"[^>]*AccessibilityPage-[\w-]+\.js/);

      expect(hasControlCharacter(start)).toBe(false);
      const firstStep = await page('/bestallning/bestallare');
      expect(hasControlCharacter(firstStep)).toBe(false);
      expect(firstStep).toContain('<title>Steg 1 av 5: Beställaren – Beställ insatser vid tillfällig vistelse</title>');
      expect(firstStep).toContain('Beställare och fakturering</h1>');
      for (const label of ['Kommun', 'Ditt namn', 'Din e-postadress', 'Fakturaadress', 'Referensnummer för fakturan']) {
        expect(firstStep, label).toMatch(new RegExp(`<label class="label" for="[^"]+">${label}<`));
      }
      expect(firstStep).not.toContain('Hämtar e-tjänsten');

      for (const path of ['/bestallning/person', '/bestallning/kvitto', '/portal', '/arende/SUN-2026-00001']) {
        const shell = await page(path);
        expect(shell, path).toContain('<div id="root"></div>');
        expect(shell, path).not.toContain('data-prerendered');
      }
    } finally {
      await stack.stop();
    }
  });

  it('npm start’s entry prints its URLs and stops every server cleanly on Ctrl-C', async () => {
    const [port, sesPort, dynamoPort, s3Port, oidcPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SES_PORT: String(sesPort), DYNAMODB_PORT: String(dynamoPort), S3_PORT: String(s3Port), OIDC_PORT: String(oidcPort), VISTELSE_DATA_DIR: join(dataDir, 'start') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const started = Date.now();
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain(`http://localhost:${port}/`);
    expect(output).toContain(`http://127.0.0.1:${sesPort}/`);
    expect(output).toContain(`Staff portal:              http://localhost:${port}/portal`);
    expect(output).toContain(`http://localhost:${oidcPort}/.well-known/openid-configuration`);
    expect(output).toContain('chase-confirmations every 15 min');
    expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);
    expect((await fetch(`http://localhost:${oidcPort}/.well-known/openid-configuration`)).status).toBe(200);

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const p of [port, sesPort, dynamoPort, s3Port, oidcPort]) expect(await listening(p), `port ${p} still open`).toBe(false);
  });
});
