#!/bin/sh
# Builds libpocketnative.so for this platform into OUT_DIR/<platform>/ (called by the Maven build).
# Without gcc or the kernel headers it writes OUT_DIR/<platform>/NOT-BUILT.txt with the reason and
# exits 0, so the module still builds and NativeIo reports the reason at run time.
# Usage: build.sh SRC_DIR OUT_DIR JAVA_HOME
set -eu
src="$1"
out="$2"
java_home="$3"

os=$(uname -s | tr 'A-Z' 'a-z')
arch=$(uname -m)
dir="$out/$os-$arch"
mkdir -p "$dir"
rm -f "$dir/NOT-BUILT.txt"

not_built() {
    echo "pocket-native: $1; the jar carries no native library" >&2
    echo "$1" > "$dir/NOT-BUILT.txt"
    rm -f "$dir/libpocketnative.so"
    exit 0
}

[ "$os" = "linux" ] || not_built "io_uring needs Linux, this jar was built on $os"
command -v gcc >/dev/null 2>&1 || not_built "gcc was not installed when the jar was built (install gcc, libc6-dev and linux-libc-dev, then rebuild)"
echo '#include <linux/io_uring.h>' | gcc -E -x c - >/dev/null 2>&1 \
    || not_built "<linux/io_uring.h> was missing when the jar was built (install linux-libc-dev, then rebuild)"

jni_include="$java_home/include"
[ -f "$jni_include/jni.h" ] || jni_include="$java_home/../include"
[ -f "$jni_include/jni.h" ] || not_built "jni.h was not found under $java_home when the jar was built (build with a JDK, not a JRE)"

gcc -O2 -Wall -Werror -fPIC -shared -std=gnu11 \
    -I"$jni_include" -I"$jni_include/linux" \
    -o "$dir/libpocketnative.so" "$src/pocket_native.c"
