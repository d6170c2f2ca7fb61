// Package e2e holds the end-to-end tests: the real server binary, the real CLI
// and headless Chromium driven by chromedp. Every test file is native only
// (`//go:build !js`); run them with `make e2e` or `go test ./e2e`.
//
// Environment:
//
//	SGDLAB_SERVER     the server binary (default: built by `make bin/sgdlab-server`)
//	SGDLAB_CLI        the CLI binary (default: built by `make bin/sgdlab`)
//	SGDLAB_CHROMIUM   the browser (default: /usr/bin/chromium, then chromium on PATH)
//	SGDLAB_ARTIFACTS  where screenshots and logs go (default: e2e/artifacts)
//	CI=true           a missing Chromium fails the tests instead of skipping them
package e2e
