// Splits a SQL script into statements. Needed for migrations that run WITHOUT a transaction:
// a multi-statement simple query runs as one implicit transaction (and CREATE INDEX
// CONCURRENTLY refuses to run inside one), so each statement must be sent on its own.

/** Index just past the quoted/commented span starting at `i`, or -1 when `i` starts none. */
function skipSpan(sql, i) {
  const rest = sql.slice(i);
  if (rest.startsWith('--')) {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end + 1;
  }
  if (rest.startsWith('/*')) {
    let depth = 0; // block comments nest in PostgreSQL
    for (let j = i; j < sql.length; j++) {
      if (sql.startsWith('/*', j)) {
        depth++;
        j++;
      } else if (sql.startsWith('*/', j)) {
        depth--;
        j++;
        if (depth === 0) return j + 1;
      }
    }
    return sql.length;
  }
  const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
  if (dollar && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
    const end = sql.indexOf(dollar[0], i + dollar[0].length);
    return end === -1 ? sql.length : end + dollar[0].length;
  }
  const quote = sql[i];
  if (quote === "'" || quote === '"') {
    // E'...' strings escape with backslashes; all strings escape a quote by doubling it.
    const backslashes = quote === "'" && /[Ee]/.test(sql[i - 1] ?? '');
    for (let j = i + 1; j < sql.length; j++) {
      if (backslashes && sql[j] === '\\') j++;
      else if (sql[j] === quote && sql[j + 1] === quote) j++;
      else if (sql[j] === quote) return j + 1;
    }
    return sql.length;
  }
  return -1;
}

/** True when the text holds nothing but whitespace and comments. */
function isBlank(text) {
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('--', i) || text.startsWith('/*', i)) i = skipSpan(text, i);
    else return false;
  }
  return true;
}

/** The statements of `sql`, trimmed, without their terminating semicolons or empty ones. */
export function splitStatements(sql) {
  const statements = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const end = skipSpan(sql, i);
    if (end !== -1) {
      i = end;
      continue;
    }
    if (sql[i] === ';') {
      statements.push(sql.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  statements.push(sql.slice(start));
  return statements.filter((statement) => !isBlank(statement)).map((statement) => statement.trim());
}
