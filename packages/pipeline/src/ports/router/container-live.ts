// Which colour serves, switched without a reload: a symbolic link nginx looks at on every request
// (`if (-e ...)`, one stat). Green serves while the link resolves, blue while it dangles. Flipping it
// is one rename: no `nginx -t`, no new workers, nothing for a request to fall between.
import path from 'node:path';
import type { Colour } from '../../config/types.js';
import type { EntryToPut } from '../docker/archive.js';

export const CONTAINER_LIVE_LINK = '/etc/nginx/ferry-live';
const COLOURS_DIR = 'ferry-colours'; // beside the link: its targets are relative
// only green's exists, so the link resolves exactly while it points at green
const GREEN_ANCHOR = `/etc/nginx/${COLOURS_DIR}/green`;

/** Sets $ferry_live for each request; inside every server that proxies (the upstream conf's map reads it). */
export const liveColourLines = (): string => `        # the colour that serves: ferry flips this link to switch, without a reload (green while it resolves)
        set $ferry_live blue;
        if (-e ${CONTAINER_LIVE_LINK}) {
            set $ferry_live green;
        }`;

/**
 * What to put for `colour` to serve: green's anchor first (the link must resolve the moment it exists), then the link.
 * The anchor goes with blue's link too: its directory then exists before the first flip, which /proc can write.
 */
export function liveEntries(colour: Colour): EntryToPut[] {
  return [{ path: GREEN_ANCHOR, text: '', mode: 0o644 }, { path: CONTAINER_LIVE_LINK, linkTo: `${COLOURS_DIR}/${colour}` }];
}

/** The colour nginx serves for the link's target as the engine reports it (absolute; null when there is no link). */
export const liveColourOf = (linkTarget: string | null): Colour => (linkTarget !== null && path.posix.basename(linkTarget) === 'green' ? 'green' : 'blue');
