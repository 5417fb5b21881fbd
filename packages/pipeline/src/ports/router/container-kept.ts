// Which colours' connections the router keeps open (an `upstream` block each), and what the running nginx
// loaded. nginx resolves a block's name when it loads the conf, and refuses to load at all when a name does
// not resolve: so the file on disk, what a restart loads, keeps only the serving colour's block, while the
// reload before it loaded a block for every colour that ran. The note records those, for that start of the
// router: a later switch between them needs no reload, only the live link's flip.
import { COLOURS, type Colour } from '../../config/types.js';

/** The blocks the running nginx loaded: each colour's container as it was then (`<id>@<address>`), and the router's start. */
export interface LoadedNote {
  routerStartedAt: string; // the router container's State.StartedAt: a restart loads the file, not this
  kept: Partial<Record<Colour, string>>;
}

const NOTE = /^# ferry-loaded router=(\S+)((?: \w+=\S+)*)$/m;
const SAFE_NOTE_VALUE = /^[A-Za-z0-9_.:@+-]+$/;

export function renderLoadedNote(note: LoadedNote): string {
  const kept = COLOURS.flatMap((colour) => (note.kept[colour] && SAFE_NOTE_VALUE.test(note.kept[colour]!) ? [` ${colour}=${note.kept[colour]}`] : []));
  return SAFE_NOTE_VALUE.test(note.routerStartedAt) ? `# ferry-loaded router=${note.routerStartedAt}${kept.join('')}\n` : '';
}

export function parseLoadedNote(text: string): LoadedNote | null {
  const found = NOTE.exec(text);
  if (!found) return null;
  const kept: LoadedNote['kept'] = {};
  for (const pair of found[2]!.trim().split(' ').filter(Boolean)) {
    const [colour, identity] = pair.split('=') as [string, string];
    if (COLOURS.includes(colour as Colour)) kept[colour as Colour] = identity;
  }
  return { routerStartedAt: found[1]!, kept };
}

/** The text without its note: what nginx loads from it once reloaded or restarted. */
export const withoutLoadedNote = (text: string): string => text.replace(new RegExp(`${NOTE.source}\\n`, 'm'), '');

/**
 * Whether the running nginx keeps connections open to `colour` as its container is now (`identity`): loaded in
 * this start of the router, for this container at this address. Then a switch to it is the link's flip alone.
 */
export function loadedFor(note: LoadedNote | null, routerStartedAt: string, colour: Colour, identity: string | null): boolean {
  return note !== null && identity !== null && note.routerStartedAt === routerStartedAt && note.kept[colour] === identity;
}

/** The upstream block's name for a colour (proxy_pass finds it among the blocks before asking the resolver). */
export const keptUpstreamName = (colour: Colour): string => `ferry_kept_${colour}`;
