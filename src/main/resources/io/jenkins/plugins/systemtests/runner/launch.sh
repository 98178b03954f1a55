#!/bin/sh
# Started detached by the System Tests plugin, so the tests go on when the controller restarts: runs the command
# given after the first three arguments with its output to the file $1, then writes its exit code to the file $2
# (through a temporary file and a rename, so that the plugin never reads half a number).
# While this script lives, a heartbeat writes a growing count to the file $3 every few seconds: when the count stops
# changing and no exit code came, the machine restarted or its processes were killed (the plugin then ends the run
# instead of waiting for the silence timeout). The heartbeat stops with this script, whatever killed it.
console="$1"
exit_file="$2"
heartbeat="$3"
shift 3
launcher=$$
(
  beat=0
  while kill -0 "$launcher" 2>/dev/null; do
    beat=$((beat + 1))
    echo "$beat" > "$heartbeat"
    sleep 5
  done
) </dev/null >/dev/null 2>&1 &
beating=$!
"$@" > "$console" 2>&1
code=$?
kill "$beating" 2>/dev/null
echo "$code" > "$exit_file.tmp" && mv "$exit_file.tmp" "$exit_file"
