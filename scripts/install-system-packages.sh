#!/usr/bin/env bash
# Installs the Debian packages Vistelse needs beyond npm: a Java runtime for DynamoDB Local and
# Chromium for the browser tests. Safe to run again; installs only what is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: all present (java, chromium)."
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}"
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
