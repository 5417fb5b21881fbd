// Where an environment's state lives when its file does not say. Not in the checkout: CI's
// checkout cleans ignored files, which would delete the ledger, the lock, the router and the
// database backups.
import { stat } from 'node:fs/promises';
import path from 'node:path';

export interface StateHome {
  isRoot: boolean;
  home: string;
  xdgStateHome?: string;
}

/** `/var/lib/ferry/<app>/<env>` as root; `$XDG_STATE_HOME/ferry/<app>/<env>` (default `~/.local/state`) otherwise. */
export function defaultStateDir(app: string, env: string, who: StateHome): string {
  if (who.isRoot) return path.join('/var/lib/ferry', app, env);
  // The XDG spec ignores a relative XDG_STATE_HOME.
  const base = who.xdgStateHome && path.isAbsolute(who.xdgStateHome) ? who.xdgStateHome : path.join(who.home, '.local', 'state');
  return path.join(base, 'ferry', app, env);
}

/** The state dir of releases before this default: `<environments dir>/../.ferry/<env>`, inside the checkout. */
export function legacyStateDir(environmentsDir: string, env: string): string {
  return path.resolve(environmentsDir, '..', '.ferry', env);
}

/** The git work tree `dir` lies in (the nearest ancestor holding `.git`), or null. */
export async function gitWorkTreeOf(dir: string): Promise<string | null> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (await exists(path.join(current, '.git'))) return current;
    if (current === path.dirname(current)) return null;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
