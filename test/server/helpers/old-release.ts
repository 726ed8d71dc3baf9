import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ServerProcess } from './server-process.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface OldRelease {
  commit: string;
  /** The folder holding the release's files. */
  dir: string;
  /** Starts the release's own server/index.ts there, as its own test helper did (same env rules). */
  startServer(env: Record<string, string>): Promise<ServerProcess>;
  cleanup(): Promise<void>;
}

/** `name → version` of every package a package-lock.json (lockfileVersion 2 or 3) installs. */
function lockedVersions(lockText: string): Map<string, string> {
  const lock = JSON.parse(lockText) as { packages?: Record<string, { version?: string }> };
  return new Map(
    Object.entries(lock.packages ?? {})
      .filter(([path, p]) => path !== '' && p.version)
      .map(([path, p]) => [path, p.version!]),
  );
}

/**
 * Checks a release's files out of this repository into a temporary folder and makes it runnable.
 *
 * Its node_modules is a symlink to the current checkout's. That is sound only when every package
 * the release's lockfile installs is installed here at the very same version (releases until now
 * only added dependencies): then the release runs on exactly the packages it was tested with. This
 * is checked, and a release whose lockfile differs is refused with the packages named, rather than
 * run on code it never ran on (such a release needs its own `npm ci` in its folder instead).
 */
export async function checkoutRelease(commit: string): Promise<OldRelease> {
  try {
    await run('git', ['rev-parse', '--git-dir'], { cwd: root });
  } catch {
    throw new Error(`The upgrade test checks the release ${commit} out of git history, and ${root} is not a git clone: run it in one.`);
  }
  try {
    await run('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: root });
  } catch {
    throw new Error(
      `The release commit ${commit} is not in this clone (a shallow clone has only the newest commits). ` +
        'Run `git fetch --unshallow` (in CI: check out with full history, e.g. fetch-depth: 0) and run the test again.',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'segnala-release-'));
  try {
    // git archive | tar -x: the release's tracked files only, without touching this checkout.
    await run('sh', ['-c', `git archive --format=tar ${commit} | tar -x -C '${dir}'`], { cwd: root, maxBuffer: 1 << 20 });
    const then = lockedVersions(await readFile(join(dir, 'package-lock.json'), 'utf8'));
    const now = lockedVersions(await readFile(join(root, 'package-lock.json'), 'utf8'));
    const differing = [...then].filter(([path, version]) => now.get(path) !== version).map(([path, v]) => `${path} ${v} (now ${now.get(path) ?? 'absent'})`);
    if (differing.length) {
      throw new Error(
        `The release ${commit} was locked to other package versions than this checkout, so it cannot run on this ` +
          `checkout's node_modules: ${differing.slice(0, 10).join(', ')}${differing.length > 10 ? ', …' : ''}. ` +
          'Run `npm ci` in its folder instead of the symlink (test/server/helpers/old-release.ts).',
      );
    }
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  // The release's own process helper: its `root` is the release's folder, so it starts the
  // release's server/index.ts with the release's own rules for the environment.
  const helper = (await import(pathToFileURL(join(dir, 'test/server/helpers/server-process.ts')).href)) as typeof import('./server-process.ts');
  return {
    commit,
    dir,
    startServer: (env) => helper.startServer(env),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
