#!/bin/bash
# Container health probe for images without curl or wget (the .NET runtime images ship neither):
# an HTTP/1.0 GET over bash's /dev/tcp, healthy only when the status line says 200.
# Usage: bash http-health.sh [PORT] [PATH]   (default 8080 /health/ready)
set -euo pipefail
port="${1:-8080}"
path="${2:-/health/ready}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS= read -r -t 5 status <&3
[[ "${status}" == HTTP/1.?" 200"* ]]
