/**
 * The fields a page's forms would post back as they stand (what a browser sends on submit): text
 * inputs and hidden ones by value, checked checkboxes, textareas, each select's selected option.
 * The CSRF token is left out (the tests' helpers add their session's). Entities unescaped.
 */
export function formFields(html: string): Record<string, string> {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&');
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const value = unescape(/value="([^"]*)"/.exec(tag)?.[1] ?? '');
    if (/type="(?:checkbox|radio)"/.test(tag)) {
      if (/\schecked/.test(tag)) out[m[1]!] = value;
    } else out[m[1]!] = value;
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = unescape(m[2]!);
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) out[m[1]!] = unescape(/<option value="([^"]*)"[^>]*selected/.exec(m[2]!)?.[1] ?? '');
  delete out._csrf;
  return out;
}
