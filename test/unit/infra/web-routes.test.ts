import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { webFileFor, webRewriteCode, type WebRoutes } from '../../../infra/web-routes';
import { fakeWebDist } from '../../infra/support';
import { webRoutes } from '../../../infra/web-routes';

const routes: WebRoutes = {
  pages: { '/': '/index.html', '/tillganglighet': '/tillganglighet/index.html', '/bestallning/bestallare': '/bestallning/bestallare/index.html' },
  shell: '/app.html',
};

const cases: [string, string][] = [
  ['/', '/index.html'],
  ['/tillganglighet', '/tillganglighet/index.html'],
  ['/tillganglighet/', '/tillganglighet/index.html'],
  ['/bestallning/bestallare', '/bestallning/bestallare/index.html'],
  ['/bestallning', '/app.html'],
  ['/bestallning/person', '/app.html'],
  ['/bestallning/kvitto', '/app.html'],
  ['/portal/arenden/42', '/app.html'],
  ['/arende/SUN-2026-00001', '/app.html'],
  ['/constructor', '/app.html'],
  ['/__proto__', '/app.html'],
  ['/assets/index-abc.js', '/assets/index-abc.js'],
  ['/favicon.svg', '/favicon.svg'],
  ['/saknas.js', '/saknas.js'],
];

describe('which file answers a path of the web app', () => {
  it('is the prerendered page, else the app shell, else the file — the same in the local adapter and in CloudFront’s function', () => {
    const code = webRewriteCode(routes);
    for (const [uri, file] of cases) {
      expect(webFileFor(uri, routes), uri).toBe(file);
      expect(runInNewContext(`${code}\nhandler({ request: { uri: ${JSON.stringify(uri)} } }).uri`), uri).toBe(file);
    }
  });

  it('reads the prerendered pages and the shell from the build', () => {
    expect(webRoutes(fakeWebDist())).toEqual({
      pages: { '/': '/index.html', '/tillganglighet': '/tillganglighet/index.html' },
      shell: '/app.html',
    });
  });
});
