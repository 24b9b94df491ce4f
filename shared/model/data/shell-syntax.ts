/**
 * The POSIX shell syntax data/shells.ts reads a `-c` script with: a lexer (quotes, `$(…)`, here-
 * documents, comments) and a small recursive-descent parser for lists, pipelines and compound
 * commands. It knows no signals and no PID 1: shells.ts decides what the parse means (rule book §15).
 */

export interface Tok { t: 'w' | 'op' | 'nl'; raw: string; v: string; s: number; e: number }
export const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
export const REDIRS = ['&>>', '&>', '>>', '<<<', '<<-', '<<', '<&', '>&', '<>', '>|', '<', '>'];
const OPS = ['&&', '||', ';;', '|&', ...REDIRS.slice(0, 10), ';', '&', '|', '(', ')', '<', '>'];

/** Index after the construct opened at `i` (`(`, `{`, `"` or a backtick), skipping quotes and nesting; -1 if open. */
function skip(s: string, i: number): number {
  const close = ({ '(': ')', '{': '}', '"': '"', '`': '`' } as Record<string, string>)[s[i]!];
  for (let j = i + 1; j >= 0 && j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === close) return j + 1;
    else if (c === "'" && close !== '"' && close !== '`') j = s.indexOf("'", j + 1);
    else if ((c === '"' && close !== '"') || (c === '`' && close !== '`')) j = skip(s, j) - 1;
    else if ((c === '(' || c === '{') && (close === ')' || close === '}' || s[j - 1] === '$')) j = skip(s, j) - 1;
  }
  return -1;
}

export function lex(s: string): Tok[] | undefined {
  const toks: Tok[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let wantDelim: string | undefined;
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '\\' && s[i + 1] === '\n') { i += 2; continue; }
    if (c === '#') { while (i < s.length && s[i] !== '\n') i++; continue; }
    if (c === '\n') {
      toks.push({ t: 'nl', raw: c, v: c, s: i, e: ++i });
      for (const h of heredocs.splice(0)) {
        // Skip the here-document body, up to and including its delimiter line.
        for (let line = ''; i < s.length && line !== h.delim; ) {
          const end = s.indexOf('\n', i) < 0 ? s.length : s.indexOf('\n', i);
          line = h.strip ? s.slice(i, end).replace(/^\t+/, '') : s.slice(i, end);
          i = end + 1;
        }
      }
      continue;
    }
    const op = OPS.find((o) => s.startsWith(o, i));
    if (op) {
      toks.push({ t: 'op', raw: op, v: op, s: i, e: i + op.length });
      i += op.length;
      if (op === '<<' || op === '<<-') wantDelim = op;
      continue;
    }
    const start = i;
    let v = '';
    while (i < s.length && !' \t\n;&|()<>'.includes(s[i]!)) {
      const ch = s[i]!;
      const next = s[i + 1];
      let end = i + 1;
      if (ch === '\\') { end = i + 2; v += next ?? ''; }
      else if (ch === "'" || (ch === '$' && next === "'")) {
        const open = ch === '$' ? i + 1 : i;
        end = s.indexOf("'", open + 1) + 1;
        if (end === 0) return undefined;
        v += s.slice(open + 1, end - 1);
      } else if (ch === '"' || ch === '`' || ((ch === '$' || ch === '=') && (next === '(' || (ch === '$' && next === '{')))) {
        end = skip(s, ch === '"' || ch === '`' ? i : i + 1);
        if (end < 0) return undefined;
        v += ch === '"' ? s.slice(i + 1, end - 1).replace(/\\([$`"\\\n])/g, '$1') : s.slice(i, end);
      } else v += ch;
      i = end;
    }
    if (/^\d+$/.test(s.slice(start, i)) && (s[i] === '<' || s[i] === '>')) continue; // `2>&1`: the fd belongs to the redirection
    toks.push({ t: 'w', raw: s.slice(start, i), v, s: start, e: i });
    if (wantDelim) heredocs.push({ delim: v, strip: wantDelim === '<<-' });
    wantDelim = undefined;
  }
  return toks;
}

export interface Simple { kind: 'simple'; words: Tok[]; assigns: number; redirect: boolean; heredoc: boolean; s: number; e: number }
export interface Compound { kind: 'compound'; type: 'if' | 'case' | 'loop' | 'group' | 'subshell' | 'function'; name?: string; body: Item[]; s: number; e: number }
export type Cmd = Simple | Compound;
export interface Item { pipe: { cmds: Cmd[]; bang: boolean; time: boolean }; sep: string }

/** A small recursive-descent parser for the POSIX grammar's lists, pipelines and compound commands; throws on syntax errors. */
export function parse(toks: Tok[]): Item[] {
  let p = 0;
  const word = (...vals: string[]) => toks[p]?.t === 'w' && vals.includes(toks[p]!.raw);
  const opIs = (...vals: string[]) => toks[p]?.t === 'op' && vals.includes(toks[p]!.v);
  const expect = (val: string) => { if (toks[p]?.raw !== val) throw new Error(`expected ${val}`); p++; };
  const skipNl = () => { while (toks[p]?.t === 'nl') p++; };
  const compound = (type: Compound['type'], s: number, body: Item[], name?: string): Compound => {
    const c: Compound = { kind: 'compound', type, name, body, s, e: toks[p - 1]!.e };
    while (toks[p]?.t === 'op' && REDIRS.includes(toks[p]!.v)) {
      p += 2;
      c.e = toks[p - 1]?.e ?? c.e;
    }
    return c;
  };
  function list(stops: string[]): Item[] {
    const items: Item[] = [];
    for (;;) {
      skipNl();
      if (!toks[p] || opIs(')', ';;') || word(...stops)) return items;
      const bang = word('!');
      if (bang) p++;
      const time = word('time');
      if (time) p++;
      const cmds = [command()];
      while (opIs('|', '|&')) { p++; skipNl(); cmds.push(command()); }
      const tok = toks[p];
      let sep = 'eof';
      if (tok?.t === 'nl' || opIs(';', '&', '&&', '||')) { sep = tok!.v; p++; }
      else if (tok && !opIs(')', ';;') && !word(...stops)) throw new Error(`unexpected ${tok.raw}`);
      items.push({ pipe: { cmds, bang, time }, sep });
    }
  }
  function command(): Cmd {
    const tok = toks[p];
    if (!tok) throw new Error('missing command');
    const s = tok.s;
    if (opIs('(')) { p++; const body = list([]); expect(')'); return compound('subshell', s, body); }
    if (word('{')) { p++; const body = list(['}']); expect('}'); return compound('group', s, body); }
    if (word('if')) {
      const body: Item[] = [];
      do { p++; body.push(...list(['then', 'elif', 'else', 'fi'])); } while (toks[p] && !word('fi'));
      expect('fi');
      return compound('if', s, body);
    }
    if (word('while', 'until', 'for', 'select')) {
      p++;
      // A while/until condition is a list; a for/select head is skipped up to `do`.
      const body = tok.raw === 'while' || tok.raw === 'until' ? list(['do']) : [];
      while (toks[p] && !word('do')) p++;
      expect('do');
      body.push(...list(['done']));
      expect('done');
      return compound('loop', s, body);
    }
    if (word('case')) {
      let depth = 0;
      do { depth += word('case') ? 1 : word('esac') ? -1 : 0; p++; } while (toks[p] && depth > 0);
      if (depth > 0) throw new Error('expected esac');
      return compound('case', s, []);
    }
    const named = tok.t === 'w' && toks[p + 1]?.v === '(' && toks[p + 2]?.v === ')';
    if (word('function') || named) {
      const name = word('function') ? toks[++p]! : tok;
      p++;
      if (opIs('(')) { p++; expect(')'); }
      skipNl();
      const body: Item[] = [{ pipe: { cmds: [command()], bang: false, time: false }, sep: 'eof' }];
      return compound('function', s, body, name.v);
    }
    const c: Simple = { kind: 'simple', words: [], assigns: 0, redirect: false, heredoc: false, s, e: s };
    for (let t = toks[p]; t && t.t !== 'nl' && !(t.t === 'op' && !REDIRS.includes(t.v)); t = toks[p]) {
      if (t.t === 'op') {
        if (toks[p + 1]?.t !== 'w') throw new Error('redirection without a target');
        c.redirect = true;
        c.heredoc ||= t.v === '<<' || t.v === '<<-';
        p += 2;
        c.e = toks[p - 1]!.e;
        continue;
      }
      if (c.words.length === c.assigns && ASSIGN.test(t.raw)) c.assigns++;
      c.words.push(t);
      c.e = t.e;
      p++;
      if (t.raw === '[[') while (toks[p] && !word(']]')) c.words.push(toks[p++]!);
    }
    if (!c.words.length && !c.redirect) throw new Error(`unexpected ${tok.raw}`);
    return c;
  }
  const items = list([]);
  if (p < toks.length) throw new Error(`unexpected ${toks[p]!.raw}`);
  return items;
}

export function* commands(items: Item[]): Generator<Cmd> {
  for (const cmd of items.flatMap((item) => item.pipe.cmds)) {
    yield cmd;
    if (cmd.kind === 'compound') yield* commands(cmd.body);
  }
}
