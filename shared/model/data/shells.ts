/**
 * §15 — does a shell in `command` stay PID 1? A shell that stays PID 1 has no default action for
 * SIGTERM and does not forward it, so the application is only stopped by SIGKILL.
 *
 * What each shell does with `sh -c SCRIPT` (sources and strace measurements in docs/research.md):
 * - bash execs the final simple command when nothing can follow it (builtins/evalstring.c,
 *   should_suppress_fork): a lone command in every version (ONESHOT), the last command of a
 *   `;`/`&&`/`||` list from 5.1 (NEWS 5.1 1.b, CMD_TRY_OPTIMIZING). Not with a redirection, `!`,
 *   `time`, a trap with an action, a preceding `&`, or more than one newline after it.
 * - upstream dash (since 0.5.7, ChangeLog 2011-07-07) and BusyBox ash exec the last command, also
 *   inside if/case/{ }/( ) and with redirections, but not when a trap is set or any newline follows.
 *   Debian and Ubuntu build dash with patch 0004 "Disable sh -c command -> sh -c exec command
 *   optimization", so their /bin/sh never execs.
 * - A shell runs a trap only after its foreground command ends; `wait` is interrupted (POSIX 2.11).
 */

type Family = 'bash' | 'dash' | 'ash' | 'sh';
export interface ShellVerdict {
  shell: string;
  verdict: 'stays' | 'maybe-exec' | 'execs';
  reason: string;
  /** The final simple command from its command word on (`VAR=value` prefixes excluded), when `exec` would help. */
  finalCommand?: string;
  /** Offset in the `-c` script where `exec ` can be inserted: `script.startsWith(finalCommand, offset)`. */
  finalCommandOffset?: number;
}

const FAMILIES: Record<string, Family> = { sh: 'sh', bash: 'bash', dash: 'dash', ash: 'ash' };
const INITS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'docker-init']);
const BUILTINS = new Set(['wait', ':', 'true', 'false', 'exit', 'return', 'cd', 'export', 'set', 'unset', 'read', 'shift', 'eval', '.', 'source', 'trap', 'echo', 'printf', 'test', '[', '[[']);
/** As PID 1 these still ignore SIGTERM (no handler), so prefixing them with exec fixes nothing. */
const NO_HANDLER = new Set(['sleep', 'tail']);
const SIGNALS: Record<string, string> = { '0': 'EXIT', '1': 'HUP', '2': 'INT', '3': 'QUIT', '15': 'TERM' };
const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

interface Tok { t: 'w' | 'op' | 'nl'; raw: string; v: string; s: number; e: number }
const REDIRS = ['&>>', '&>', '>>', '<<<', '<<-', '<<', '<&', '>&', '<>', '>|', '<', '>'];
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

function lex(s: string): Tok[] | undefined {
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

interface Simple { kind: 'simple'; words: Tok[]; assigns: number; redirect: boolean; heredoc: boolean; s: number; e: number }
interface Compound { kind: 'compound'; type: 'if' | 'case' | 'loop' | 'group' | 'subshell' | 'function'; name?: string; body: Item[]; s: number; e: number }
type Cmd = Simple | Compound;
interface Item { pipe: { cmds: Cmd[]; bang: boolean; time: boolean }; sep: string }

/** A small recursive-descent parser for the POSIX grammar's lists, pipelines and compound commands; throws on syntax errors. */
function parse(toks: Tok[]): Item[] {
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

function* commands(items: Item[]): Generator<Cmd> {
  for (const cmd of items.flatMap((item) => item.pipe.cmds)) {
    yield cmd;
    if (cmd.kind === 'compound') yield* commands(cmd.body);
  }
}

/** Signals trapped with an action, and signals ignored with `trap '' SIG`, in script order. */
function traps(all: Simple[]): { handled: Set<string>; ignored: Set<string> } {
  const handled = new Set<string>();
  const ignored = new Set<string>();
  for (const cmd of all) {
    const args = cmd.words.slice(cmd.assigns).map((w) => w.v);
    if (args.shift() !== 'trap') continue;
    if (args[0] === '--') args.shift();
    if (!args.length || (args[0]!.startsWith('-') && args[0] !== '-')) continue; // trap -p, trap -l
    // POSIX: when the first operand is an unsigned integer, every operand is a condition to reset.
    const [action, ...conditions] = /^\d+$/.test(args[0]!) ? ['-', ...args] : args;
    for (const raw of conditions) {
      const sig = SIGNALS[raw] ?? raw.toUpperCase().replace(/^SIG/, '');
      handled.delete(sig);
      ignored.delete(sig);
      if (action !== '-') (action === '' ? ignored : handled).add(sig);
    }
  }
  return { handled, ignored };
}

/** The shell's place in argv (after `env`, as `busybox sh`), or 'init' when tini & co. run first. */
function locate(argv: string[]): { index: number; family: Family; name: string } | 'init' | undefined {
  const base = (arg = '') => arg.slice(arg.lastIndexOf('/') + 1);
  if (INITS.has(base(argv[0]))) return 'init';
  let i = 0;
  if (base(argv[0]) === 'env') for (i = 1; argv[i]?.startsWith('-') || argv[i]?.includes('='); ) i++;
  if (base(argv[i]) === 'busybox' && FAMILIES[argv[i + 1] ?? '']) return { index: i + 1, family: 'ash', name: `busybox ${argv[i + 1]}` };
  const family = FAMILIES[base(argv[i])];
  return family ? { index: i, family, name: base(argv[i]) } : undefined;
}

/**
 * §15 for `argv` = the container's `command` followed by its `args`. Undefined when argv[0] is not a
 * POSIX shell (or is an init such as tini, which forwards signals), when it has nothing to run, or
 * when the `-c` script does not parse. A script file gives 'maybe-exec': it keeps the shell as PID 1
 * unless the file itself ends with exec, which the manifest does not show.
 */
export function shellStaysPid1(argv: string[]): ShellVerdict | undefined {
  const loc = locate(argv);
  if (!loc || loc === 'init') return undefined;
  let hasC = false;
  let j = loc.index + 1;
  for (; j < argv.length && /^[-+]./.test(argv[j]!); j++) {
    const arg = argv[j]!;
    if (arg === '--') { j++; break; }
    if (arg.startsWith('--')) j += arg === '--rcfile' || arg === '--init-file' ? 1 : 0;
    else j += [...arg.slice(1)].filter((ch) => ch === 'o' || ch === 'O').length; // `-o NAME` takes an argument
    hasC ||= !arg.startsWith('--') && arg.slice(1).includes('c');
  }
  const script = argv[j];
  const result = (verdict: ShellVerdict['verdict'], reason: string, fix = {}): ShellVerdict => ({ shell: loc.name, verdict, reason, ...fix });
  if (script === undefined) return undefined;
  if (!hasC) return result('maybe-exec', `it runs the script file ${script}, which keeps the shell as PID 1 unless it ends with exec`);
  let items: Item[];
  try {
    const toks = lex(script);
    if (!toks) return undefined;
    items = parse(toks);
  } catch {
    return undefined;
  }
  const last = items[items.length - 1];
  if (!last) return undefined;
  const all = [...commands(items)];
  const simple = all.filter((c): c is Simple => c.kind === 'simple');
  const { handled, ignored } = traps(simple);
  const { pipe } = last;
  const cmd = pipe.cmds[pipe.cmds.length - 1]!;
  const name = cmd.kind === 'simple' ? cmd.words[cmd.assigns]?.v : undefined;
  if (last.sep === '&') return result('stays', 'the final command runs in the background (&), so nothing replaces the shell');
  if (pipe.cmds.length === 1 && !pipe.bang && name === 'exec' && cmd.kind === 'simple' && cmd.words.length > cmd.assigns + 1) {
    return ignored.has('TERM')
      ? result('maybe-exec', "the final command is exec'd but inherits the ignored SIGTERM (trap '' TERM) unless it installs a handler")
      : result('execs', 'the final command is already started with exec');
  }
  if (handled.has('TERM')) {
    return simple.some((c) => c.words[c.assigns]?.v === 'wait')
      ? result('execs', 'it traps SIGTERM and waits with `wait`, which returns as soon as the signal arrives')
      : result('stays', 'it traps SIGTERM, but a shell runs the trap only after its foreground command has finished');
  }
  if (ignored.has('TERM')) return result('stays', "it ignores SIGTERM (trap '' TERM), and so does every command it starts");
  if (pipe.cmds.length > 1) return result('stays', 'the final command is a pipeline, and the shell waits for all its parts');
  if (pipe.bang || pipe.time) return result('stays', `the final command is prefixed with ${pipe.bang ? '!' : 'time'}`);
  const trapped = handled.size > 0 ? `a trap is set (${[...handled].join(', ')})` : undefined;
  const tail = script.slice(cmd.e);
  const newline = /^[ \t]*(;[ \t]*)?(#[^\n]*)?$/.test(tail) ? undefined : 'a newline follows it';
  if (cmd.kind === 'compound') {
    const what = { loop: 'a loop', function: 'a function definition', if: 'an if block', case: 'a case block', group: 'a { } group', subshell: 'a ( ) subshell' }[cmd.type];
    if (loc.family !== 'bash' && ['if', 'case', 'group', 'subshell'].includes(cmd.type) && !trapped && !newline) {
      return result('maybe-exec', `the script ends in ${what}: BusyBox ash and upstream dash exec its last command; bash and Debian's/Ubuntu's dash do not`);
    }
    return result('stays', `the script ends in ${what}, whose commands the shell runs as children`);
  }
  if (!name) return result('stays', 'the final command only sets variables or redirections');
  if (all.some((c) => c.kind === 'compound' && c.type === 'function' && c.name === name)) {
    return result('stays', `the final command ${name} is a shell function, run by the shell itself`);
  }
  if (BUILTINS.has(name)) return result('stays', `the final command ${name} is a shell builtin, run by the shell itself`);
  const at = cmd.words[cmd.assigns]!.s;
  const fix = NO_HANDLER.has(name) ? {} : { finalCommand: script.slice(at, cmd.e), finalCommandOffset: at };
  const lone = items.length === 1;
  const what = lone ? 'a lone command' : 'the last command of a list';
  const prevBackground = items[items.length - 2]?.sep === '&';
  const bashWhy = trapped ?? (cmd.redirect ? 'it has a redirection' : prevBackground ? 'it follows a background job'
    : /^[ \t]*(;[ \t]*)?(#[^\n]*)?\n?$/.test(tail) ? undefined : 'more text follows its line');
  const ashWhy = trapped ?? (cmd.heredoc ? 'it reads a here-document' : newline);
  if (loc.family === 'bash') {
    if (bashWhy) return result('stays', `bash keeps the shell as PID 1: ${bashWhy}`, fix);
    return lone ? result('execs', 'bash execs a lone simple command', fix) : result('maybe-exec', `${what}: bash 5.1+ execs it, bash 5.0 and older keep the shell`, fix);
  }
  if (loc.family !== 'sh') {
    const [label, maybe] = loc.family === 'ash' ? ['BusyBox ash', 'recent BusyBox ash execs it (1.35 tested), older releases may not'] : ['dash', "upstream dash execs it, Debian's and Ubuntu's dash never do"];
    return ashWhy ? result('stays', `${label} keeps the shell as PID 1: ${ashWhy}`, fix) : result('maybe-exec', `${what}: ${maybe}`, fix);
  }
  if (bashWhy && ashWhy) return result('stays', `no common /bin/sh execs it: ${bashWhy === ashWhy ? bashWhy : `${bashWhy} (bash), ${ashWhy} (dash, ash)`}`, fix);
  const execers = [bashWhy ? undefined : lone ? 'bash' : 'bash 5.1+', ashWhy ? undefined : 'BusyBox ash'].filter(Boolean);
  const others = bashWhy ? `; bash does not, because ${bashWhy}` : ashWhy ? `; neither do BusyBox ash and upstream dash, because ${ashWhy}` : '';
  return result('maybe-exec', `${what}: ${execers.join(' and ')} exec${execers.length > 1 ? '' : 's'} it, Debian's and Ubuntu's dash (their /bin/sh) does not${others}`, fix);
}
