// A tiny XML well-formedness check for the JUnit tests: balanced tags, quoted attributes, known entities,
// no raw "<" or "&" in text. Returns the problem, or undefined when well-formed.
export function xmlProblem(xml: string): string | undefined {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token = /<\/?([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  const entities = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  let match: RegExpExecArray | null;
  let roots = 0;
  while ((match = token.exec(body))) {
    const [whole, name, attributes, selfClosing, text, stray] = match;
    if (stray) return `stray "<" at ${match.index}: ${body.slice(match.index, match.index + 30)}`;
    if (text !== undefined) {
      if (entities.test(text)) return `raw "&" in text at ${match.index}`;
      if (stack.length === 0 && text.trim() !== '') return `text outside the root element at ${match.index}`;
      continue;
    }
    if (attributes && entities.test(attributes)) return `raw "&" in an attribute of <${name}>`;
    if (whole.startsWith('</')) {
      if (stack.pop() !== name) return `</${name}> closes nothing open at ${match.index}`;
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (token.lastIndex !== 0 && token.lastIndex < body.length) return `unparsable at ${token.lastIndex}`;
  if (stack.length > 0) return `<${stack.at(-1)}> never closed`;
  return roots === 1 ? undefined : `expected one root element, found ${roots}`;
}
