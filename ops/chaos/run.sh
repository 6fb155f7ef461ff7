#!/usr/bin/env bash
# Crash test on a real cluster: 3 brokers, 2 explain-processors and the sink, each its own JVM;
# processors SIGKILLed >= 5 times and one broker once, all restarted; writes out/chaos/chaos.json.
# Usage: ops/chaos/run.sh [--cameras=4] [--frames=500] [--kills=5] [--seed=7] [...]  (see --help)
# Starts from a clean out/chaos unless --work.dir is given.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
case " $* " in
  *" --work.dir="*|*" --help"*) ;;
  *) rm -rf out/chaos ;;
esac
# each child JVM gets its own small heap; the driver only reads the output
export DECOMCAM_JAVA_OPTS="${DECOMCAM_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}"
exec ./decomcam chaos "$@"
