#!/usr/bin/env bash
# Regenerates the dashboard screenshots in docs/screens/ (shown in README.md) by running the
# browser test that walks every main page.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export FLEET_SCREENSHOTS_DIR="$PWD/docs/screens"
mkdir -p "$FLEET_SCREENSHOTS_DIR"
dotnet test tests/Fleet.Browser.Tests -c Release --filter "FullyQualifiedName~ScreenshotTests"
