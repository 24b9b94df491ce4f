#!/bin/sh
# The pre-commit hook's entry (.pre-commit-hooks.yaml): runs `kubegrace check --context .` on the
# staged files pre-commit passes, with the hook's `args:` before them. pre-commit runs it from the
# root of the repository being committed.
#
# The CLI it runs is the one committed in the hook repository at the `rev:` the user pinned
# (action/dist/cli.js, the same bundle the GitHub Action runs): pre-commit's clone of the hook
# repository is all it needs, with Node.js 20+ on PATH; nothing comes from a registry.
# $KUBEGRACE (a command line, e.g. "node tools/kubegrace/dist/cli.js") runs another CLI instead.
set -eu
if [ -n "${KUBEGRACE:-}" ]; then
  # shellcheck disable=SC2086 # $KUBEGRACE is a command line on purpose
  exec $KUBEGRACE check --context . "$@"
fi
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v node >/dev/null 2>&1; then
  echo "kubegrace: the pre-commit hook needs Node.js 20 or later on PATH" >&2
  exit 2
fi
exec node "$here/action/dist/cli.js" check --context . "$@"
