# Shared helpers for the Pocket scripts: locate the repository, install what the build needs
# (a JDK 17+, Maven, gcc with libc6-dev and linux-libc-dev) from Debian packages when missing, and build the jars on demand.
# Sourced, not executed.

POCKET_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POCKET_LIB="$POCKET_HOME/bench/target/lib"
POCKET_JAR="$POCKET_HOME/bench/target/pocket-bench-0.1.0-SNAPSHOT.jar"

pocket_log() { echo "pocket: $*" >&2; }

# Installs Debian packages that are missing; needs root (CI and the dev machines run as root).
pocket_apt_install() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        pocket_log "missing packages: ${missing[*]} (run as root or install them: apt-get install ${missing[*]})"
        return 1
    fi
    pocket_log "installing ${missing[*]}"
    if [ ! -f /var/lib/apt/periodic/pocket-updated ] || [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ]; then
        apt-get update -qq >/dev/null || return 1
        mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/pocket-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    }
}

# Makes sure a Java 17+ runtime and Maven are present.
pocket_require_toolchain() {
    local version=""
    if command -v java >/dev/null 2>&1; then
        version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    fi
    if [ -z "$version" ] || [ "${version%%.*}" -lt 17 ]; then
        pocket_apt_install openjdk-17-jdk-headless || return 1
    fi
    command -v mvn >/dev/null 2>&1 || pocket_apt_install maven || return 1
    # gcc, the C library headers and <linux/io_uring.h> compile the native module's JNI library; without them
    # the build still succeeds but the io_uring engine is unavailable (NativeIo.unavailabilityCause says so).
    if ! command -v gcc >/dev/null 2>&1 || [ ! -f /usr/include/linux/io_uring.h ] || [ ! -f /usr/include/stdio.h ]; then
        pocket_apt_install gcc libc6-dev linux-libc-dev || pocket_log "gcc or the kernel headers are missing: the io_uring engine will be unavailable"
    fi
}

# Builds every module's jar (tests skipped) if the launcher jar or its libraries are missing.
pocket_build_if_needed() {
    if [ -f "$POCKET_JAR" ] && [ -d "$POCKET_LIB" ] && [ -z "${POCKET_REBUILD:-}" ]; then
        return 0
    fi
    pocket_require_toolchain || return 1
    pocket_log "building the jars (first use)..."
    (cd "$POCKET_HOME" && mvn -q -B -DskipTests install) >&2 || { pocket_log "build failed"; return 1; }
}

pocket_classpath() {
    echo "$POCKET_JAR:$POCKET_LIB/*"
}
