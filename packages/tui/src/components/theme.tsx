import { Text, type TextProps } from 'ink';
import { createContext, useContext, type ReactNode } from 'react';

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colorsEnabled(env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR;
}

export const ColorContext = createContext<boolean>(true);

export const useColors = (): boolean => useContext(ColorContext);

type ToneProps = Omit<TextProps, 'color' | 'backgroundColor' | 'dimColor'> & { color?: TextProps['color']; dim?: boolean; children?: ReactNode };

/** Text that only carries colour when colours are on; bold/inverse still mark emphasis without them. */
export function Tone({ color, dim, children, ...rest }: ToneProps) {
  const colors = useColors();
  return (
    <Text {...rest} {...(colors && color ? { color } : {})} {...(colors && dim ? { dimColor: true } : {})}>
      {children}
    </Text>
  );
}
