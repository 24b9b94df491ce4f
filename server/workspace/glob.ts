/**
 * The glob patterns of `files.exclude`, matched against paths relative to the workspace folder with
 * `/` separators, as VS Code matches them: `**` (any number of folders), `*` and `?` (within one
 * path segment), `{a,b}` alternatives and `[...]` character classes. Anything else is literal.
 */

const SPECIAL = /[\\^$.+()|[\]{}]/;

export function globToRegExp(pattern: string): RegExp {
  const glob = pattern.replace(/^\.?\//, '').replace(/\/+$/, '');
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` also matches no folder at all; a trailing or inner `**` matches anything.
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else out += SPECIAL.test(c) ? `\\${c}` : c;
  }
  // An unbalanced `{` is taken literally by closing what was opened, rather than failing.
  out += ')'.repeat(braces);
  return new RegExp(`^${out}$`);
}

/**
 * A matcher for a `files.exclude` value: `{ "**\/dist": true, "**\/*.js": { "when": "…" } }`. Only
 * patterns set to `true` exclude; conditional (`when`) patterns depend on sibling files and are
 * ignored, as is anything that is not an object.
 */
export function excludeMatcher(raw: unknown): (relative: string) => boolean {
  if (!raw || typeof raw !== 'object') return () => false;
  const patterns: RegExp[] = [];
  for (const [pattern, on] of Object.entries(raw as Record<string, unknown>)) {
    if (on !== true) continue;
    try {
      patterns.push(globToRegExp(pattern));
    } catch {
      // A pattern that makes no regular expression excludes nothing.
    }
  }
  return (relative) => patterns.some((p) => p.test(relative));
}
