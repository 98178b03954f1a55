#!/bin/sh
# Started detached by the System Tests plugin, so the tests go on when the controller restarts: runs the command
# given after the first two arguments with its output to the file $1, then writes its exit code to the file $2
# (through a temporary file and a rename, so that the plugin never reads half a number).
console="$1"
exit_file="$2"
shift 2
"$@" > "$console" 2>&1
code=$?
echo "$code" > "$exit_file.tmp" && mv "$exit_file.tmp" "$exit_file"
