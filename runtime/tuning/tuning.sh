#!/bin/bash
# The tuning table of BENCHMARKS.md, by hand (not part of the tests): builds the harness against the
# runtime's test class path, fetches the nd4j-native variants, then runs one configuration per JVM.
# Run it on a quiet machine, after `mvn install`.
set -e
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mkdir -p target
(cd .. && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=tuning/target/cp.all -Dmdep.includeScope=test)
tr ':' '\n' < target/cp.all | grep -v "nd4j-native-1.0.0-M2.1-linux-x86_64" | paste -sd: > target/cp.txt
for c in linux-x86_64 linux-x86_64-avx2 linux-x86_64-avx512 linux-x86_64-onednn-avx2 linux-x86_64-onednn-avx512; do
  mvn -B -q dependency:get -Dartifact=org.nd4j:nd4j-native:1.0.0-M2.1:jar:$c > /dev/null
done
"$JAVA_HOME/bin/javac" -cp "$(cat target/cp.txt)" -d target Tput.java
B="linux-x86_64-onednn-avx2 true reference 32 6400 HOST layerdrop"
v() { local name="$1"; shift; echo "$name: $("$@" | grep "rep 2\|single\|eval" | tr '\n' ' ')"; }
v "shipped configuration" ./run.sh $B
for c in linux-x86_64 linux-x86_64-avx2 linux-x86_64-avx512 linux-x86_64-onednn-avx512; do
  v "classifier $c" ./run.sh $c true reference 32 6400 HOST layerdrop
done
v "helpers off" ./run.sh linux-x86_64-onednn-avx2 false reference 32 6400 HOST layerdrop
v "DropoutLayer" ./run.sh linux-x86_64-onednn-avx2 true reference 32 6400 HOST
v "cache NONE" ./run.sh linux-x86_64-onednn-avx2 true reference 32 6400 NONE layerdrop
v "cache HOST on the network too" env JAVA_TOOL_OPTIONS=-Dlistcache=1 ./run.sh $B
v "workspaces NONE" env JAVA_TOOL_OPTIONS=-Dws=NONE ./run.sh $B
v "OMP_NUM_THREADS=1" env OMP_NUM_THREADS=1 ./run.sh $B
v "OMP_WAIT_POLICY=PASSIVE" env OMP_WAIT_POLICY=PASSIVE ./run.sh $B
v "ParallelGC" env JAVA_TOOL_OPTIONS=-XX:+UseParallelGC ./run.sh $B
v "off-heap 2 GiB" env JAVA_TOOL_OPTIONS=-Dorg.bytedeco.javacpp.maxbytes=2g ./run.sh $B
