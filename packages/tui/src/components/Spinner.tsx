import { useEffect, useState } from 'react';
import { Tone } from './theme.js';

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A braille spinner; starts on its first frame so tests can assert it. */
export function Spinner({ color = 'cyan' }: { color?: 'cyan' | 'yellow' | 'magenta' }) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % SPINNER_FRAMES.length), 80);
    return () => clearInterval(timer);
  }, []);
  return <Tone color={color}>{SPINNER_FRAMES[frame]}</Tone>;
}
