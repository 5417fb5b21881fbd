import { Text } from 'ink';
import { useRef } from 'react';
import { Tone } from './theme.js';
import { leave, useKeys } from './use-keys.js';

interface Props {
  value: string;
  onChange: (value: string) => void;
  onSubmit: (value: string) => void;
  placeholder?: string;
  isActive?: boolean;
}

/** A one-line controlled input: printable keys append, backspace deletes, enter submits (a pasted "v1\r" too). */
export function TextInput({ value, onChange, onSubmit, placeholder = '', isActive = true }: Props) {
  // Keys can arrive before React re-renders with the new value: edit the latest one, not this render's.
  const latest = useRef(value);
  latest.current = value;
  const change = (next: string) => {
    latest.current = next;
    onChange(next);
  };
  useKeys(
    (input, key) => {
      if (key.return) return leave(() => onSubmit(latest.current));
      else if (key.backspace || key.delete) change(latest.current.slice(0, -1));
      else if (!key.ctrl && !key.meta && !key.escape && !key.tab && !key.upArrow && !key.downArrow && input) change(latest.current + input);
    },
    { isActive },
  );
  return (
    <Text>
      {value ? <Text>{value}</Text> : <Tone dim>{placeholder}</Tone>}
      {isActive ? <Tone color="cyan">█</Tone> : null}
    </Text>
  );
}
