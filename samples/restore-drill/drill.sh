#!/usr/bin/env bash
# The restore drill: the lab's whole stack on this machine, backed up by the cron tabs `cronplan compile` writes for
# samples/lab10/cronplan.yaml (run by Debian's cron on a fake clock), then destroyed and restored twice by the commands
# of samples/lab10/backup_restore.md, exactly as written there. Finally the classic mistake: a first upload that is an
# incremental, which `cronplan check` flags and real duplicity refuses.
#
# Needs root and Debian's packages: cron faketime mariadb-server mariadb-client influxdb influxdb-client duplicity
# openssh-server openssh-client rsync curl util-linux. It changes this machine: user backup gets /home/backup and a
# key, a user elvis is the backup server's account, MariaDB's database agama and InfluxDB's telegraf are replaced.
# Run it on a machine (or container) meant for it.
#
# Environment: CRONPLAN   the command to run cronplan (default: dotnet run --project src/CronPlan.Cli --)
#              DRILL_WORK the directory for what the drill records (default: a new one under /tmp)
#              DRILL_RATE fake seconds per real second (default 30: a night of the lab takes 2.5 real minutes)
# Exit status: 0 every step passed, 1 a step failed, 3 a prerequisite is missing.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lab="$repo/samples/lab10"
work="${DRILL_WORK:-$(mktemp -d /tmp/cronplan-drill.XXXXXX)}"
rate="${DRILL_RATE:-30}"
read -r -a cronplan <<< "${CRONPLAN:-dotnet run --project $repo/src/CronPlan.Cli --}"
ssh_port=2222
mkdir -p "$work"
chmod 755 "$work"

step() { printf '\n== %s\n' "$*"; }
ok() { printf 'ok: %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*"; exit 1; }
as_backup() { runuser -u backup -- "$@"; }

# --- prerequisites -------------------------------------------------------------------------------------------------
missing=()
[ "$(id -u)" = 0 ] || missing+=("root")
for tool in cron faketime mariadbd mysql mysqldump influxd influx duplicity sshd ssh rsync curl unshare runuser timeout; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'missing: %s\n' "${missing[*]}"
  printf 'apt-get install -y cron faketime mariadb-server mariadb-client influxdb influxdb-client duplicity openssh-server openssh-client rsync curl util-linux\n'
  exit 3
fi

influxd_pid=""
cleanup() {
  [ -n "$influxd_pid" ] && kill "$influxd_pid" 2>/dev/null
  [ -f "$work/sshd.pid" ] && kill "$(cat "$work/sshd.pid")" 2>/dev/null
  service mariadb stop >/dev/null 2>&1
}
[ "${DRILL_KEEP:-0}" = 1 ] || trap cleanup EXIT
printf 'the drill records in %s\n' "$work"

# --- 1. the database host ------------------------------------------------------------------------------------------
step "1. MariaDB with the database agama, and user backup who may only read it"
service mariadb start >/dev/null || fail "MariaDB did not start"
usermod -d /home/backup -s /bin/bash backup
install -d -o backup -g backup -m 0750 /home/backup /home/backup/mysql /home/backup/influxdb /home/backup/restore
password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
mysql <<SQL || fail "could not create agama"
DROP DATABASE IF EXISTS agama;
CREATE DATABASE agama;
CREATE TABLE agama.users (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, email VARCHAR(80) NOT NULL);
CREATE TABLE agama.orders (id INT PRIMARY KEY, user_id INT NOT NULL, total DECIMAL(10,2) NOT NULL, created DATETIME NOT NULL);
INSERT INTO agama.users VALUES (1, 'Mari', 'mari@example.org'), (2, 'Jaan', 'jaan@example.org'), (3, 'Liis', 'liis@example.org');
INSERT INTO agama.orders VALUES (1, 1, 19.90, '2026-11-29 10:00:00'), (2, 2, 5.50, '2026-11-29 11:30:00');
CREATE USER IF NOT EXISTS 'backup'@'localhost';
ALTER USER 'backup'@'localhost' IDENTIFIED BY '$password';
GRANT LOCK TABLES, SELECT ON agama.* TO 'backup'@'localhost';
SQL
# The lab's own template, its one variable filled in.
sed "s/{{ mysql_backup_password }}/$password/" "$lab/roles/mysql_backup/templates/my.cnf.j2" > /home/backup/.my.cnf
chown backup:backup /home/backup/.my.cnf
chmod 0600 /home/backup/.my.cnf
as_backup mysqldump agama > /dev/null || fail "user backup cannot dump agama with its .my.cnf"
ok "agama has $(mysql -N -B agama -e 'SELECT COUNT(*) FROM users') users; backup dumps it with /home/backup/.my.cnf (mode 0600)"

step "2. InfluxDB 1.x with the database telegraf, points written over the HTTP API"
install -d -o influxdb -g influxdb /var/lib/influxdb
runuser -u influxdb -- influxd -config /etc/influxdb/influxdb.conf > "$work/influxd.log" 2>&1 &
influxd_pid=$!
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:8086/ping" && break; sleep 0.5; done
curl -sf -o /dev/null "http://127.0.0.1:8086/ping" || fail "InfluxDB did not start (see $work/influxd.log)"
influx -execute 'DROP DATABASE telegraf' >/dev/null
influx -execute 'CREATE DATABASE telegraf' || fail "could not create telegraf"
write_points() {
  curl -sf -XPOST "http://127.0.0.1:8086/write?db=telegraf&precision=s" --data-binary "$1" || fail "could not write points"
}
write_points $'cpu,host=web1 usage_user=12.5,usage_system=3.25 1764410400\ncpu,host=web1 usage_user=14.0,usage_system=2.75 1764410460\nmem,host=web1 used_percent=41.2 1764410400'
ok "telegraf holds $(influx -database telegraf -format csv -execute 'SELECT COUNT(usage_user) FROM cpu' | tail -n 1 | cut -d, -f3) cpu points"

step "3. the backup server: sshd on 127.0.0.1:$ssh_port, account elvis, backup's key authorised"
id elvis >/dev/null 2>&1 || useradd -m -s /bin/sh elvis
# The lab's backup server has the target directories pre-created for each student's account; duplicity's rsync
# backend does not create them.
rm -rf /home/elvis/mysql /home/elvis/influxdb /home/backup/.cache/duplicity
install -d -o elvis -g elvis -m 0755 /home/elvis/mysql /home/elvis/influxdb
install -d -o backup -g backup -m 0700 /home/backup/.ssh
[ -f /home/backup/.ssh/id_ed25519 ] || as_backup ssh-keygen -q -t ed25519 -N '' -f /home/backup/.ssh/id_ed25519
install -d -o elvis -g elvis -m 0700 /home/elvis/.ssh
install -o elvis -g elvis -m 0600 /home/backup/.ssh/id_ed25519.pub /home/elvis/.ssh/authorized_keys
ssh-keygen -A >/dev/null
mkdir -p /run/sshd
/usr/sbin/sshd -o ListenAddress=127.0.0.1 -o Port=$ssh_port -o PidFile="$work/sshd.pid" || fail "sshd did not start"
# backup.example.org, the name in the plan and the restore document, is this server for user backup.
cat > /home/backup/.ssh/config <<CONFIG
Host backup.example.org
  HostName 127.0.0.1
  Port $ssh_port
  HostKeyAlias backup.example.org
CONFIG
printf 'backup.example.org %s\n' "$(cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub)" > /home/backup/.ssh/known_hosts
chown backup:backup /home/backup/.ssh/config /home/backup/.ssh/known_hosts
as_backup ssh -o BatchMode=yes elvis@backup.example.org true || fail "backup cannot log in to elvis@backup.example.org"
ok "backup logs in to elvis@backup.example.org without a password; mysql/ and influxdb/ are there, empty"

# --- 2. the compiled cron tabs on the real daemon --------------------------------------------------------------------
step "4. cronplan compile samples/lab10/cronplan.yaml"
"${cronplan[@]}" compile "$lab/cronplan.yaml" -o "$work/cron.d" > "$work/compile.log" 2>&1 || { cat "$work/compile.log"; fail "compile failed"; }
diff -r "$work/cron.d" "$lab/cron.d" || fail "the compiled tabs differ from samples/lab10/cron.d"
ok "compiled $(ls "$work/cron.d" | tr '\n' ' ')(the same bytes as samples/lab10/cron.d)"

# Runs the daemon in a private mount namespace holding only the compiled tabs, on a fake clock from $1 to $2
# (UTC wall times), then waits for the jobs it started. The jobs run on the real clock: cron gives them a clean
# environment. A private /run keeps the daemon's pid file apart from any cron already running here; MariaDB's socket
# directory is bound back into it.
night() {
  local from="$1" to="$2"
  local seconds=$(( ( $(date -ud "$to" +%s) - $(date -ud "$from" +%s) ) / rate + 1 ))
  : > "$work/empty-crontab"
  mkdir -p "$work/run-mysqld"
  unshare --mount --propagation private /bin/sh -e -c "
    mount -t tmpfs tmpfs /etc/cron.d
    cp '$work'/cron.d/* /etc/cron.d/ && chmod 0644 /etc/cron.d/*
    if [ -d /var/spool/cron/crontabs ]; then mount -t tmpfs tmpfs /var/spool/cron/crontabs; fi
    if [ -e /etc/crontab ]; then mount --bind '$work/empty-crontab' /etc/crontab; fi
    mount --bind /run/mysqld '$work/run-mysqld'
    mount -t tmpfs tmpfs /run
    mkdir /run/mysqld && mount --bind '$work/run-mysqld' /run/mysqld
    TZ=UTC timeout $seconds faketime -f '@$from x$rate' /usr/sbin/cron -f -L 0 || true
  " || fail "the daemon could not be started"
  while pgrep -u backup -f 'duplicity|mysqldump|influxd backup' >/dev/null; do sleep 1; done
}

snapshot() {
  mysql -N -B agama -e 'SELECT * FROM users ORDER BY id; SELECT * FROM orders ORDER BY id' > "$1.mysql" 2>&1
  { influx -database telegraf -format csv -execute 'SELECT * FROM cpu'; influx -database telegraf -format csv -execute 'SELECT * FROM mem'; } > "$1.influx" 2>&1
}

backups() { ls "/home/elvis/$1" 2>/dev/null | grep -c "^duplicity-$2\..*\.manifest$"; }

step "5. Sunday night 2026-11-29 on the fake clock (x$rate): the dumps and the full uploads"
night "2026-11-29 22:15:00" "2026-11-29 23:29:30"
[ -s /home/backup/mysql/agama.sql ] || fail "no MySQL dump in /home/backup/mysql"
ls /home/backup/influxdb/*.manifest >/dev/null 2>&1 || fail "no InfluxDB dump in /home/backup/influxdb"
for target in mysql influxdb; do
  [ "$(backups "$target" full)" = 1 ] || fail "elvis@backup.example.org/$target holds no full backup: $(ls /home/elvis/$target 2>&1)"
done
ok "dumps written; one full backup each on elvis@backup.example.org in mysql/ and influxdb/"

step "6. Monday: new data, then the night's incremental uploads"
mysql agama -e "INSERT INTO users VALUES (4, 'Peeter', 'peeter@example.org'); INSERT INTO orders VALUES (3, 4, 42.00, '2026-11-30 09:15:00'); UPDATE users SET email = 'mari@example.com' WHERE id = 1"
write_points $'cpu,host=web1 usage_user=55.5,usage_system=9.5 1764496800\nmem,host=web1 used_percent=63.0 1764496800'
snapshot "$work/before"
night "2026-11-30 22:15:00" "2026-11-30 23:29:30"
for target in mysql influxdb; do
  [ "$(backups "$target" full)" = 1 ] && [ "$(backups "$target" inc)" = 1 ] || fail "elvis@backup.example.org/$target should hold a full and an incremental: $(ls /home/elvis/$target 2>&1)"
done
ok "a full and an incremental each; the data as backed up is recorded in before.mysql and before.influx"

# --- 3. destroy and restore ----------------------------------------------------------------------------------------
step "7. destroy: the agama tables, the telegraf database, the local dumps and duplicity's cache"
mysql agama -e 'DROP TABLE users, orders'
influx -execute 'DROP DATABASE telegraf'
rm -rf /home/backup/mysql/* /home/backup/influxdb/* /home/backup/.cache/duplicity
ok "agama has $(mysql -N -B agama -e 'SHOW TABLES' | wc -l) tables; telegraf is gone"

"${cronplan[@]}" restore-commands "$lab/backup_restore.md" > "$work/restore-commands.tsv" || fail "cannot read the restore commands"
restore() {
  local round="$1" line user command
  while IFS=$'\t' read -r line user command; do
    case "$command" in
      ansible-playbook*) printf 'skip  backup_restore.md:%s %s (the drill set up the infrastructure itself)\n' "$line" "$command"; continue ;;
      "service telegraf"*) printf 'skip  backup_restore.md:%s %s (no Telegraf in the drill: nothing writes to telegraf meanwhile)\n' "$line" "$command"; continue ;;
    esac
    printf 'run   backup_restore.md:%s as %s: %s\n' "$line" "$user" "$command"
    if [ "$user" = root ]; then (cd / && bash -c "$command"); else (cd / && runuser -u "$user" -- bash -c "$command"); fi > "$work/restore-$round-$line.log" 2>&1 \
      || { cat "$work/restore-$round-$line.log"; fail "backup_restore.md:$line failed"; }
  done < "$work/restore-commands.tsv"
  snapshot "$work/restore-$round"
  cmp -s "$work/before.mysql" "$work/restore-$round.mysql" || { diff "$work/before.mysql" "$work/restore-$round.mysql"; fail "agama differs after restore $round"; }
  cmp -s "$work/before.influx" "$work/restore-$round.influx" || { diff "$work/before.influx" "$work/restore-$round.influx"; fail "telegraf differs after restore $round"; }
}

step "8. restore by the commands of samples/lab10/backup_restore.md"
restore 1
ok "agama and telegraf hold exactly what the last backup held"

step "9. restore again, on the result of the first"
restore 2
ok "the second restore gives the same data"

# --- 4. the mistake ------------------------------------------------------------------------------------------------
step "10. incremental first: cronplan check samples/mistakes/schedule, then its upload run for real"
"${cronplan[@]}" check "$repo/samples/mistakes/schedule" --format json --rendered "$work/mistakes" > "$work/mistakes-check.json"
grep -q '"CPL4005"' "$work/mistakes-check.json" || fail "check did not flag the incremental-first upload (CPL4005)"
ok "check flags CPL4005 before anything runs"
upload="$(awk '$1 == "19" && $2 == "22" && $5 == "0" { $1 = $2 = $3 = $4 = $5 = $6 = ""; sub(/^ +/, ""); print }' "$work/mistakes/influxdb-backup")"
[ -n "$upload" ] || fail "no Sunday upload in the rendered influxdb-backup tab"
as_backup bash -c "rm -rf /home/backup/influxdb/* && influxd backup -portable -database telegraf /home/backup/influxdb" > /dev/null 2>&1
mv /home/elvis/influxdb /home/elvis/influxdb.kept
install -d -o elvis -g elvis -m 0755 /home/elvis/influxdb
rm -rf /home/backup/.cache/duplicity
printf 'run   as backup: %s\n' "$upload"
as_backup bash -c "$upload" > "$work/incremental-first.log" 2>&1
status=$?
rm -rf /home/elvis/influxdb
mv /home/elvis/influxdb.kept /home/elvis/influxdb
[ "$status" -ne 0 ] && grep -q "Old signatures not found" "$work/incremental-first.log" || { cat "$work/incremental-first.log"; fail "duplicity did not refuse the first incremental"; }
ok "duplicity refuses it (exit $status): $(grep -m1 'Old signatures not found' "$work/incremental-first.log")"

printf '\nthe drill passed\n'
