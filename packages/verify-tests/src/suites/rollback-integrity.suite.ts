// Rollback integrity: a marker written through the app before the deploy is still readable after the rollback.
import { it } from 'vitest';
import { get } from '../http.js';
import { checkMarker } from '../marker.js';
import { failOn, label, target } from './support.js';

const { marker } = target;

it(`GET ${marker?.path ?? target.verify.marker?.path ?? '(verify.marker)'} still lists the marker written before the deploy`, async () => {
  if (!marker) {
    failOn([`rollback integrity: no marker was written before the deploy; set verify.marker.path in the environment file and pass the value writeMarker returned as \`marker\``]);
    return;
  }
  const answer = await get(target.baseUrl, marker.path);
  failOn([checkMarker(label(marker.path), marker.value, answer.status, answer.text)]);
});
