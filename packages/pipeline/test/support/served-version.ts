/** The X-App-Version the router answers with now, or null when nothing answers 200. */
export async function servedVersion(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200 ? res.headers.get('x-app-version') : null;
  } catch {
    return null;
  }
}
