// router/preview_listen in the router container: a server of its own that sends every request to the colour
// that does not serve (a staged release), decided per request from the live link like the main server, so a
// switch or a promote needs no reload for it. Ferry's preview header stays the way in without this address.
import { COLOURS, type Colour } from '../../config/types.js';
import { liveColourLines } from './container-live.js';
import { listenLines, type TlsSite } from './container-tls.js';
import { proxyDirectives } from './nginx-config.js';
import type { Upstream } from './container-config.js';

/** The preview server's text, or nothing without router/preview_listen; `at`: where it listens in the container. */
export function previewServer(spec: { at: string; tls?: TlsSite; upstreams?: Record<Colour, Upstream>; previewListen?: unknown }): string {
  if (!spec.previewListen || !spec.upstreams) return '';
  const address = (colour: Colour) => `${spec.upstreams![colour].host}:${spec.upstreams![colour].port}`;
  const [blue, green] = COLOURS.map(address);
  return `
    # router/preview_listen: every request goes to the colour that does not serve (a staged release: ferry promote switches to it)
    server {
${listenLines(spec.tls, spec.at)}

${liveColourLines()}
        set $ferry_staged green;
        set $ferry_staged_at ${green};
        if ($ferry_live = green) {
            set $ferry_staged blue;
            set $ferry_staged_at ${blue};
        }

        location / {
            add_header X-Ferry-Colour $ferry_staged always;
            add_header X-Ferry-Upstream $upstream_addr always;
${proxyDirectives('http://$ferry_staged_at')}
        }
    }
`;
}
