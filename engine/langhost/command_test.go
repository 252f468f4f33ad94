package main

import (
	"reflect"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The argv and env are the whole contract with @pulumi/pulumi/cmd/run: assert them exactly.
func TestProgramLaunch(t *testing.T) {
	req := &pulumirpc.RunRequest{
		Project: "verifier", Stack: "dev", Organization: "organization",
		MonitorAddress: "127.0.0.1:1111", DryRun: true, Parallel: 16,
		Config:           map[string]string{"verifier:tier": "local"},
		ConfigSecretKeys: []string{"verifier:dbPassword"},
		Args:             []string{"extra"},
		Info: &pulumirpc.ProgramInfo{
			RootDirectory: "/repo", ProgramDirectory: "/repo/infra", EntryPoint: ".",
			Options: mustStruct(t, map[string]any{"typescript": true, "nodeargs": "--import tsx"}),
		},
	}
	l, err := programLaunch(req, "/usr/bin/node", "/repo/node_modules/@pulumi/pulumi/cmd/run/index.js",
		"127.0.0.1:2222", []string{"PATH=/bin"})
	if err != nil {
		t.Fatal(err)
	}
	wantArgv := []string{"/usr/bin/node", "--import", "tsx", "/repo/node_modules/@pulumi/pulumi/cmd/run/index.js",
		"--monitor", "127.0.0.1:1111", "--engine", "127.0.0.1:2222", "--organization", "organization",
		"--project", "verifier", "--root-directory", "/repo", "--stack", "dev", "--pwd", "/repo/infra",
		"--dry-run", "--parallel", "16", ".", "extra"}
	wantEnv := []string{"PATH=/bin", `PULUMI_CONFIG={"verifier:config:tier":"local"}`,
		`PULUMI_CONFIG_SECRET_KEYS=["verifier:dbPassword"]`, "PULUMI_NODEJS_TYPESCRIPT=true",
		"TS_NODE_IGNORE=."}
	if !reflect.DeepEqual(l.argv, wantArgv) {
		t.Errorf("argv\n got %q\nwant %q", l.argv, wantArgv)
	}
	if !reflect.DeepEqual(l.env, wantEnv) {
		t.Errorf("env\n got %q\nwant %q", l.env, wantEnv)
	}
	if l.dir != "/repo" {
		t.Errorf("dir = %q, want /repo", l.dir)
	}
}

// A non-preview run without options: no --dry-run, no TypeScript flags beyond the default,
// empty-but-valid JSON for config, and the entry point file passed through.
func TestProgramLaunchMinimal(t *testing.T) {
	req := &pulumirpc.RunRequest{
		Project: "p", Stack: "s", MonitorAddress: "m:1",
		Info: &pulumirpc.ProgramInfo{RootDirectory: "/p", ProgramDirectory: "/p", EntryPoint: "index.ts",
			Options: mustStruct(t, map[string]any{"typescript": false, "tsconfig": "tsconfig.pulumi.json"})},
	}
	l, err := programLaunch(req, "node", "run.js", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantArgv := []string{"node", "run.js", "--monitor", "m:1", "--project", "p", "--root-directory", "/p",
		"--stack", "s", "--pwd", "/p", "--parallel", "0", "index.ts"}
	wantEnv := []string{"PULUMI_CONFIG={}", "PULUMI_CONFIG_SECRET_KEYS=[]",
		"PULUMI_NODEJS_TSCONFIG_PATH=tsconfig.pulumi.json"}
	if !reflect.DeepEqual(l.argv, wantArgv) || !reflect.DeepEqual(l.env, wantEnv) {
		t.Errorf("got argv %q env %q", l.argv, l.env)
	}
}

func TestPolicyLaunch(t *testing.T) {
	req := &pulumirpc.RunPluginRequest{
		Kind: "analyzer", Args: []string{"127.0.0.1:3333"}, Env: []string{"HOME=/h"},
		Info: &pulumirpc.ProgramInfo{ProgramDirectory: "/repo/infra/policy",
			Options: mustStruct(t, map[string]any{"nodeargs": "--import tsx"})},
	}
	stack := &pulumirpc.AnalyzerStackConfigureRequest{Project: "verifier", Stack: "dev", DryRun: true,
		Config: map[string]string{"verifier:tier": "prod"}}
	l, err := policyLaunch(req, "node", "rpp.js", stack)
	if err != nil {
		t.Fatal(err)
	}
	wantArgv := []string{"node", "--import", "tsx", "rpp.js", "127.0.0.1:3333", "/repo/infra/policy"}
	wantEnv := []string{"HOME=/h", "PULUMI_NODEJS_TYPESCRIPT=true", "TS_NODE_IGNORE=.", "PULUMI_NODEJS_PROJECT=verifier",
		"PULUMI_NODEJS_STACK=dev", "PULUMI_NODEJS_DRY_RUN=true", `PULUMI_CONFIG={"verifier:tier":"prod"}`}
	if !reflect.DeepEqual(l.argv, wantArgv) || !reflect.DeepEqual(l.env, wantEnv) || l.dir != "/repo/infra/policy" {
		t.Errorf("got argv %q env %q dir %q", l.argv, l.env, l.dir)
	}
}

func TestSplitArgsAndBadOptions(t *testing.T) {
	got, err := splitArgs(`--import tsx  --title "a b" 'c d' e\ f`)
	want := []string{"--import", "tsx", "--title", "a b", "c d", "e f"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("splitArgs = %q, %v; want %q", got, err, want)
	}
	if _, err := splitArgs(`"open`); err == nil {
		t.Error("unterminated quote accepted")
	}
	if _, err := parseOptions(map[string]any{"typescript": "yes"}); err == nil {
		t.Error("non-boolean typescript accepted")
	}
}
