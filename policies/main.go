// Command policies is the platform's policy pack, as `pulumi preview --policy-pack ./policies`
// builds and runs it: it prints its port and serves the analyzer protocol. The policies live in
// package guardrails.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/platform-team/platform/policies/guardrails"
)

func main() {
	if err := policyx.Main(guardrails.New); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
