#!/bin/bash
# run.sh CLASSIFIER HELPERS(true|false) Tput-args...: one harness run with that nd4j-native build.
cd "$(dirname "$0")"
C=$1; H=$2; shift 2
J=~/.m2/repository/org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-$C.jar
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx4g \
  -Dorg.eclipse.deeplearning4j.helpers.disable=$([ "$H" = true ] && echo false || echo true) \
  -cp "target:../target/classes:$J:$(cat target/cp.txt)" Tput "$@" 2>&1 | grep -v "WARN\|Unsafe\|INFO"
