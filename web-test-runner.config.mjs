// Browser tests of the citizen widget: Chromium, against a live Segnala server with the seeded
// Seravezza demo data. Its database: with DATABASE_URL set, a fresh one made for the run on that
// PostgreSQL server and dropped at the end; otherwise embedded PGlite in a temporary folder.
// Nothing is mocked but map tiles.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { freePort } from './test/widget/free-port.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { hostileStreetsServerPlugin } from './test/widget/hostile-streets-server.mjs';
import { startMailbox } from './test/widget/mailbox-server.mjs';
import { createScratchDatabase } from './test/widget/scratch-database.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

const apiPort = await freePort();
const apiUrl = `http://127.0.0.1:${apiPort}`;
const mailbox = await startMailbox();

/** Starts `node --import tsx server/index.ts` (not npx: its PID would not be the server's) and stops it by PID. */
function apiServerPlugin() {
  let child;
  let dataDir;
  let database;
  const stop = () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
  };
  const cleanUp = async () => {
    stop();
    if (child && child.exitCode === null) await new Promise((r) => child.once('exit', r));
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  return {
    name: 'segnala-api-server',
    async serverStart() {
      dataDir = await mkdtemp(join(tmpdir(), 'segnala-widget-test-'));
      // The demo seed needs an empty database: a new one on DATABASE_URL's server, or the embedded one in dataDir.
      database = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
      try {
        child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
          cwd: root,
          env: {
            ...process.env,
            PORT: String(apiPort),
            HOST: '127.0.0.1',
            DATA_DIR: dataDir,
            DEMO: '1',
            // The suites log in and file far more often than one person: limits have their own server tests.
            RATE_LIMIT_FACTOR: '100',
            LOG_LEVEL: 'warn',
            // Mail goes to a real SMTP server of the run (test/widget/mailbox-server.mjs); links in
            // it point at this server's demo page.
            SMTP_URL: mailbox.url,
            PUBLIC_URL: apiUrl,
            DATABASE_URL: database?.url ?? '',
            // One process: each keeps its own short caches (municipality settings, clusters), so a
            // test's settings change would reach one worker's answers seconds before another's.
            WORKERS: '1',
            // One process on a shared database: a key of its own, rather than the warning about a generated one.
            ...(database && { SECRET_KEY: randomBytes(32).toString('hex') }),
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        process.once('exit', stop);
        const deadline = Date.now() + 90_000;
        for (;;) {
          if (child.exitCode !== null) throw new Error(`the API server exited with code ${child.exitCode}`);
          try {
            const res = await fetch(`${apiUrl}/api/v1/seravezza/config`);
            if (res.ok) break;
          } catch {
            /* not listening yet */
          }
          if (Date.now() > deadline) throw new Error('the API server did not become ready in 90 s');
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch (err) {
        await cleanUp();
        throw err;
      }
    },
    async serverStop() {
      await cleanUp();
    },
  };
}

/**
 * `executeServerCommand('node-fetch', { url, method, headers, body })`: a request made by Node, where
 * no CORS applies, as a municipality's own server would make it. The embedding test needs it to
 * restore the allowed origins after it has locked its own page out.
 */
function nodeFetchPlugin() {
  return {
    name: 'node-fetch',
    async executeCommand({ command, payload }) {
      if (command !== 'node-fetch') return undefined;
      const res = await fetch(payload.url, { method: payload.method ?? 'GET', headers: payload.headers, body: payload.body });
      return { status: res.status, body: await res.text() };
    },
  };
}

/**
 * `touch-screen`: the test's page as a phone's, through Chromium's own touch emulation (what
 * DevTools' device mode does): `(pointer: coarse)` matches, as on a screen touched by a finger.
 */
function touchScreenPlugin() {
  return {
    name: 'touch-screen',
    async executeCommand({ command, payload, session }) {
      if (command !== 'touch-screen') return undefined;
      const page = session.browser.getPage(session.id);
      const cdp = await page.createCDPSession();
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: payload.enabled, maxTouchPoints: payload.enabled ? 5 : 1 });
      await cdp.send('Emulation.setEmitTouchEventsForMouse', { enabled: payload.enabled, configuration: 'mobile' });
      return true;
    },
  };
}

/**
 * `fresh-history`: the tab's session history reduced to the page itself. The runner reuses one tab
 * for every test file, each leaving two entries or more, so by the last files the history is at
 * Chromium's cap of 50 entries; there, going back over entries a test pushed left the test page for
 * an earlier about:blank (seen in CI, and reproduced with the whole suite, never with one file).
 */
function freshHistoryPlugin() {
  return {
    name: 'fresh-history',
    async executeCommand({ command, session }) {
      if (command !== 'fresh-history') return undefined;
      const cdp = await session.browser.getPage(session.id).createCDPSession();
      await cdp.send('Page.resetNavigationHistory');
      await cdp.detach();
      return true;
    },
  };
}

/** `import css from 'x.css?inline'` as Vite does it: a module exporting the text. */
function cssInlinePlugin() {
  return {
    name: 'css-inline',
    async serve(context) {
      if (context.path.endsWith('.css') && context.URL.searchParams.has('inline')) {
        const file = context.path.startsWith('/__wds-outside-root__/')
          ? context.path.replace(/^\/__wds-outside-root__\/\d+\//, '')
          : context.path.slice(1);
        const text = await readFile(join(root, decodeURIComponent(file)), 'utf8');
        return { body: `export default ${JSON.stringify(text)};`, type: 'js' };
      }
    },
  };
}

export default {
  rootDir: root,
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 170_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 30_000 } },
  plugins: [mailbox.plugin, apiServerPlugin(), hostileStreetsServerPlugin({ root }), cssInlinePlugin(), nodeFetchPlugin(), touchScreenPlugin(), freshHistoryPlugin(), esbuildPlugin({ ts: true, tsconfig: join(root, 'tsconfig.json'), target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="it">
  <head><meta charset="utf-8" /><script>window.SEGNALA_API = ${JSON.stringify(apiUrl)};</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
};
