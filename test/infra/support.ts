import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';

/**
 * A stand-in for `web/dist` (so the infra tests need no web build): prerendered pages at `/` and
 * `/tillganglighet`, the app shell `app.html` and a hashed asset.
 */
export function fakeWebDist(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vistelse-webdist-'));
  mkdirSync(path.join(dir, 'assets'));
  mkdirSync(path.join(dir, 'tillganglighet'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Vistelse</title><h1>Start</h1>');
  writeFileSync(path.join(dir, 'app.html'), '<!doctype html><title>Vistelse</title>');
  writeFileSync(path.join(dir, 'tillganglighet', 'index.html'), '<!doctype html><title>Tillgänglighetsredogörelse</title>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

/** The demo configuration with one broken reference, written to a temporary file. */
export function badMunicipalityConfig(projectRoot: string): { file: string; badPath: string } {
  const config = JSON.parse(readFileSync(path.join(projectRoot, 'config/municipality.demo.json'), 'utf8'));
  config.caseworkers[0].unitId = 'finns-inte';
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'vistelse-config-')), 'bad-municipality.json');
  writeFileSync(file, JSON.stringify(config));
  return { file, badPath: 'caseworkers.0.unitId' };
}

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** Resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** The one resource of a type (fails if there are more or none). */
export function onlyResource(template: Template, type: string): [string, Resource] {
  const entries = Object.entries(resourcesOf(template, type));
  if (entries.length !== 1) throw new Error(`Expected one ${type}, found ${entries.length}`);
  return entries[0];
}

/**
 * Lambda event filtering, for the pattern features we use: a list of allowed values (strings,
 * or `{ prefix }`) at the leaves, nested objects above them.
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((allowed) =>
      allowed && typeof allowed === 'object' && 'prefix' in allowed
        ? typeof event === 'string' && event.startsWith(String((allowed as { prefix: string }).prefix))
        : event === allowed,
    );
  }
  if (pattern && typeof pattern === 'object') {
    if (!event || typeof event !== 'object') return false;
    return Object.entries(pattern).every(([key, sub]) => matchesEventPattern(sub, (event as Record<string, unknown>)[key]));
  }
  throw new Error(`Unsupported pattern element ${JSON.stringify(pattern)}`);
}
