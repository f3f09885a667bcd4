#!/bin/sh
# Runs once, when the postgres image initialises an empty data directory (as POSTGRES_USER).
# The services' login: a member of cairn_service, which the migrations grant to; it owns
# nothing, so it can neither disable the triggers that keep records from being rewritten nor
# drop what the migrations made. The password comes from the environment, never from a file.
set -eu
: "${CAIRN_APP_PASSWORD:?set CAIRN_APP_PASSWORD for the services' database login}"
psql -v ON_ERROR_STOP=1 -v app_password="$CAIRN_APP_PASSWORD" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE cairn_service NOLOGIN;
CREATE ROLE cairn_app LOGIN PASSWORD :'app_password' IN ROLE cairn_service;
SQL
