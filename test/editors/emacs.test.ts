/**
 * The bundled server (dist/server.js) driven by a real Emacs: Debian's emacs-nox with the elpa-eglot
 * and elpa-yaml-mode packages (scripts/ci-deps.sh installs them), run with --batch. The driver loads
 * the setup of docs/editors.md (eglot-server-programs for yaml-mode, eglot-workspace-configuration),
 * opens a manifest, waits for Flymake's diagnostics from Eglot and asks for a hover, then writes
 * what it saw to a JSON file that this test checks. A missing `emacs` fails the test: it never skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const server = join(root, 'dist/server.js');

/**
 * Debian's elpa-* packages are activated by package.el; --batch does not do that by itself. The
 * configuration is docs/editors.md's, with the server's path filled in. Every wait is bounded, and the
 * result file is written whatever happens.
 */
const DRIVER = String.raw`
(require 'package)
(package-activate-all)
(require 'json)
(defvar kg-result (list (cons 'emacs emacs-version)))
(defun kg-put (key value) (push (cons key value) kg-result))
(defun kg-write ()
  (with-temp-file (getenv "KUBEGRACE_EMACS_RESULT") (insert (json-encode kg-result))))
(condition-case err
    (progn
      (require 'eglot)
      (require 'yaml-mode)
      (kg-put 'eglot (if (fboundp 'eglot-version) (eglot-version) "loaded"))
      ;; The setup of docs/editors.md.
      (with-eval-after-load 'eglot
        (add-to-list 'eglot-server-programs
                     (list '(yaml-mode yaml-ts-mode) "node" (getenv "KUBEGRACE_SERVER") "--stdio")))
      (setq-default eglot-workspace-configuration '(:kubegrace (:kubernetesVersion "1.29")))
      (find-file (getenv "KUBEGRACE_MANIFEST"))
      (kg-put 'mode (symbol-name major-mode))
      (apply #'eglot (eglot--guess-contact))
      (let ((deadline (+ (float-time) 30)) diags)
        (while (and (< (float-time) deadline)
                    (progn (setq diags (flymake-diagnostics)) (< (length diags) 2)))
          (when (fboundp 'flymake-start) (ignore-errors (flymake-start)))
          (accept-process-output nil 0.2))
        (kg-put 'diagnostics
                (vconcat (mapcar (lambda (d)
                                   (list (cons 'text (flymake-diagnostic-text d))
                                         (cons 'type (symbol-name (flymake-diagnostic-type d)))
                                         (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))))
                                 diags))))
      ;; A hover on the container's name, as ElDoc would ask it.
      (goto-char (point-min))
      (search-forward "- name: checkout")
      (backward-char 2)
      (let ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                    (eglot--TextDocumentPositionParams))))
        (kg-put 'hover (plist-get (plist-get hover :contents) :value)))
      (eglot-shutdown (eglot-current-server)))
  (error (kg-put 'error (format "%S" err))))
(kg-write)
(kill-emacs 0)
`;

const MANIFEST = `apiVersion: v1
kind: Service
metadata: {name: checkout}
spec:
  selector: {app: checkout}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout}
spec:
  selector: {matchLabels: {app: checkout}}
  template:
    metadata: {labels: {app: checkout}}
    spec:
      containers:
        - name: checkout
          image: ghcr.io/example/checkout:3.8.0
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
        - name: worker
          image: ghcr.io/example/worker:3.8.0
          lifecycle: {preStop: {sleep: {seconds: 5}}}
`;

test('Emacs with Eglot (Debian packages) shows the diagnostics and the hover, with the workspace configuration applied', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-emacs-'));
  try {
    spawnSync('git', ['init', '-q', dir]);
    const manifest = join(dir, 'checkout.yaml');
    writeFileSync(manifest, MANIFEST);
    const driver = join(dir, 'driver.el');
    writeFileSync(driver, DRIVER);
    const resultFile = join(dir, 'result.json');
    const env = { ...process.env, HOME: dir, KUBEGRACE_SERVER: server, KUBEGRACE_MANIFEST: manifest, KUBEGRACE_EMACS_RESULT: resultFile };
    const run = spawnSync('emacs', ['--batch', '-l', driver], { cwd: dir, env, encoding: 'utf8', timeout: 90_000 });
    assert.ifError(run.error);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { emacs: string; mode: string; error?: string; diagnostics: Array<{ text: string; type: string; line: number }>; hover?: string };
    assert.equal(result.error, undefined, `${result.error}\n${run.stderr}`);
    assert.equal(result.mode, 'yaml-mode');
    const texts = result.diagnostics.map((d) => d.text);
    // Eglot formats a diagnostic as "source [code]: message".
    const prestop = result.diagnostics.find((d) => d.text.startsWith('kubegrace [prestop-missing]: checkout gets SIGTERM at 0 s'));
    assert.ok(prestop, texts.join('\n'));
    assert.equal(prestop.line, 17, 'on the container name');
    assert.equal(prestop.type, 'eglot-warning', 'a warning in Flymake');
    // kubernetesVersion 1.29 from eglot-workspace-configuration: the sleep action is a warning there.
    assert.ok(texts.some((t) => t.startsWith('kubegrace [sleep-action-unavailable]: ')), texts.join('\n'));
    assert.match(result.hover ?? '', /checkout: .*SIGKILL 30 s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
