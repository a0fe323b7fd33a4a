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

# What the build leaves in bench/target besides the jars: a stamp touched after every successful build (sources
# newer than it mean the jars are stale), the class path in jar order, and the class-data sharing archive of
# the classes a typical session loads (docs/performance.md, "CLI start-up").
POCKET_STAMP="$POCKET_HOME/bench/target/pocket.built"
POCKET_CLASSPATH_FILE="$POCKET_HOME/bench/target/pocket.classpath"
# The servers' class path: the controlplane jar and its runtime libraries, no benchmark library.
POCKET_SERVER_JAR="$POCKET_HOME/controlplane/target/pocket-controlplane-0.1.0-SNAPSHOT.jar"
POCKET_SERVER_LIB="$POCKET_HOME/controlplane/target/lib"
POCKET_SERVER_CLASSPATH_FILE="$POCKET_HOME/controlplane/target/pocket-server.classpath"
POCKET_CDS_FILE="$POCKET_HOME/bench/target/pocket.jsa"
POCKET_BUILD_LOG="$POCKET_HOME/bench/target/pocket-build.log"
POCKET_MODULES=(client native dataplane controlplane bench)

# Prints the first build input newer than the last build, if any: a pom.xml or a file under src/main (hidden
# files, such as an editor's swap file, aside). A removal alone goes unnoticed: POCKET_REBUILD=1 rebuilds (0, false,
# no, off or empty do not).
pocket_changed_source() {
    local inputs=("$POCKET_HOME/pom.xml") m
    for m in "${POCKET_MODULES[@]}"; do
        inputs+=("$POCKET_HOME/$m/pom.xml" "$POCKET_HOME/$m/src/main")
    done
    find "${inputs[@]}" -type f -newer "$POCKET_STAMP" -not -name '.*' -print -quit 2>/dev/null
}

# Why the jars must be built, or nothing when they are current.
pocket_build_reason() {
    local changed
    case "${POCKET_REBUILD:-}" in
        ""|0|false|no|off) ;;
        *) echo "POCKET_REBUILD is set"; return 0 ;;
    esac
    if [ ! -f "$POCKET_JAR" ] || [ ! -d "$POCKET_LIB" ] || [ ! -f "$POCKET_STAMP" ] || [ ! -f "$POCKET_CLASSPATH_FILE" ]; then
        echo "first use"
    else
        changed=$(pocket_changed_source)
        [ -n "$changed" ] && echo "${changed#"$POCKET_HOME"/} changed since the last build"
    fi
    return 0
}

# Builds the jars when they are missing, when a source is newer than the last build, or when POCKET_REBUILD is
# set, and makes the class-data archive when it is missing or older than a jar. When nothing changed this
# costs a few file checks; otherwise it holds a lock, so that commands started together build once.
pocket_build_if_needed() {
    local reason
    reason=$(pocket_build_reason)
    if [ -z "$reason" ] && { [ "${POCKET_CDS:-on}" = off ] || pocket_cds_is_current; }; then
        return 0
    fi
    local lock="${TMPDIR:-/tmp}/pocket-build.$(id -u).$(printf '%s' "$POCKET_HOME" | cksum | cut -d' ' -f1).lock"
    exec 9>"$lock"
    flock 9
    reason=$(pocket_build_reason)
    if [ -n "$reason" ]; then
        pocket_require_toolchain && pocket_build "$reason" || { exec 9>&-; return 1; }
    fi
    [ "${POCKET_CDS:-on}" = off ] || pocket_cds_is_current || pocket_cds_archive
    exec 9>&-
    return 0
}

# Runs Maven (tests skipped) with one progress line per module; its full output goes to $POCKET_BUILD_LOG,
# whose tail is shown when the build fails. POCKET_MAVEN_ARGS adds arguments (e.g. -o for an offline build).
pocket_build() {
    local started=$SECONDS log status line
    log=$(mktemp "${TMPDIR:-/tmp}/pocket-build.XXXXXX")
    if [ "$1" = "first use" ]; then
        pocket_log "building the jars (first use: Maven downloads the dependencies, this takes minutes)"
    else
        pocket_log "building the jars ($1)"
    fi
    # shellcheck disable=SC2086 # POCKET_MAVEN_ARGS is a list of words
    (cd "$POCKET_HOME" && mvn -B -ntp -Dstyle.color=never -DskipTests ${POCKET_MAVEN_ARGS:-} install 2>&1) |
        sed -u 's/\x1b\[[0-9;]*m//g' | while IFS= read -r line; do
            printf '%s\n' "$line" >> "$log"
            if [[ "$line" =~ ^\[INFO\]\ Building\ (.+)\ [0-9A-Za-z.-]+-SNAPSHOT\ +\[([0-9]+/[0-9]+)\] ]]; then
                pocket_log "  [${BASH_REMATCH[2]}] ${BASH_REMATCH[1]}"
            fi
        done
    status=${PIPESTATUS[0]}
    mkdir -p "$(dirname "$POCKET_BUILD_LOG")" && mv -f "$log" "$POCKET_BUILD_LOG" 2>/dev/null || POCKET_BUILD_LOG="$log"
    if [ "$status" -ne 0 ]; then
        grep -E '^\[ERROR\]' "$POCKET_BUILD_LOG" | sed '/-> \[Help/,$d' | grep -v '^\[ERROR\] *$' | head -15 >&2
        pocket_log "build failed (full output: $POCKET_BUILD_LOG)"
        return 1
    fi
    pocket_log "built in $((SECONDS - started)) s"
}

# Run by the build (bench/pom.xml, package phase) once the jars are in place: writes the class path, makes the
# class-data archive and touches the stamp, so that a plain `mvn install` leaves the launcher current too.
pocket_after_build() {
    { printf '%s' "$POCKET_JAR"; for jar in "$POCKET_LIB"/*.jar; do printf ':%s' "$jar"; done; echo; } > "$POCKET_CLASSPATH_FILE"
    if [ -f "$POCKET_SERVER_JAR" ] && [ -d "$POCKET_SERVER_LIB" ]; then
        { printf '%s' "$POCKET_SERVER_JAR"; for jar in "$POCKET_SERVER_LIB"/*.jar; do printf ':%s' "$jar"; done; echo; } \
            > "$POCKET_SERVER_CLASSPATH_FILE"
    fi
    [ "${POCKET_CDS:-on}" = off ] || pocket_cds_archive
    touch "$POCKET_STAMP"
}

# True when the class-data archive, or the note that making it failed, is newer than every jar of the class path:
# a failed attempt is not repeated on every call, only after the next build.
pocket_cds_is_current() {
    local made="$POCKET_CDS_FILE" jar
    [ -f "$made" ] || made="$POCKET_CDS_FILE.failed"
    [ -f "$made" ] || return 1
    [ "$POCKET_JAR" -nt "$made" ] && return 1
    for jar in "$POCKET_LIB"/pocket-*.jar; do
        [ "$jar" -nt "$made" ] && return 1
    done
    return 0
}

# Makes the class-data sharing archive: lists the classes that a training run (a small cluster in one JVM and
# the client commands against it) loads, then dumps them. A failure costs start-up time only, so it warns and
# goes on. POCKET_CDS=off disables the archive.
pocket_cds_archive() {
    local list="$POCKET_CDS_FILE.classes" cp
    cp=$(pocket_classpath)
    rm -f "$POCKET_CDS_FILE" "$POCKET_CDS_FILE.failed" "$list"
    pocket_log "preparing the class-data archive (once per build, a few seconds)"
    if java -Xshare:off -XX:DumpLoadedClassList="$list" -Xmx256m -cp "$cp" \
            -Dorg.slf4j.simpleLogger.defaultLogLevel=off io.pocket.bench.PocketMain cds-training \
            >/dev/null 2> "$POCKET_CDS_FILE.log" &&
        java -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$POCKET_CDS_FILE" -cp "$cp" \
            >> "$POCKET_CDS_FILE.log" 2>&1; then
        rm -f "$list"
    else
        rm -f "$POCKET_CDS_FILE"
        touch "$POCKET_CDS_FILE.failed"
        pocket_log "warning: no class-data archive (see $POCKET_CDS_FILE.log); commands start slower"
    fi
}

# The class path in the order the archive was made with (the archive requires the same order).
# The class path of the server commands, or the whole one when the servers' own was not written.
pocket_server_classpath() {
    if [ -f "$POCKET_SERVER_CLASSPATH_FILE" ]; then
        echo "$(<"$POCKET_SERVER_CLASSPATH_FILE")"
    else
        pocket_classpath
    fi
}

pocket_classpath() {
    if [ -f "$POCKET_CLASSPATH_FILE" ]; then
        echo "$(<"$POCKET_CLASSPATH_FILE")"
    else
        echo "$POCKET_JAR:$POCKET_LIB/*"
    fi
}
