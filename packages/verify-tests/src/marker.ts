import { randomBytes } from 'node:crypto';
import { excerpt, http } from './http.js';

/** POST {body: "ferry-marker-<random>"} to `path` before a deploy; returns the marker to look for afterwards. */
export async function writeMarker(baseUrl: string, path: string, signal?: AbortSignal): Promise<string> {
  const marker = `ferry-marker-${randomBytes(8).toString('hex')}`;
  const answer = await http(baseUrl, 'POST', path, { body: marker }, signal);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`POST ${path}: expected 2xx writing the rollback-integrity marker, got ${answer.status}: ${excerpt(answer.text)} (verify.marker.path in the environment file must accept POST {"body": "…"})`);
  }
  return marker;
}

/** A problem when the listing at `path` does not contain the marker written before the deploy. */
export function checkMarker(label: string, marker: string, status: number, text: string): string | undefined {
  if (status !== 200) return `${label}: expected status 200 listing the marker ${JSON.stringify(marker)}, got ${status}: ${excerpt(text)}`;
  if (text.includes(marker)) return undefined;
  return `${label}: expected the marker ${JSON.stringify(marker)} written before the deploy to still be listed, not found in ${text.length} bytes`;
}
