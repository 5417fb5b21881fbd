import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { truncate } from './format.js';
import { Tone } from './theme.js';
import { leave, useKeys } from './use-keys.js';

export interface SelectItem<V> {
  key: string;
  label: string;
  hint?: string; // dim text after the label
  disabled?: boolean; // shown, never chosen
  value: V;
}

interface Props<V> {
  items: SelectItem<V>[];
  onSelect: (item: SelectItem<V>) => void;
  onCancel?: () => void; // esc
  isActive?: boolean; // another component owns the keyboard
  limit?: number; // rows shown at once; the window follows the cursor
  width?: number;
  vimKeys?: boolean; // j/k move too (off when a text input shares the keyboard)
  selectOnEnter?: boolean; // off when a text input owns enter
  onHighlight?: (item: SelectItem<V>) => void; // the cursor moved onto an item
}

/** ↑/↓ or j/k move, enter picks, esc goes back; disabled items are skipped over. */
export function SelectList<V>({ items, onSelect, onCancel, isActive = true, limit = 10, width = 76, vimKeys = true, selectOnEnter = true, onHighlight }: Props<V>) {
  const firstEnabled = Math.max(0, items.findIndex((i) => !i.disabled));
  const [cursor, setCursor] = useState(firstEnabled);
  const current = Math.min(cursor, Math.max(0, items.length - 1));
  // Keys can arrive before React re-renders: move from the latest cursor, not this render's.
  const latest = useRef(current);
  latest.current = current;
  const move = (step: number) => {
    for (let i = latest.current + step; i >= 0 && i < items.length; i += step) {
      if (!items[i]!.disabled) {
        latest.current = i;
        setCursor(i);
        onHighlight?.(items[i]!);
        return;
      }
    }
  };
  useKeys(
    (input, key) => {
      const item = items[latest.current];
      if (key.upArrow || (vimKeys && input === 'k')) move(-1);
      else if (key.downArrow || (vimKeys && input === 'j')) move(1);
      else if (selectOnEnter && key.return && item && !item.disabled) return leave(() => onSelect(item));
      else if (key.escape) return leave(onCancel);
    },
    { isActive },
  );
  const start = Math.min(Math.max(0, current - limit + 1), Math.max(0, items.length - limit));
  const shown = items.slice(start, start + limit);
  return (
    <Box flexDirection="column">
      {start > 0 ? <Tone dim>  ↑ {start} more</Tone> : null}
      {shown.map((item, i) => {
        const selected = start + i === current;
        const label = truncate(item.label, width - 4);
        return (
          <Text key={item.key} wrap="truncate-end">
            <Tone color={selected ? 'cyan' : undefined} bold={selected} dim={item.disabled}>
              {selected ? '❯ ' : '  '}
              {label}
            </Tone>
            {item.hint ? <Tone dim>{`  ${item.hint}`}</Tone> : null}
          </Text>
        );
      })}
      {start + limit < items.length ? <Tone dim>  ↓ {items.length - start - limit} more</Tone> : null}
    </Box>
  );
}
