#!/usr/bin/env bash
# Prints the JVM options of the unit's ExecStart, one a line: every word between the java binary
# and -jar. install.sh's warm-up and bench/start-time.sh start java with these, so the class-data
# archive is made and measured with the flags the service runs with, not a copy that can drift
# (an archive dumped under other flags can be refused or only partly used at run time).
#
#   scripts/unit-jvm-flags.sh UNIT            the options as they are
#   scripts/unit-jvm-flags.sh UNIT ARCHIVE    -XX:SharedArchiveFile= names ARCHIVE instead
#   scripts/unit-jvm-flags.sh UNIT none       no archive: drops -XX:SharedArchiveFile= and
#                                             -XX:+AutoCreateSharedArchive
set -euo pipefail
unit="${1:?usage: unit-jvm-flags.sh UNIT [ARCHIVE|none]}"
archive="${2:-}"
[ -f "$unit" ] || { echo "unit-jvm-flags.sh: no unit file $unit" >&2; exit 1; }

# ExecStart with its backslash continuations joined.
line=$(awk '/^ExecStart=/ { f = 1 }
  f { l = $0; sub(/\\$/, "", l); s = s l " "; if ($0 !~ /\\$/) exit }
  END { sub(/^ExecStart=/, "", s); print s }' "$unit")
[ -n "$line" ] || { echo "unit-jvm-flags.sh: $unit has no ExecStart=" >&2; exit 1; }
# systemd gives quotes, $ and % a meaning of their own; plain words are all this parser splits.
case "$line" in
  *[\"\'\$%]*) echo "unit-jvm-flags.sh: $unit: ExecStart has quotes, \$ or %, which this" \
    "parser does not handle: $line" >&2; exit 1 ;;
esac

read -r -a words <<< "$line"
options=()
found_jar=0
for w in "${words[@]:1}"; do
  if [ "$w" = -jar ]; then found_jar=1; break; fi
  case "$w" in
    -XX:SharedArchiveFile=*)
      if [ "$archive" = none ]; then continue; fi
      [ -n "$archive" ] && w="-XX:SharedArchiveFile=$archive" ;;
    -XX:+AutoCreateSharedArchive)
      if [ "$archive" = none ]; then continue; fi ;;
  esac
  options+=("$w")
done
[ "$found_jar" -eq 1 ] || { echo "unit-jvm-flags.sh: $unit: ExecStart has no -jar" >&2; exit 1; }
printf '%s\n' "${options[@]}"
