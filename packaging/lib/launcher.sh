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

# Class-data sharing for the server (AppCDS, JDK 17's dynamic archive): the classes a member loads, stored once,
# mapped at the next start instead of loaded and verified again. Measured on a busy 2-core machine: start to
# serving 8-9 s without, 3-4 s with. The archive is tied to this install's lib/ (paths, sizes, times) and to the JVM,
# so it is made here, by the first server run of this install (written when that member stops), never shipped:
#   ETCDJ_CDS_ARCHIVE=<file>   where to keep it (default lib/server.jsa; the Debian unit uses /var/cache/etcdj);
#   ETCDJ_CDS_ARCHIVE=         (empty) no archive.
# A stale, damaged or foreign archive is never an error: the JVM falls back to loading classes (its warnings are
# turned off), and a changed lib/ or JVM makes the next run write a new one.
# Sets $cds_mode to "use" (with $cds_opts) or "make" (with $cds_opts, $cds_tmp, $cds, $cds_key) or "off".
cds_plan() {
  cds_mode=off
  cds_opts=
  cds=${ETCDJ_CDS_ARCHIVE-$home/lib/server.jsa}
  [ -n "$cds" ] || return 0
  command -v cksum >/dev/null 2>&1 || return 0
  # What the archive depends on: the install's path and jars, and the JVM binary.
  cds_key=$(
    {
      echo "$home"
      (set +f && ls -l "$home/lib/"*.jar)
      ls -lL "$runtime/lib/server/libjvm.so" 2>/dev/null || echo "$java"
    } | cksum
  )
  if [ -r "$cds" ] && [ "$(cat "$cds.key" 2>/dev/null)" = "$cds_key" ]; then
    cds_mode=use
    cds_opts="-XX:SharedArchiveFile=$cds -Xlog:cds=off -Xlog:cds+dynamic=off"
  elif jvm_can_write_archive && { [ -w "${cds%/*}" ] || mkdir -p "${cds%/*}" 2>/dev/null && [ -w "${cds%/*}" ]; }; then
    cds_mode=make
    cds_tmp="$cds.$$.tmp"
    cds_opts="-XX:ArchiveClassesAtExit=$cds_tmp -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
}

# False when the JVM options ask for something a JDK 17 JVM that writes an archive refuses to start with: an agent
# (-agentlib:jdwp for a debugger, -agentpath: for a profiler, -javaagent: for an APM) or no class sharing at all
# (-Xshare:off). Then no archive is made (the member starts without one; an existing archive is still used), since
# "CDS dumping does not support native JVMTI agent" would otherwise stop a first run at once. The JVM also reads
# JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS, so those are looked at too.
jvm_can_write_archive() {
  case " ${ETCDJ_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-} " in
    *[[:space:]]-agentlib:* | *[[:space:]]-agentpath:* | *[[:space:]]-javaagent:* | *[[:space:]]-Xshare:off[[:space:]]*) return 1 ;;
  esac
  return 0
}

# Sets $collector_off to the options that turn off the garbage collector the options file ($1) selects, when
# ETCDJ_JAVA_OPTS selects one itself (e.g. -XX:+UseZGC): for collectors a later option does not win, the JVM stops
# with "Multiple garbage collectors selected". Empty otherwise.
collector_override() {
  collector_off=
  case " ${ETCDJ_JAVA_OPTS:-} " in
    *[[:space:]]-XX:+UseSerialGC[[:space:]]* | *[[:space:]]-XX:+UseParallelGC[[:space:]]* | \
      *[[:space:]]-XX:+UseG1GC[[:space:]]* | *[[:space:]]-XX:+UseZGC[[:space:]]* | \
      *[[:space:]]-XX:+UseShenandoahGC[[:space:]]* | *[[:space:]]-XX:+UseEpsilonGC[[:space:]]*) ;;
    *) return 0 ;;
  esac
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      -XX:+Use*GC) collector_off="$collector_off -XX:-${line#-XX:+}" ;;
    esac
  done <"$1"
}

# Runs the server JVM ("$@" is its whole command line) when the archive is to be made: as a child, not exec'd, so
# that once it exits the archive it wrote is renamed into place whole (two members of one install starting at once
# each write their own temporary file). SIGTERM, SIGINT and SIGHUP are passed on; the exit status is the JVM's.
run_making_cds() {
  "$@" &
  child=$!
  trap 'kill -TERM $child 2>/dev/null' TERM
  trap 'kill -INT $child 2>/dev/null' INT
  trap 'kill -HUP $child 2>/dev/null' HUP
  status=0
  wait $child || status=$?
  # A trapped signal ends the first wait early; wait again for the JVM's own exit (and its archive).
  while kill -0 $child 2>/dev/null; do
    status=0
    wait $child || status=$?
  done
  trap - TERM INT HUP
  if [ -s "$cds_tmp" ]; then
    echo "$cds_key" >"$cds.key.$$" && mv -f "$cds_tmp" "$cds" && mv -f "$cds.key.$$" "$cds.key"
  fi
  rm -f "$cds_tmp" "$cds.key.$$"
  return $status
}
