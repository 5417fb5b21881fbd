// Connection URLs carry passwords; any text that leaves the process goes through here first.

/** The secret spellings of a URL: the whole URL, and its password raw and percent-encoded. */
function secretsOf(url) {
  if (!url) return [];
  const secrets = [url];
  try {
    const { password } = new URL(url);
    if (password) secrets.push(password, decodeURIComponent(password));
  } catch {
    // Not a URL: the whole string is already listed.
  }
  // Longest first, so the URL is replaced before the password inside it.
  return secrets.filter(Boolean).sort((a, b) => b.length - a.length);
}

/** `text` with every spelling of every URL's secrets replaced by [REDACTED]. */
export function redact(text, urls) {
  let out = String(text);
  for (const secret of urls.flatMap(secretsOf)) out = out.split(secret).join('[REDACTED]');
  return out;
}

/** The message of an error, safe to print or to answer with. */
export const safeMessage = (error, urls) => redact(error instanceof Error ? error.message : String(error), urls);
