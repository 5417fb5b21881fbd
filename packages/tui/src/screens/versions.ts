import type { VersionChoice } from '@ferry/pipeline';

/** "active · local image · live 2024-05-01 10:00" */
export function versionHint(v: VersionChoice): string {
  const parts: string[] = [];
  if (v.active) parts.push('active');
  if (v.rollback === 'warm') parts.push('warm: standby still running, instant switch');
  if (v.rollback === 'cold') parts.push('cold: starts from its image');
  if (v.rollback === 'gone') parts.push('gone: image pruned, cannot roll back');
  if (!v.active && v.rollback === null) parts.push(v.imageLocal ? 'local image' : 'not local');
  if (v.deployedAt) parts.push(`live ${v.deployedAt.slice(0, 16).replace('T', ' ')}`);
  return parts.join(' · ');
}
