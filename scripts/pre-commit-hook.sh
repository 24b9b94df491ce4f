#!/bin/sh
# The pre-commit hook's entry (.pre-commit-hooks.yaml): runs `kubegrace check --context .` on the
# staged files pre-commit passes, with the hook's `args:` before them. pre-commit runs it from the
# root of the repository being committed.
#
# The CLI it runs, first found of:
#   1. $KUBEGRACE (a command, e.g. "node tools/kubegrace/dist/cli.js");
#   2. kubegrace on PATH (npm install --global kubegrace);
#   3. node_modules/.bin/kubegrace of the repository (npm install --save-dev kubegrace);
#   4. npx --yes kubegrace@VERSION, VERSION being this hook repository's version (fetched once
#      from the npm registry, then from npm's cache).
set -eu
if [ -n "${KUBEGRACE:-}" ]; then
  # shellcheck disable=SC2086 # $KUBEGRACE is a command line on purpose
  exec $KUBEGRACE check --context . "$@"
elif command -v kubegrace >/dev/null 2>&1; then
  exec kubegrace check --context . "$@"
elif [ -x node_modules/.bin/kubegrace ]; then
  exec node_modules/.bin/kubegrace check --context . "$@"
fi
here=$(cd "$(dirname "$0")/.." && pwd)
version=$(node -p 'require(process.argv[1]).version' "$here/package.json")
exec npx --yes "kubegrace@$version" check --context . "$@"
