#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with Debian's real pre-commit, offline: the hook repository is a git
# repository made from this checkout's hook files and the CLI bundle committed with them
# (action/dist/cli.js), and a user's repository commits manifests through the hook. No kubegrace is
# on PATH and npm is offline with an empty cache: the hook must run from its own repository.
# Run by .ci/run; needs action/dist/cli.js (npm run build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v pre-commit >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-precommit: pre-commit is not installed (apt-get install pre-commit, as root)" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends pre-commit >/dev/null ||
    { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends pre-commit >/dev/null; }
fi
[ -f action/dist/cli.js ] || node scripts/build.mjs

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-cache" npm_config_cache="$work/npm-cache" npm_config_offline=true
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
export NO_COLOR=1
failures=0
pass() { echo "ok - $1"; }
fail() { echo "not ok - $1"; failures=$((failures + 1)); }

if pre-commit validate-manifest .pre-commit-hooks.yaml; then pass "pre-commit validates .pre-commit-hooks.yaml"; else fail "pre-commit validates .pre-commit-hooks.yaml"; fi

if command -v kubegrace >/dev/null 2>&1; then fail "no kubegrace on PATH for this test"; fi

# The hook repository at a commit, as pre-commit clones it: the hook, its script and the bundle.
hook="$work/hook-repo"
mkdir -p "$hook/scripts" "$hook/action/dist" "$hook/docs"
cp .pre-commit-hooks.yaml package.json "$hook/"
cp scripts/pre-commit-hook.sh "$hook/scripts/"
cp action/dist/cli.js "$hook/action/dist/"
cp -r docs/rules "$hook/docs/"
git -C "$hook" init -q
git -C "$hook" add -A
git -C "$hook" commit -qm hooks
rev=$(git -C "$hook" rev-parse HEAD)

# A user's repository: a Service committed earlier, a Deployment staged now.
app="$work/app"
mkdir -p "$app/k8s" "$app/charts/web/templates"
git -C "$app" init -q
cat > "$app/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $hook
    rev: $rev
    hooks:
      - id: kubegrace
YAML
printf 'ignore:\n  - charts/\n' > "$app/.kubegrace.yaml"
cat > "$app/k8s/service.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: checkout}
spec:
  selector: {app: checkout}
  ports: [{port: 80, targetPort: http}]
YAML
git -C "$app" add -A
git -C "$app" commit -qm "service"
deployment() {
  cat <<YAML
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
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
$1
YAML
}
deployment "" > "$app/k8s/deployment.yaml"
git -C "$app" add k8s/deployment.yaml

cd "$app"
if out=$(pre-commit run 2>&1); then
  fail "a staged Deployment without preStop fails the hook"; echo "$out"
# prestop-missing is a warning only when a Service selects the pod (information otherwise).
elif grep -q "k8s/deployment.yaml:.*warning prestop-missing: " <<<"$out"; then
  pass "a staged Deployment without preStop fails, its committed (unstaged) Service counted"
else
  fail "the hook output names prestop-missing with the committed Service"; echo "$out"
fi

pre-commit install >/dev/null
if git commit -qm "deployment" >/dev/null 2>&1; then fail "git commit is refused by the installed hook"; else pass "git commit is refused by the installed hook"; fi

deployment "          lifecycle: {preStop: {sleep: {seconds: 5}}}" > k8s/deployment.yaml
# An unrendered template under the ignored charts/ folder is staged too: skipped, not failed.
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: {{ .Release.Name }}}\n' > charts/web/templates/deployment.yaml
# A broken manifest in the working tree that is not staged must not matter: pre-commit stashes it.
deployment "" > k8s/unstaged.yaml
git add k8s/deployment.yaml charts/web/templates/deployment.yaml
if out=$(pre-commit run 2>&1); then pass "the fixed Deployment and an ignored template pass"; else fail "the fixed Deployment and an ignored template pass"; echo "$out"; fi
if git commit -qm "deployment" >/dev/null 2>&1; then pass "git commit goes through"; else fail "git commit goes through"; fi
[ -f k8s/unstaged.yaml ] && pass "unstaged files are left as they were" || fail "unstaged files are left as they were"

# All staged manifests in one invocation: a Deployment and its Service, both new.
sed 's/checkout/cart/g' k8s/service.yaml > k8s/cart-service.yaml
deployment "" | sed 's/checkout/cart/g' > k8s/cart.yaml
rm k8s/unstaged.yaml
git add k8s/cart-service.yaml k8s/cart.yaml
out=$(pre-commit run --verbose 2>&1) || true
if grep -q "k8s/cart.yaml:.*warning prestop-missing: " <<<"$out"; then pass "staged Deployment and Service are checked together"; else fail "staged Deployment and Service are checked together"; echo "$out"; fi

echo "test-precommit: $failures failure(s)"
[ "$failures" -eq 0 ]
