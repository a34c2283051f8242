# Sourced by ./mvnw (POSIX sh). Makes sure Maven runs on a JDK 21+ (Helidon 4 needs it),
# because on many machines `java` on PATH is older while a newer JDK sits beside it.
# Order: JAVA_HOME if it is 21+; else the newest JDK 21+ found in the usual JVM folders;
# else fail with a message that says what to install.

autoship_java_major() {
  # prints the feature version of the JDK at $1 (e.g. 17, 21, 25), or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

autoship_select_jdk() {
  _min=21
  if [ -n "${JAVA_HOME-}" ]; then
    _v="$(autoship_java_major "$JAVA_HOME")"
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ]; then
      return 0
    fi
    echo "mvnw: JAVA_HOME=$JAVA_HOME is not a JDK $_min+; looking for one" >&2
  fi
  _best="" _best_v=0
  set +f # mvnw runs with globbing off; the search below needs it
  for _dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$_dir" ] || continue
    _v="$(autoship_java_major "$_dir")"
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ] && [ "$_v" -gt "$_best_v" ]; then
      _best="$_dir" _best_v="$_v"
    fi
  done
  set -f
  if [ -z "$_best" ] && command -v javac >/dev/null 2>&1; then
    _dir="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    _v="$(autoship_java_major "$_dir")"
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ]; then _best="$_dir"; fi
  fi
  if [ -z "$_best" ]; then
    echo "mvnw: no JDK $_min or newer found (looked at JAVA_HOME, /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks)." >&2
    echo "mvnw: install one (e.g. Temurin 21 or 25) or point JAVA_HOME at it." >&2
    exit 1
  fi
  JAVA_HOME="$_best"
  export JAVA_HOME
}

autoship_select_jdk
