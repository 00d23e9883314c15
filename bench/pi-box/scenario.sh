#!/bin/bash
# Runs inside the emulated Raspberry Pi 3 that bench/pi-box.sh boots, as a systemd service
# (pi-box.service), once the system is up: installs the gemini-pi package and checks what a
# Pi adds to our tests, a kernel GPIO chip and systemd as PID 1 running our unit. The
# scenarios are those of docs/pi-box.md; each line of its output goes to the console (the host
# reads it there) and to /var/lib/pi-box/transcript.log; the exit status (the number of failed
# checks) goes to /var/lib/pi-box/rc and to the last console line, then the Pi powers off.
#
# Kernel command line (set by bench/pi-box.sh):
#   pibox.break=a,b  break features on purpose, to see their checks fail (docs/pi-box.md,
#                    "Breaking it on purpose"); each is undone after its scenario
set -u

LIB=/usr/local/lib/pi-box
OUT=/var/lib/pi-box
UNIT=gemini-pi
PIN=22          # set_lamp, an output that rests low
PIN2=23         # fan, added by a reload
PORT=8765       # the fake Live server, on loopback inside the box
KEY=pi-box-placeholder-key
CHIP=gpiochip0
WAIT=240        # seconds any one wait may take: the emulated Pi is slow

mkdir -p "$OUT"
: > "$OUT/transcript.log"
exec > >(tee -a "$OUT/transcript.log" | sed -u 's/^/pibox| /') 2>&1
console_pid=$!

failures=0
breaks=",$(sed -n 's/.*pibox\.break=\([^ ]*\).*/\1/p' /proc/cmdline),"
broken() { [[ "$breaks" == *",$1,"* ]]; }

uptime_s() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "$*"; }
pass() { echo "  PASS $*"; }
fail() { echo "  FAIL $*"; failures=$((failures + 1)); }
check() {  # check DESCRIPTION COMMAND...: PASS or FAIL by the command's status
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
has() { grep -qE -- "$1" <<<"$2"; }     # has REGEX TEXT
lacks() { ! has "$@"; }

finish() {
  echo "RESULT failures=$failures uptime=$(uptime_s)"
  echo "$failures" > "$OUT/rc"
  exec >&- 2>&-
  wait "$console_pid" 2>/dev/null
  sync
  systemctl poweroff
}
trap finish EXIT

# ------------------------------------------------------------------------------ helpers
# Polls COMMAND every half second until it succeeds, for at most SECONDS.
wait_until() {
  local seconds=$1; shift
  local start; start=$(uptime_s)
  until "$@"; do
    if awk -v a="$start" -v b="$(uptime_s)" -v s="$seconds" 'BEGIN { exit !(b - a > s) }'; then
      return 1
    fi
    sleep 0.5
  done
}

mark() { cursor=$(journalctl -n 1 -o cat --show-cursor -q | sed -n 's/^-- cursor: //p'); }
since_mark() { journalctl -u "$UNIT" -o cat --no-pager ${cursor:+--after-cursor="$cursor"}; }
logged() { since_mark | grep -qF -- "$1"; }
# wait_log TEXT: the unit's journal has a line with TEXT since the last mark.
wait_log() {
  if wait_until "$WAIT" logged "$1"; then pass "journal: $1"; else fail "journal: no '$1'"; fi
}

prop() { systemctl show -p "$1" --value "$UNIT"; }
main_pid() { prop MainPID; }
is_active() { [ "$(systemctl is-active "$UNIT")" = active ]; }
# The unit is between a death and its restart, and the dead JVM's pins are free.
restarting() { [ "$(prop SubState)" = auto-restart ]; }
restarted() { [ "$(prop NRestarts)" = "$1" ] && is_active; }

level() { gpioget -c "$CHIP" --as-is "$1" 2>&1; }
# The level the kernel drives on a line that a process holds: gpioget cannot read it
# then (a line has one owner at a time), but the GPIO debugfs listing shows it.
held_level() {
  grep -E "\(GPIO$1 +\|" /sys/kernel/debug/gpio | grep -oE ' (in|out) +(hi|lo)' | tr -s ' '
}

cli() { env GEMINI_API_KEY="$KEY" gemini-pi "$@" 2>&1; }
status_json() { cli status --json; }

write_config() {
  local extra=${1:-}
  local provider=auto
  broken gpio && [ -z "${gpio_restored:-}" ] && provider=mock
  cat > /etc/gemini-pi/config.json <<EOF
{
  "gemini": { "endpoint": "ws://127.0.0.1:$PORT" },
  "gpio": { "provider": "$provider" },
  "tools": [
    { "name": "set_lamp", "description": "the lamp", "pin": $PIN, "action": "switch" }$extra
  ],
  "conversation": { "idleTimeoutSec": 600 }
}
EOF
}

drop_in() {  # drop_in NAME CONTENT: a [Service] drop-in for the unit, as a person would write
  mkdir -p "/etc/systemd/system/$UNIT.service.d"
  printf '[Service]\n%s\n' "$2" > "/etc/systemd/system/$UNIT.service.d/$1.conf"
  echo "  (broken on purpose: drop-in $1.conf: $2)"
}

# Restarts the unit and waits for the daemon. The scenario's own restarts are not a crash loop,
# so the start limit (StartLimitBurst=5 in 10 min) is reset first; a run with breaks restarts
# more often than that.
restart() { systemctl reset-failed "$UNIT"; mark; systemctl "${1:-restart}" "$UNIT"; wait_log "ready in"; }

unbreak() {  # removes the break's drop-in and restarts the unit with the real settings
  rm -f "/etc/systemd/system/$UNIT.service.d/pi-box-break.conf"
  systemctl daemon-reload
  echo "  (break undone: pi-box-break.conf removed)"
  restart
}

scenario() { echo; echo "=== scenario $1 ($(uptime_s) s since boot)"; scenario_start=$(uptime_s); }
scenario_end() { echo "--- scenario $1 took $(since "$scenario_start") s"; }

# ------------------------------------------------------------------------------ the box
say "the box: $(tr -d '\0' < /proc/device-tree/model), $(uname -r), PID 1 $(cat /proc/1/comm)"
say "systemd: $(timeout "$WAIT" systemctl is-system-running --wait) after $(uptime_s) s"
systemd-analyze 2>&1 | head -1
say "clock: $(date -u +%FT%TZ) (set from the host by pi-box-clock.service)"
gpiodetect 2>&1
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
[ -n "$breaks" ] && [ "$breaks" != ",," ] && say "broken on purpose: ${breaks//,/ }"

# ------------------------------------------------------------------------------ 1. install
scenario "1: apt-get install ./gemini-pi_*.deb, offline"
# The emulated Pi runs Java 10-20 times slower than a Pi 3 (TCG on a shared host): the unit's
# start and stop limits (the JVM's start, ExecStopPost's rest) get room, and the pause before a
# restart is long enough for a slow poll to read the pin in it; nothing else changes.
mkdir -p "/etc/systemd/system/$UNIT.service.d"
printf '[Service]\nTimeoutStartSec=900\nTimeoutStopSec=300\nRestartSec=15s\n' \
  > "/etc/systemd/system/$UNIT.service.d/pi-box-slow.conf"
broken notify && drop_in pi-box-break 'Type=simple'
install -m 0755 -d /etc/gemini-pi
printf 'GEMINI_API_KEY=%s\n' "$KEY" > /etc/gemini-pi/env
chmod 0600 /etc/gemini-pi/env
mark
cd /root || exit 1
t=$(uptime_s)
DEBIAN_FRONTEND=noninteractive apt-get install -y ./gemini-pi_*.deb \
  > "$OUT/apt.log" 2>&1
rc=$?
tail -n 4 "$OUT/apt.log"
say "apt-get install: exit $rc in $(since "$t") s"
if [ "$rc" -ne 0 ]; then
  fail "apt-get install exit $rc"; cat "$OUT/apt.log"; exit
fi
check "enabled: $(systemctl is-enabled $UNIT)" [ "$(systemctl is-enabled $UNIT)" = enabled ]
check "started by systemd: $(systemctl is-active $UNIT)" wait_until "$WAIT" is_active
wait_log "ready in"
# Active only after READY=1: systemd saw the unit active no sooner than the daemon's own
# start-up time after it exec'd the JVM (Type=simple would be active at once).
ready_ms=$(since_mark | sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' | tail -n 1)
start_us=$(prop ExecMainStartTimestampMonotonic)
active_us=$(prop ActiveEnterTimestampMonotonic)
activation_ms=$(( (active_us - start_us) / 1000 ))
say "  ExecMainStart -> active: $activation_ms ms; the daemon's 'ready in': ${ready_ms:-?} ms"
check "active only after READY=1 ($activation_ms ms >= ${ready_ms:-?} ms)" \
  test "$activation_ms" -ge "${ready_ms:-999999999}"
say "journalctl -u $UNIT -p warning, with priorities:"
unexpected=0
for p in 0 1 2 3 4; do
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    echo "    <$p> $line"
    case "$line" in
      *"matches no capture device"*|*"matches no playback device"*) ;;
      *"no playback device is open"*|*"cannot resolve"*|*"unreachable"*) ;;
      # QEMU's bcm2835 GPIO has no pull-ups: an input reads low, so the package's default
      # button (GPIO 17, active low) is "pressed" at start. True of the box, not of a Pi.
      *"button on GPIO 17 is pressed at start"*) ;;
      *) unexpected=$((unexpected + 1)) ;;
    esac
  done < <(journalctl -u "$UNIT" -p "$p..$p" -o cat --no-pager)
done
check "a warning (<4>) that there is no sound card" \
  has 'matches no capture device' "$(journalctl -u "$UNIT" -p 4..4 -o cat --no-pager)"
check "no other warnings or errors ($unexpected)" [ "$unexpected" -eq 0 ]
# A Pi without a sound card: the daemon retries the devices for ever and must still feed the
# watchdog (WatchdogSec=30; its own limit for a silent capture loop is 45 s), not be restarted.
up() { awk -v s="$(prop ExecMainStartTimestampMonotonic)" '{ printf "%d", $1 - s / 1e6 }' /proc/uptime; }
up_at_least() { [ "$(up)" -ge "$1" ]; }
wait_until "$WAIT" up_at_least 75
check "no sound card, up $(up) s: still the same process, no restart (NRestarts $(prop NRestarts))" \
  test "$(prop NRestarts)" = 0
check "the watchdog is fed with no sound card (no 'not feeding the systemd watchdog')" \
  lacks 'not feeding the systemd watchdog' "$(journalctl -u "$UNIT" -o cat --no-pager)"
# Each break is undone after its scenario, so that one boot can break them all and every other
# check still sees the real feature.
broken notify && unbreak
scenario_end 1

# ------------------------------------------------------------------------------ 2. GPIO
scenario "2: real GPIO through Pi4J gpiod: a tool call switches GPIO $PIN"
java -Xmx32m -XX:TieredStopAtLevel=1 -cp "/usr/share/gemini-pi/gemini-pi.jar:$LIB" \
  FakeLive "$PORT" > "$OUT/fake-live.log" 2>&1 &
fake_pid=$!
write_config
mark
systemctl restart "$UNIT"
wait_log "ready in"
wait_until "$WAIT" grep -q "listening on" "$OUT/fake-live.log" \
  || fail "the fake Live server did not start: $(cat "$OUT/fake-live.log")"
pid=$(main_pid)
check "the daemon holds /dev/$CHIP open" has "/dev/$CHIP" "$(ls -l /proc/"$pid"/fd)"
t=$(uptime_s)
cli say 'call set_lamp {"on":true}'
wait_log 'tool=set_lamp args={"on":true} pin=22 level=high'
say "  say -> tool call -> pin: $(since "$t") s"
grep -E "fake-live: (<-|->) (toolCall|toolResponse|\{\"toolCall)" "$OUT/fake-live.log" | sed 's/^/    /'
info=$(gpioinfo -c "$CHIP" "$PIN" 2>&1); echo "    gpioinfo: $info"
check "gpioinfo: line $PIN is an output with a consumer" has 'output.*consumer=' "$info"
echo "    /sys/kernel/debug/gpio: $(grep -E "\(GPIO$PIN +\|" /sys/kernel/debug/gpio)"
check "the kernel drives GPIO $PIN high: $(held_level $PIN)" [ "$(held_level $PIN)" = " out hi" ]
status=$(status_json); echo "    status: $status"
check "status: set_lamp on" has '"set_lamp":\{"pin":22,"on":true\}' "$status"
if broken gpio; then
  gpio_restored=1; write_config; restart
fi
scenario_end 2

# ------------------------------------------------------------------------------ 4. hardening
scenario "4: the hardening holds (run as gemini-pi, DeviceAllow, ProtectSystem=strict)"
# DevicePolicy=auto restricts nothing only when no DeviceAllow= is left: the unit's own lines are
# reset, and ProtectClock=yes (which adds "DeviceAllow=char-rtc r") is turned off with them.
broken hardening && { drop_in pi-box-break 'DevicePolicy=auto
DeviceAllow=
ProtectClock=no
ProtectSystem=no'; systemctl daemon-reload; restart; }
if broken udev; then
  # Stopped first: its ExecStopPost (gemini-pi rest, as gemini-pi) could not open a chip that
  # is already root 0600, and a failed stop fails the restart. The daemon then starts without
  # access to the chip.
  systemctl stop "$UNIT"
  mkdir -p "$OUT/udev-aside"
  mv -v /usr/lib/udev/rules.d/*gemini-pi* "$OUT/udev-aside/"
  chown root:root /dev/gpiochip*; chmod 0600 /dev/gpiochip*
  restart start
fi
pid=$(main_pid)
check "the JVM runs as $(stat -c %U /proc/"$pid")" [ "$(stat -c %U /proc/"$pid")" = gemini-pi ]
check "no capabilities: $(grep CapEff /proc/"$pid"/status | tr -s '\t ' ' ')" \
  grep -qE 'CapEff:\s+0+$' /proc/"$pid"/status
check "/dev/$CHIP is $(stat -c '%U:%G %a' /dev/$CHIP) (the package's udev rule)" \
  [ "$(stat -c '%G %a' /dev/$CHIP)" = "gpio 660" ]
check "the daemon opened /dev/$CHIP" has "/dev/$CHIP" "$(ls -l /proc/"$pid"/fd)"
# ProtectSystem=strict: in the service's mount namespace even root cannot write /etc.
out=$(nsenter -t "$pid" -m -- sh -c 'touch /etc/pi-box-probe' 2>&1)
echo "    in the unit's mount namespace, touch /etc/pi-box-probe: ${out:-written}"
check "ProtectSystem=strict: /etc is read-only for the unit" has 'Read-only file system' "$out"
rm -f /etc/pi-box-probe
# DevicePolicy=closed + DeviceAllow: a process in the unit's cgroup (even root) may open the
# GPIO chip but not /dev/mem; outside it, root may open both.
cg=/sys/fs/cgroup$(prop ControlGroup)
out=$(sh -c "echo \$\$ > $cg/cgroup.procs && { exec 3< /dev/$CHIP && echo $CHIP: opened; } \
  && { exec 4< /dev/mem && echo mem: opened; }" 2>&1)
echo "    in the unit's cgroup: $(tr '\n' ';' <<<"$out")"
check "DeviceAllow: the unit's cgroup opens /dev/$CHIP" has "$CHIP: opened" "$out"
check "DevicePolicy=closed: the unit's cgroup cannot open /dev/mem" \
  has '/dev/mem: Operation not permitted' "$out"
check "(outside the unit root can open /dev/mem)" sh -c 'exec 4< /dev/mem'
broken hardening && unbreak
if broken udev; then
  mv "$OUT"/udev-aside/* /usr/lib/udev/rules.d/
  udevadm control --reload; udevadm trigger --subsystem-match=gpio --action=add; udevadm settle
  echo "    udev rule back: /dev/$CHIP is $(stat -c '%U:%G %a' /dev/$CHIP)"
  restart
fi
scenario_end 4

# ------------------------------------------------------------------------------ 5. reload
scenario "5: systemctl reload applies a changed config; a broken one is refused"
broken reload && { drop_in pi-box-break 'ExecReload=
ExecReload=/bin/true'; systemctl daemon-reload; }
pid=$(main_pid)
write_config ",
    { \"name\": \"fan\", \"description\": \"the fan\", \"pin\": $PIN2, \"action\": \"switch\" }"
mark
systemctl reload "$UNIT"
wait_log "reloaded /etc/gemini-pi/config.json"
status=$(status_json); echo "    status: $status"
check "status: the new tool fan on GPIO $PIN2" has '"fan":\{"pin":23,"on":false\}' "$status"
info=$(gpioinfo -c "$CHIP" "$PIN2" 2>&1); echo "    gpioinfo: $info"
check "GPIO $PIN2 is now held" has 'consumer=' "$info"
cp /etc/gemini-pi/config.json "$OUT/good.json"
sed -i 's/"tools"/"toolz"/' /etc/gemini-pi/config.json
mark
systemctl reload "$UNIT"
wait_log "reload refused: "
wait_log "kept the running config"
since_mark | grep -F "reload refused" | sed 's/^/    /'
check "still active ($(systemctl is-active $UNIT))" is_active
check "the same process ($(main_pid), was $pid)" test "$(main_pid)" = "$pid"
# --socket: the CLI would otherwise read the (now broken) config to find the socket.
status=$(cli status --json --socket /run/gemini-pi/control.sock); echo "    status: $status"
check "status: the running config still has fan" has '"fan":\{"pin":23' "$status"
cp "$OUT/good.json" /etc/gemini-pi/config.json
broken reload && unbreak
scenario_end 5

# ------------------------------------------------------------------------------ 3. rest
scenario "3: pins rest after any death (ExecStopPost=gemini-pi rest)"
broken rest && { drop_in pi-box-break 'ExecStopPost='; systemctl daemon-reload; }
# Our own restarts above count against the start limit too; a crash loop starts afresh.
systemctl reset-failed "$UNIT"
restarts=$(prop NRestarts)
echo "    ExecStopPost: $(prop ExecStopPost | grep -o 'argv\[\]=[^;]*' | head -n 1)"
lamp_on() {
  if [ "$(held_level $PIN)" != " out hi" ]; then
    mark; cli say 'call set_lamp {"on":true}'; wait_log 'tool=set_lamp args={"on":true}'
  fi
  check "before: the kernel drives GPIO $PIN high ($(held_level $PIN))" \
    [ "$(held_level $PIN)" = " out hi" ]
}
after_death() {  # after_death HOW: the pin once the JVM is gone, then the restart
  local t; t=$(uptime_s)
  if wait_until "$WAIT" restarting; then
    local l; l=$(level $PIN)
    say "    $1: unit $(prop ActiveState)/$(prop SubState) after $(since "$t") s; gpioget --as-is: $l"
    check "after $1: GPIO $PIN at rest ($l)" [ "$l" = "\"$PIN\"=inactive" ]
  else
    fail "after $1: the unit never reached auto-restart ($(prop ActiveState)/$(prop SubState))"
  fi
  restarts=$((restarts + 1))
  wait_until "$WAIT" restarted "$restarts"
  check "restarted by systemd and active again (NRestarts $(prop NRestarts))" restarted "$restarts"
  wait_log "ready in"
}
lamp_on
mark
say "  kill -9 $(main_pid)"
kill -9 "$(main_pid)"
after_death "kill -9"
lamp_on
mark
say "  kill -STOP $(main_pid); WatchdogSec=$(prop WatchdogUSec)"
t=$(uptime_s)
kill -STOP "$(main_pid)"
after_death "a watchdog timeout"
journalctl -u "$UNIT" -o cat --no-pager | grep -iE 'watchdog timeout' | tail -n 1 | sed 's/^/    /'
check "systemd logged the watchdog timeout" \
  has '[Ww]atchdog timeout' "$(journalctl -u "$UNIT" -o cat --no-pager)"
say "    start limit: $(prop StartLimitBurst) starts in $(prop StartLimitIntervalUSec); NRestarts $(prop NRestarts)"
broken rest && unbreak
scenario_end 3

# ------------------------------------------------------------------------------ 6. check
scenario "6: gemini-pi check on the box"
kill "$fake_pid" 2>/dev/null
systemctl stop "$UNIT"
# The wss endpoint of the package's default config: the box has no network.
sed 's#"endpoint": "[^"]*"#"endpoint": "wss://generativelanguage.googleapis.com"#' \
  /etc/gemini-pi/config.json > "$LIB/check.json"
chmod 0644 "$LIB/check.json"
broken check && { chmod 0600 /dev/$CHIP; echo "  (broken on purpose: chmod 0600 /dev/$CHIP)"; }
run_check() {
  runuser -u gemini-pi -- env GEMINI_API_KEY="$KEY" HOME=/tmp \
    gemini-pi check --config "$LIB/check.json" 2>&1
}
out=$(run_check); echo "    check, as gemini-pi, exit $?:"; sed 's/^/      /' <<<"$out"
check "✓ GPIO chip and pins" has '^✓ GPIO: chip opened; pins 22, 23 are free' "$out"
check "✓ clock" has '^✓ clock: 20' "$out"
check "✗ sound" has '^✗ .*(capture|playback|sound)' "$out"
check "✗ network" has '^✗ endpoint: ' "$out"
check "no stack trace" lacks 'Exception|^[[:space:]]+at ' "$out"
# No RTC: what a Pi without NTP would say.
t0=$(uptime_s); e0=$(date +%s)
date -u -s @86400 > /dev/null
out=$(run_check)
date -u -s "@$(awk -v e="$e0" -v a="$t0" -v b="$(uptime_s)" 'BEGIN { printf "%d", e + b - a }')" >/dev/null
grep '^. clock' <<<"$out" | sed 's/^/    /'
check "✗ clock at 1970" has '^✗ clock: the system time is 1970-' "$out"
scenario_end 6
