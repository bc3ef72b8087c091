#!/usr/bin/env bash
# The certs-gen launcher: builds the certs-gen module on first use (or when one of its sources is newer than the
# build), then runs it. It needs nothing else of the project, so only that module is built.
# (Named certs-gen.sh because ./certs-gen is the module's directory.)
#   ./certs-gen.sh demo fixtures/ca
#   ./certs-gen.sh help
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
stamp="$root/certs-gen/target/.built"
needs_build() {
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/certs-gen/pom.xml" "$root/certs-gen/src/main" -newer "$stamp" -print -quit)" ]
}
if needs_build; then
  command -v mvn >/dev/null || { echo "certs-gen: Maven (mvn) is required: apt-get install maven" >&2; exit 1; }
  echo "certs-gen: building the certs-gen module (first run or sources changed)..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -pl certs-gen -am package) >&2
  touch "$stamp"
fi
exec java -cp "$root/certs-gen/target/classes:$root/certs-gen/target/lib/*" io.etcdj.certs.CertsGenMain "$@"
