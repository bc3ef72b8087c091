# Shared by the release launchers (bin/etcd, bin/etcdctl, bin/certs-gen); sourced, not run. POSIX sh: a release
# needs only a Java 17+ runtime and a shell, never Maven or the sources.

# Prints "<program>: <message>" on stderr and exits 1.
die() {
  echo "$prog: $*" >&2
  exit 1
}

# Sets $java to a Java 17+ runtime's java: $JAVA_HOME/bin/java when JAVA_HOME is set, else the one on PATH.
# Its version is read from the runtime's "release" file (no JVM start); a JVM without one is asked with -version.
find_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
    [ -x "$java" ] || die "JAVA_HOME=$JAVA_HOME has no bin/java; point JAVA_HOME at a Java 17+ runtime, or unset it to use the java on PATH"
  else
    java=$(command -v java) || die "no java on PATH: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
  fi
  java_version=
  runtime=$(readlink -f "$java" 2>/dev/null) || runtime=$java
  runtime=${runtime%/bin/java}
  if [ -r "$runtime/release" ]; then
    while IFS= read -r line; do
      case $line in JAVA_VERSION=*) java_version=${line#JAVA_VERSION=} ;; esac
    done <"$runtime/release"
  fi
  if [ -z "$java_version" ]; then
    # e.g. openjdk version "17.0.15" 2025-04-15 / java version "1.8.0_402"
    java_version=$("$java" -version 2>&1 | while IFS= read -r line; do
      case $line in *' version "'*) echo "${line#*version }"; break ;; esac
    done)
  fi
  java_version=${java_version#\"}
  java_version=${java_version%%\"*}
  feature=${java_version%%[!0-9]*}
  if [ -z "$feature" ] || [ "$feature" -lt 17 ]; then
    die "$java is Java ${java_version:-of an unknown version}; etcdj needs Java 17 or newer (set JAVA_HOME or PATH to one)"
  fi
}

# True when every argument asks for help or the version (etcd -h, etcd -version): those need none of the server's JVM
# settings. Only when all of them do: in "-name -h" the -h is a value, and the server must start with its options.
only_asks_help_or_version() {
  [ $# -gt 0 ] || return 1
  for arg in "$@"; do
    case $arg in
      -h | -help | --h | --help | -version | --version | -h=true | -help=true | -version=true | --version=true) ;;
      *) return 1 ;;
    esac
  done
  return 0
}

# The JVM options for a short-lived command: no tiered C2 compilation, class data sharing, a small heap.
LIGHT_JVM_OPTS="-XX:TieredStopAtLevel=1 -Xshare:auto -XX:+UseSerialGC -Xmx64m"
