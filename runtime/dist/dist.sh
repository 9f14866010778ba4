#!/usr/bin/env bash
# Builds the release under target/dist/ (run it as ./digits dist):
#   digit-workbench-VERSION-linux-x86_64.tar.gz  the workbench with its own Java runtime (jlink of
#                                                 the modules jdeps finds), its bundles, features,
#                                                 the framework's jars with ND4J's natives, the
#                                                 shipped model, and a bin/digits needing no JDK
#   digit-workbench_VERSION_amd64.deb            the same under /opt/digit-workbench, digits on the
#                                                 PATH, a desktop entry, an icon, bash completion
# DIGITS_NO_BUILD=1 uses the build as it is (the tests do, after mvn package).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="${JAVA_HOME:?the JDK (./digits dist sets it)}"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
NAME="digit-workbench-$VERSION"
OUT=target/dist
STAGE="$OUT/stage/$NAME"

if [[ -z "${DIGITS_NO_BUILD:-}" ]]; then
  echo "dist: building..." >&2
  if [[ -n "${CI:-}" ]]; then mvn -B -ntp install -DskipTests >&2; else mvn -B -q install -DskipTests >&2; fi
fi
[[ -f runtime/target/framework.classpath ]] || { echo "dist: the workbench is not built (mvn install -DskipTests)" >&2; exit 1; }

rm -rf "$OUT/stage" "$OUT/deb"
mkdir -p "$STAGE"/{bin,lib/boot,runtime/conf} "$STAGE/share/applications" "$STAGE/share/icons/hicolor/scalable/apps" \
  "$STAGE/share/bash-completion/completions"

# Every jar the features and the framework's class path name, in Maven layout, as the build
# resolved them (Maven's own bookkeeping files left out).
cp -a runtime/target/repository "$STAGE/lib/repository"
find "$STAGE/lib/repository" \( -name '*.pom' -o -name '*.sha1' -o -name '*.md5' -o -name '_remote.repositories' \
  -o -name 'maven-metadata*' -o -name '*.lastUpdated' \) -delete
cp runtime/target/framework.classpath "$STAGE/lib/"
# The launcher and the feature reader it needs before the framework exists.
cp runtime/target/digits.runtime-"$VERSION".jar "$STAGE/lib/boot/"
tr ':' '\n' < runtime/target/boot.classpath | while read -r jar; do [[ -n "$jar" ]] && cp "$jar" "$STAGE/lib/boot/"; done
cp -a features "$STAGE/"
cp runtime/conf/workbench.properties runtime/conf/jvm.options "$STAGE/runtime/conf/"
mkdir -p "$STAGE/models"
cp -a models/default.zip models/default.json "$STAGE/models/"
[[ -d models/default.d ]] && { mkdir -p "$STAGE/models/default.d"; find models/default.d -maxdepth 1 -type f ! -name '*.zip' -exec cp {} "$STAGE/models/default.d/" \; ; }
cp runtime/dist/digits "$STAGE/bin/digits"
cp runtime/dist/digit-workbench.desktop "$STAGE/share/applications/"
cp runtime/dist/digit-workbench.svg "$STAGE/share/icons/hicolor/scalable/apps/"
cp runtime/dist/digits.bash-completion "$STAGE/share/bash-completion/completions/digits"

# The Java runtime: the modules jdeps finds in every jar, plus those it cannot see (found
# through ServiceLoader or reflection: zip file systems, charsets, elliptic-curve TLS for the
# dataset mirrors, the locale data). Kept between runs while the jars and the JDK are the same.
JARS=$(find "$STAGE/lib" -name '*.jar' | sort)
KEY="$("$JAVA_HOME/bin/java" -version 2>&1 | head -1) $(for j in $JARS; do basename "$j"; done | sha256sum | cut -c1-16)"
RUNTIME="$OUT/java-runtime"
if [[ ! -f "$RUNTIME.key" || "$(cat "$RUNTIME.key")" != "$KEY" || ! -x "$RUNTIME/bin/java" ]]; then
  echo "dist: finding the Java modules (jdeps)..." >&2
  RELEASE="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
  # One jar at a time: jdeps gives up on the whole set over one DL4J jar whose packages it
  # cannot place (deeplearning4j-modelimport); that jar's needs are then those of the others.
  MODULES=java.base
  for jar in $JARS; do
    if found=$("$JAVA_HOME/bin/jdeps" -q --multi-release "$RELEASE" --ignore-missing-deps --print-module-deps \
        "$jar" 2>/dev/null | tail -1) && [[ "$found" =~ ^[a-z.,]+$ ]]; then
      MODULES="$MODULES,$found"
    else
      echo "dist: jdeps cannot read $(basename "$jar"); its modules come from the others" >&2
    fi
  done
  MODULES=$(tr ',' '\n' <<< "$MODULES" | sort -u | paste -sd,)
  MODULES="$MODULES,jdk.zipfs,jdk.charsets,jdk.crypto.ec,jdk.localedata,jdk.unsupported,jdk.management"
  echo "dist: jlink $MODULES" >&2
  rm -rf "$RUNTIME"
  "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$RUNTIME"
  echo "$KEY" > "$RUNTIME.key"
fi
cp -a "$RUNTIME" "$STAGE/lib/runtime"

echo "dist: $OUT/$NAME-linux-x86_64.tar.gz" >&2
tar -C "$OUT/stage" -czf "$OUT/$NAME-linux-x86_64.tar.gz.tmp" "$NAME"
mv "$OUT/$NAME-linux-x86_64.tar.gz.tmp" "$OUT/$NAME-linux-x86_64.tar.gz"

# The .deb: the same tree under /opt, digits on the PATH, the desktop entry, icon and completion
# where the desktop and bash look. Every file belongs to the package: dpkg -r leaves nothing.
DEB="$OUT/deb"
mkdir -p "$DEB/DEBIAN" "$DEB/opt" "$DEB/usr/bin" "$DEB/usr/share"
cp -al "$STAGE" "$DEB/opt/digit-workbench"
ln -s ../../opt/digit-workbench/bin/digits "$DEB/usr/bin/digits"
cp -a "$STAGE/share/." "$DEB/usr/share/"
cat > "$DEB/DEBIAN/control" <<CONTROL
Package: digit-workbench
Version: $VERSION
Architecture: amd64
Maintainer: Digit Workbench <digit-workbench@localhost>
Installed-Size: $(du -sk "$DEB" | cut -f1)
Recommends: libgtk-3-0 | libgtk-3-0t64
Section: science
Priority: optional
Description: workbench for handwritten-digit recognizers
 Train, evaluate and use handwritten-digit recognizers: Deeplearning4j on the CPU, an OSGi
 (Apache Felix) application with an SWT window and a command line. Carries its own Java
 runtime; user data goes to ~/.local/share/digit-workbench and ~/.cache/digit-workbench.
CONTROL
echo "dist: $OUT/digit-workbench_${VERSION}_amd64.deb" >&2
dpkg-deb --root-owner-group -Zgzip --build "$DEB" "$OUT/digit-workbench_${VERSION}_amd64.deb.tmp" >/dev/null
mv "$OUT/digit-workbench_${VERSION}_amd64.deb.tmp" "$OUT/digit-workbench_${VERSION}_amd64.deb"
rm -rf "$OUT/deb"
ls -l "$OUT"/*.tar.gz "$OUT"/*.deb >&2
