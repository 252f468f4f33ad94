package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// launch is a fully decided Node process: kept separate from running it so the exact argv and
// environment can be unit-tested without Node, an engine or a network.
type launch struct {
	argv []string // argv[0] is the node binary
	env  []string
	dir  string
}

// programLaunch builds the `node .../@pulumi/pulumi/cmd/run ...` invocation for Run. The flags
// are the ones cmd/run/index.js reads (it turns them into PULUMI_NODEJS_* variables for the SDK);
// config travels in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS, which the SDK reads at startup.
func programLaunch(req *pulumirpc.RunRequest, nodeBin, runScript, engineAddr string, baseEnv []string) (launch, error) {
	info := req.GetInfo()
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return launch{}, err
	}

	argv := append([]string{nodeBin}, opts.nodeargs...)
	argv = append(argv, runScript)
	flag := func(name, value string) {
		if value != "" {
			argv = append(argv, "--"+name, value)
		}
	}
	// The SDK dials the engine's resource monitor directly: @pulumi/pulumi 3.248 no longer uses
	// the synchronous-invoke pipes (--sync) the upstream host still proxies, so no proxy is needed.
	flag("monitor", req.GetMonitorAddress())
	flag("engine", engineAddr)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("root-directory", info.GetRootDirectory())
	flag("stack", req.GetStack())
	flag("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		argv = append(argv, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	argv = append(argv, info.GetEntryPoint()) // "." or a file such as index.ts, relative to --pwd
	argv = append(argv, req.GetArgs()...)

	cfg, err := programConfigJSON(req.GetConfig())
	if err != nil {
		return launch{}, err
	}
	secretKeys, err := json.Marshal(nonNil(req.GetConfigSecretKeys()))
	if err != nil {
		return launch{}, fmt.Errorf("encoding secret config keys: %w", err)
	}
	env := append(append([]string{}, baseEnv...),
		"PULUMI_CONFIG="+cfg,
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	env = append(env, typescriptEnv(opts)...)

	// Start in the project root (where Pulumi.yaml and package.json live); cmd/run then changes
	// to --pwd, the program directory, exactly as with the upstream host.
	dir := info.GetRootDirectory()
	if dir == "" {
		dir = info.GetProgramDirectory()
	}
	return launch{argv: argv, env: env, dir: dir}, nil
}

// programConfigJSON encodes config for the SDK. Keys arrive as "project:key"; the SDK accepts
// both that and the legacy "project:config:key", and we send the legacy form like the upstream
// host so that older SDK copies nested in node_modules read it too.
func programConfigJSON(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", fmt.Errorf("config key %q from the engine: %w", k, err)
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("encoding config: %w", err)
	}
	return string(b), nil
}

// typescriptEnv tells the SDK how to load TypeScript. With `typescript: true` the SDK registers
// its vendored ts-node (7.0.1) even when nodeargs already preload a loader such as tsx; both
// hooks then compile every .ts file in turn, and ts-node type-checks tsx's output and fails
// (TS7006 on generated helpers). ts-node also cannot follow the ESM "./x.js" imports of a
// NodeNext project. So when a loader is preloaded, TS_NODE_IGNORE=. makes ts-node pass every
// file straight to the preloaded loader, which then owns TypeScript.
func typescriptEnv(opts nodeOptions) []string {
	var env []string
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
		if preloadsLoader(opts.nodeargs) {
			env = append(env, "TS_NODE_IGNORE=.")
		}
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	return env
}

// preloadsLoader reports whether node arguments preload code that can install module hooks.
func preloadsLoader(nodeargs []string) bool {
	for _, a := range nodeargs {
		name, _, _ := strings.Cut(a, "=")
		switch name {
		case "--import", "--require", "-r", "--loader", "--experimental-loader":
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
