//go:build tools

// Package tools pins the Pulumi CLI that CI builds from the Go module proxy to check that the
// offline plan passes a stack program the same config the CLI does (offline/cli_test.go). It is
// its own module so the CLI's dependencies stay out of the platform's module graph.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
