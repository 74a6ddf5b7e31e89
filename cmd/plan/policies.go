package main

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/platform-team/platform/offline"
	"github.com/platform-team/platform/policies/guardrails"
	"github.com/platform-team/platform/stacks/envconfig"
)

// evaluatePolicies runs the policy pack in-process on the planned resources, with the stack's
// sample policy config (policies/config/<stack>.json) when there is one, as CI passes it.
func evaluatePolicies(r *Report, dir string, env *envconfig.Environment, res *offline.Result) error {
	cfg, err := guardrails.ReadConfig(filepath.Join(dir, "policies", "config", env.Stack+".json"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	resources := make([]guardrails.Resource, len(res.Resources))
	for i, x := range res.Resources {
		resources[i] = guardrails.Resource{URN: x.URN, Type: x.Type, Name: x.Name, Parent: x.Parent, Protect: x.Protect, Inputs: x.Inputs}
	}
	verdicts, err := guardrails.Evaluate(env, cfg, resources)
	if err != nil {
		return err
	}
	r.Policies.Evaluated = true
	for _, v := range verdicts {
		r.Policies.Violations = append(r.Policies.Violations, Violation{Policy: v.Policy, Level: v.Level, Resource: v.Resource, Message: v.Message})
	}
	return nil
}
