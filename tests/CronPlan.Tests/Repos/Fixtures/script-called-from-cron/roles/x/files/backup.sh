#!/bin/sh
# The dump, then its upload: set -e stops the upload when the dump fails.
set -e

DUMPS=/home/backup/mysql
mysqldump --no-tablespaces agama > "$DUMPS/agama.sql"
duplicity --no-encryption --full-if-older-than 7D "$DUMPS/" rsync://backup@b.example.org/mysql
