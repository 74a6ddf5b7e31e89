// Command platform is the Pulumi program of every stack; see stacks.Program.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/platform-team/platform/stacks"
)

func main() {
	pulumi.Run(stacks.Program)
}
