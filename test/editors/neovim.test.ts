/**
 * The bundled server (dist/server.js, built by `npm test` before the tests) driven by a real editor:
 * Debian's Neovim (installed by scripts/ci-deps.sh) runs headless with its built-in LSP client, opens a
 * manifest, waits for the pushed diagnostics, asks for hovers on container names and writes what it saw
 * to a JSON file that this test checks.
 *
 * The generated init.lua works on Neovim 0.7 (Debian 12: `vim.lsp.start_client` + `buf_attach_client`)
 * and on newer ones (`vim.lsp.start` from 0.8). A missing `nvim` fails the test: it never skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const server = join(root, 'dist/server.js');

/** What init.lua writes: see `result` in INIT_LUA. */
interface NvimResult {
  nvim: string;
  api: 'vim.lsp.start' | 'vim.lsp.start_client';
  attached: boolean;
  timedOut: boolean;
  offsetEncoding?: string;
  diagnostics: Array<{ source?: string; code?: string | number; lnum: number; col: number; end_lnum?: number; end_col?: number; severity: number; message: string }>;
  hovers: Array<{ name: string; position?: { line: number; character: number }; kind?: string; text: string; error?: string }>;
  messages: Array<{ kind: string; type: number; message: string }>;
  exit?: { code: number; signal: number };
  logPath?: string;
  error?: string;
}

/**
 * Drives Neovim from its init file: start (or reuse) the client on FileType yaml, then once the editor
 * is up wait for the diagnostics, hover on each target, write the result and quit. Every step is
 * protected so that the result file is written and Neovim quits even when something fails.
 */
const INIT_LUA = String.raw`
local CONFIG = assert(os.getenv('KUBEGRACE_NVIM_TEST'), 'KUBEGRACE_NVIM_TEST is not set')
local cfg = vim.fn.json_decode(table.concat(vim.fn.readfile(CONFIG), '\n'))

local v = vim.version()
local result = {
  nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch),
  api = vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client',
  attached = false,
  timedOut = false,
  diagnostics = {},
  hovers = {},
  messages = {},
}

-- The LSP log goes to $XDG_CACHE_HOME (0.7) or $XDG_STATE_HOME (0.8+), both temporary here.
if vim.lsp.log and vim.lsp.log.set_level then vim.lsp.log.set_level(cfg.logLevel) else vim.lsp.set_log_level(cfg.logLevel) end
result.logPath = (vim.lsp.log and vim.lsp.log.get_filename) and vim.lsp.log.get_filename() or vim.lsp.get_log_path()

local function recorder(kind)
  return function(err, params, ctx, config)
    table.insert(result.messages, { kind = kind, type = params.type, message = params.message })
    local default = vim.lsp.handlers[kind]
    if default then return default(err, params, ctx, config) end
  end
end

-- Neovim 0.7 answers workspace/configuration but does not announce it (0.8 does): say so, or the
-- server never asks and uses its defaults.
local capabilities = vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), {
  workspace = { configuration = true },
})

local client_id
local config = {
  name = 'kubegrace',
  cmd = cfg.cmd,
  root_dir = cfg.root,
  capabilities = capabilities,
  settings = { kubegrace = cfg.settings },
  handlers = {
    ['window/logMessage'] = recorder('window/logMessage'),
    ['window/showMessage'] = recorder('window/showMessage'),
  },
  on_exit = function(code, signal) result.exit = { code = code, signal = signal } end,
}

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    if vim.lsp.start then
      client_id = vim.lsp.start(config, { bufnr = args.buf })
    else
      client_id = client_id or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, client_id)
    end
  end,
})

local function code_of(d)
  if d.code ~= nil then return d.code end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

local function ours(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'kubegrace' and code_of(d) == cfg.code then table.insert(found, d) end
  end
  return found
end

-- MarkupContent, MarkedString or a list of MarkedStrings, as text.
local function hover_text(contents)
  if type(contents) == 'string' then return contents, 'string' end
  if contents.kind then return contents.value, contents.kind end
  if contents.value then return contents.value, 'markedstring' end
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, type(c) == 'string' and c or c.value) end
  return table.concat(parts, '\n'), 'markedstring[]'
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  result.timedOut = not vim.wait(cfg.timeoutMs, function() return #ours(bufnr) >= cfg.expected end, 20)
  local client = client_id and vim.lsp.get_client_by_id(client_id)
  result.attached = client ~= nil
  if not client then error('the kubegrace client did not start') end
  result.offsetEncoding = client.offset_encoding

  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, {
      source = d.source, code = code_of(d), lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message,
    })
  end

  for _, target in ipairs(cfg.hovers) do
    -- The cursor on the container's name (byte column); the client converts it to its encoding.
    vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    local hover = { name = target.name, position = params.position, text = '' }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 5000)
    local response = responses and responses[client.id]
    if not response then
      hover.error = 'no answer in 5 s'
    elseif response.err or response.error then
      hover.error = vim.inspect(response.err or response.error)
    elseif response.result and response.result ~= vim.NIL then
      hover.text, hover.kind = hover_text(response.result.contents)
    end
    table.insert(result.hovers, hover)
  end
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    vim.schedule(function()
      local ok, err = pcall(run)
      if not ok then result.error = tostring(err) end
      vim.fn.writefile({ vim.fn.json_encode(result) }, cfg.out)
      vim.cmd('qa!')
    end)
  end,
})
`;

/**
 * Two Deployments, each selected by a Service, whose containers have no preStop: `prestop-missing` on
 * each container's name. The second container is a flow mapping with non-ASCII text before its name,
 * so its UTF-16 column (the server's), code point column and byte column (Neovim's) all differ.
 */
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.0
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - {env: [{name: GREETING, value: "grüß 🚀"}], name: api, image: example/api, ports: [{containerPort: 9000}], readinessProbe: {tcpSocket: {port: 9000}}}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 9000}]}
`;

// 0-based lines; Neovim's columns are bytes. "ü" and "ß" are 2 bytes (1 UTF-16 unit), "🚀" is 4 bytes
// (2 UTF-16 units): "api" starts at UTF-16 character 60 and byte 64.
const WEB = { name: 'web', lnum: 12, col: 16, character: 16 };
const API = { name: 'api', lnum: 33, col: 64, character: 60 };

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

test('neovim: diagnostics with exact positions, hover with the timeline, settings pulled, no server error', () => {
  const version = nvimVersion();
  assert.ok(version, 'nvim not found on PATH. This test needs Debian\'s neovim: run `bash scripts/ci-deps.sh` as root (CI does before npm test).');
  assert.ok(existsSync(server), `${server} not found: run \`npm run build\` first`);

  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-nvim-'));
  try {
    const manifest = join(dir, 'app.yaml');
    const out = join(dir, 'result.json');
    const configPath = join(dir, 'config.json');
    const init = join(dir, 'init.lua');
    writeFileSync(manifest, MANIFEST);
    writeFileSync(init, INIT_LUA);
    // Sanity-check the expected columns against the manifest itself.
    const lines = MANIFEST.split('\n');
    for (const t of [WEB, API]) {
      const line = lines[t.lnum]!;
      assert.equal(line.indexOf(`name: ${t.name}`) + 6, t.character, `${t.name}: UTF-16 column`);
      assert.equal(Buffer.byteLength(line.slice(0, t.character)), t.col, `${t.name}: byte column`);
    }
    writeFileSync(
      configPath,
      JSON.stringify({
        cmd: [process.execPath, server, '--stdio'],
        root: dir,
        // Pulled with workspace/configuration: the message below must say ≈7 s, not the default ≈5 s.
        settings: { kubernetesVersion: '1.30', endpointPropagationSeconds: 7 },
        code: 'prestop-missing',
        expected: 2,
        timeoutMs: 20_000,
        logLevel: 'warn', // 'debug' logs every message to and from the server
        out,
        hovers: [WEB, API].map(({ name, lnum, col }) => ({ name, lnum, col })),
      }),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, KUBEGRACE_NVIM_TEST: configPath };
    for (const xdg of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) {
      env[xdg] = join(dir, xdg.toLowerCase());
      mkdirSync(env[xdg]!);
    }
    delete env.NVIM; // a Neovim terminal's variable would make nvim talk to that Neovim
    delete env.NVIM_LISTEN_ADDRESS;

    const started = Date.now();
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', init, manifest], {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 40_000,
      killSignal: 'SIGKILL',
    });
    const elapsed = Date.now() - started;
    const context = `${version}, ${elapsed} ms, exit ${r.status} ${r.signal ?? ''}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
    assert.ok(existsSync(out), `Neovim wrote no result (${context})`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    const log = result.logPath && existsSync(result.logPath) ? readFileSync(result.logPath, 'utf8') : '';
    const detail = `${context}\nresult: ${JSON.stringify(result, null, 2)}\nLSP log:\n${log}`;

    assert.equal(result.error, undefined, detail);
    assert.equal(r.status, 0, detail);
    assert.equal(result.api, version.startsWith('NVIM v0.7.') ? 'vim.lsp.start_client' : 'vim.lsp.start', detail);
    assert.ok(result.attached, detail);
    assert.equal(result.offsetEncoding, 'utf-16', detail);
    assert.equal(result.timedOut, false, `no prestop-missing diagnostics within 20 s\n${detail}`);
    assert.equal(result.exit, undefined, `the server exited early\n${detail}`);

    // Diagnostics (pushed up to Neovim 0.9, pulled from 0.10): exact 0-based line, byte column and range, source, code, severity (2 = WARN).
    const found = result.diagnostics
      .filter((d) => d.source === 'kubegrace' && d.code === 'prestop-missing')
      .map(({ lnum, col, end_lnum, end_col, severity }) => ({ lnum, col, end_lnum, end_col, severity }))
      .sort((a, b) => a.lnum - b.lnum);
    assert.deepEqual(
      found,
      [WEB, API].map((t) => ({ lnum: t.lnum, col: t.col, end_lnum: t.lnum, end_col: t.col + 3, severity: 2 })),
      detail,
    );
    assert.ok(result.diagnostics.every((d) => d.source === 'kubegrace'), detail);
    for (const d of result.diagnostics.filter((x) => x.code === 'prestop-missing')) {
      assert.match(d.message, /SIGTERM at 0 s.*≈7 s/, `settings.kubegrace reached the server\n${detail}`);
    }

    // Hover on each container name: Neovim sent the UTF-16 position; the answer is the timeline.
    assert.equal(result.hovers.length, 2, detail);
    for (const [hover, t] of result.hovers.map((h, i) => [h, [WEB, API][i]!] as const)) {
      assert.equal(hover.error, undefined, detail);
      assert.deepEqual(hover.position, { line: t.lnum, character: t.character }, detail);
      assert.equal(hover.kind, 'markdown', detail);
      assert.match(hover.text, new RegExp(`Deployment/${t.name}.*termination timeline`), detail);
      assert.match(hover.text, new RegExp(`${t.name}: SIGTERM 0 s → SIGKILL 30 s`), detail);
      assert.match(hover.text, /SIGTERM/, detail);
      assert.match(hover.text, /SIGKILL/, detail);
      assert.match(hover.text, /prestop-missing/, detail);
    }

    // Nothing went wrong on the server's side: no error message and nothing on its stderr.
    assert.deepEqual(result.messages.filter((m) => m.type === 1), [], detail);
    const errors = log.split('\n').filter((l) => l.startsWith('[ERROR]'));
    assert.deepEqual(errors, [], detail);
    assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
