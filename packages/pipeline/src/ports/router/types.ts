import type { Colour } from '../../config/types.js';

/** What the router sends traffic to. */
export interface RouterTarget {
  colour: Colour;
  port: number; // host port on 127.0.0.1
  version: string; // tag, recorded in the config as a marker comment
}

export interface SwitchResult {
  previous: RouterTarget | null;
  reloadedAt: number; // epoch ms when `nginx -s reload` returned
  confirmedAt: number; // epoch ms when a probe through the router first answered from the target
}

export interface LiveProbe {
  colour: Colour | null; // from the X-Ferry-Colour response header
  upstream: string | null; // from X-Ferry-Upstream ($upstream_addr)
  status: number;
}

/** Every file the router owns: under `<stateDir>/router`, except the workers' temp dir when run as root. */
export interface RouterPaths {
  dir: string;
  mainConf: string;
  upstreamConf: string;
  pidFile: string;
  errorLog: string;
  accessLog: string;
  tmpDir: string;
}
