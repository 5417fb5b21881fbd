// Pure text helpers shared by the screens.

/** 350ms · 1.2s · 2m 05s */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** Cut to width with an ellipsis, so rows never wrap into the next one. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Fixed-width column: truncated, then padded. */
export function cell(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}

/** The first line of a possibly multi-line message. */
export const firstLine = (text: string): string => text.split('\n')[0] ?? '';
