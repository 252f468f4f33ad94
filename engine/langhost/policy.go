package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// RunPlugin runs a plugin written in Node. The CLI (3.248) uses it for `--policy-pack <dir>`
// whenever a `nodejs` language host is on PATH: kind "analyzer", program directory = the pack.
// Other plugin kinds (Node component providers, tools) are not used by this repository.
//
// @pulumi/policy 1.21 predates the engine's ConfigureStack handshake and expects stack, project
// and config in its environment at startup, so the SDK's PolicyProxy answers the engine first
// (printing its own port on our stdout stream), waits for ConfigureStack, and only then do we
// start Node with that configuration and let the proxy forward every call to it.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != "analyzer" {
		return fmt.Errorf("pulumi-language-nodejs: RunPlugin of kind %q (%s) is not supported; "+
			"this host runs only policy packs (kind analyzer)", req.GetKind(), req.GetInfo().GetProgramDirectory())
	}
	ctx, cancel := h.withCancel(server.Context())
	defer cancel()

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	nodeBin, err := findNode()
	if err != nil {
		return err
	}
	packDir := req.GetInfo().GetProgramDirectory()
	runScript, err := resolveModule(ctx, nodeBin, packDir, "@pulumi/pulumi/cmd/run-policy-pack")
	if err != nil {
		return err
	}

	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("pulumi-language-nodejs: starting the policy proxy for %s: %w", packDir, err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("pulumi-language-nodejs: waiting for the stack configuration of %s: %w", packDir, err)
	}
	l, err := policyLaunch(req, nodeBin, runScript, stack)
	if err != nil {
		return fmt.Errorf("pulumi-language-nodejs: policy pack %s: %w", packDir, err)
	}

	cmd := l.command(ctx)
	cmd.Stdout, cmd.Stderr = packStdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pulumi-language-nodejs: could not start %s: %w", nodeBin, err)
	}
	// Attach reads the pack's port from its stdout, connects, replays ConfigureStack, and returns
	// when the process exits.
	err = proxy.Attach(ctx, cmd)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("policy pack %s exited with code %d", packDir, exit.ExitCode())
	}
	if err != nil {
		return fmt.Errorf("pulumi-language-nodejs: policy pack %s: %w", packDir, err)
	}
	return closer.Close()
}

// policyLaunch builds `node [nodeargs] .../cmd/run-policy-pack <engine-address> <pack-dir>`.
// Unlike the upstream host, nodeargs go to node itself (upstream passes them to the script,
// whose argument parser swallows them), so `--import tsx` works for packs as for programs.
func policyLaunch(
	req *pulumirpc.RunPluginRequest, nodeBin, runScript string, stack *pulumirpc.AnalyzerStackConfigureRequest,
) (launch, error) {
	opts, err := parseOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return launch{}, err
	}
	argv := append([]string{nodeBin}, opts.nodeargs...)
	argv = append(argv, runScript)
	argv = append(argv, req.GetArgs()...) // the engine address
	argv = append(argv, req.GetInfo().GetProgramDirectory())

	env := append([]string{}, req.GetEnv()...)
	if len(env) == 0 {
		env = os.Environ()
	}
	env = append(env, typescriptEnv(opts)...)
	if stack != nil { // nil when the CLI never configures a stack, e.g. `pulumi policy publish`
		set := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		set("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
		set("PULUMI_NODEJS_PROJECT", stack.GetProject())
		set("PULUMI_NODEJS_STACK", stack.GetStack())
		set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
		if cfg := stack.GetConfig(); cfg != nil {
			b, err := json.Marshal(cfg)
			if err != nil {
				return launch{}, fmt.Errorf("encoding stack config: %w", err)
			}
			set("PULUMI_CONFIG", string(b))
		}
		if keys := stack.GetConfigSecretKeys(); keys != nil {
			b, err := json.Marshal(keys)
			if err != nil {
				return launch{}, fmt.Errorf("encoding secret config keys: %w", err)
			}
			set("PULUMI_CONFIG_SECRET_KEYS", string(b))
		}
	}
	// Policy packs have always run from their own directory; relative reads in packs rely on it.
	return launch{argv: argv, env: env, dir: req.GetInfo().GetProgramDirectory()}, nil
}
