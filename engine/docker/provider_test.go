package docker_test

// End-to-end check of the shipped plugin against the local Docker engine:
// the schema must carry the names the @pulumi/docker 5.2.0 SDK sends, and a
// Network must really be created and deleted through the bridge.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
	"verifier.local/engine/plugintest"
)

// Inputs the project's infra/pulumi/docker code sets, per token, with the
// nested object types it fills; a rename in the mapping breaks deploys.
var wantInputs = map[string][]string{
	"docker:index/container:Container": {"name", "image", "user", "groupAdds", "command", "envs",
		"readOnly", "privileged", "capabilities", "securityOpts", "memory", "cpus", "tmpfs",
		"healthcheck", "wait", "waitTimeout", "restart", "stopSignal", "stopTimeout",
		"destroyGraceSeconds", "networksAdvanced", "ports", "mounts", "labels"},
	"docker:index/network:Network":         {"name", "internal", "driver", "labels"},
	"docker:index/volume:Volume":           {"name", "labels", "driver"},
	"docker:index/remoteImage:RemoteImage": {"name", "keepLocally"},
}
var wantTypes = map[string][]string{
	"docker:index/ContainerCapabilities:ContainerCapabilities":         {"adds", "drops"},
	"docker:index/ContainerHealthcheck:ContainerHealthcheck":           {"tests", "interval", "timeout", "retries", "startPeriod"},
	"docker:index/ContainerNetworksAdvanced:ContainerNetworksAdvanced": {"name", "aliases"},
	"docker:index/ContainerPort:ContainerPort":                         {"internal", "external", "ip", "protocol"},
	"docker:index/ContainerMount:ContainerMount":                       {"type", "source", "target", "readOnly"},
	"docker:index/ContainerLabel:ContainerLabel":                       {"label", "value"},
}

func TestPluginDrivesDocker(t *testing.T) {
	if out, err := exec.Command("docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		t.Fatalf("no Docker engine answers (%v: %s); start dockerd or set DOCKER_HOST", err, out)
	}
	prov := plugintest.Start(t, plugintest.Binary(t, "PULUMI_RESOURCE_DOCKER", "pulumi-resource-docker"), 400<<20)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	info, err := prov.GetPluginInfo(ctx, &emptypb.Empty{})
	if err != nil || info.GetVersion() != "5.2.0" {
		t.Fatalf("GetPluginInfo = %q, %v; want 5.2.0 (build.sh stamps it via -ldflags)", info.GetVersion(), err)
	}
	checkSchema(ctx, t, prov)

	host := os.Getenv("DOCKER_HOST")
	if host == "" {
		host = "unix:///var/run/docker.sock"
	}
	cfg := must(structpb.NewStruct(map[string]any{"host": host}))
	if _, err := prov.Configure(ctx, &pulumirpc.ConfigureRequest{
		Args: cfg, Variables: map[string]string{"docker:config:host": host},
		AcceptSecrets: true, AcceptResources: true,
	}); err != nil {
		t.Fatalf("Configure(host=%s) failed: %v", host, err)
	}

	name := fmt.Sprintf("enginetest-net-%08x", rand.Uint32())
	t.Cleanup(func() { _ = exec.Command("docker", "network", "rm", name).Run() }) // only if Delete failed
	urn := "urn:pulumi:test::enginetest::docker:index/network:Network::net"
	news := must(structpb.NewStruct(map[string]any{"name": name, "internal": true}))
	chk, err := prov.Check(ctx, &pulumirpc.CheckRequest{Urn: urn, News: news, RandomSeed: []byte("seed")})
	if err != nil || len(chk.GetFailures()) > 0 {
		t.Fatalf("Check(Network) failed: %v %v", err, chk.GetFailures())
	}
	created, err := prov.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Properties: chk.GetInputs()})
	if err != nil {
		t.Fatalf("Create(Network %s) failed: %v", name, err)
	}
	t.Logf("created network id=%s outputs.internal=%v", created.GetId(), created.GetProperties().AsMap()["internal"])
	if got := inspect(t, name, "{{.Internal}}"); got != "true" {
		t.Fatalf("docker network inspect %s: Internal=%q, want true", name, got)
	}

	if _, err := prov.Delete(ctx, &pulumirpc.DeleteRequest{Urn: urn, Id: created.GetId(),
		Properties: created.GetProperties(), OldInputs: chk.GetInputs()}); err != nil {
		t.Fatalf("Delete(Network %s) failed: %v", name, err)
	}
	if out, err := exec.Command("docker", "network", "inspect", name).CombinedOutput(); err == nil {
		t.Fatalf("network %s still exists after Delete: %s", name, out)
	}
	t.Logf("network %s deleted", name)
}

// checkSchema asserts the served schema has every token and name above.
func checkSchema(ctx context.Context, t *testing.T, prov pulumirpc.ResourceProviderClient) {
	resp, err := prov.GetSchema(ctx, &pulumirpc.GetSchemaRequest{Version: 0})
	if err != nil {
		t.Fatalf("GetSchema failed: %v", err)
	}
	var s struct {
		Resources map[string]struct{ InputProperties map[string]any } `json:"resources"`
		Types     map[string]struct{ Properties map[string]any }      `json:"types"`
	}
	if err := json.Unmarshal([]byte(resp.GetSchema()), &s); err != nil {
		t.Fatalf("GetSchema returned invalid JSON: %v", err)
	}
	for tok, names := range wantInputs {
		r, ok := s.Resources[tok]
		if !ok {
			t.Errorf("schema lacks resource %s; fix Resources/token strategy in provider/resources.go", tok)
		}
		for _, n := range names {
			if _, ok := r.InputProperties[n]; !ok {
				t.Errorf("%s: schema has no input %q (the SDK sends it); add a Fields rename", tok, n)
			}
		}
	}
	for tok, names := range wantTypes {
		for _, n := range names {
			if _, ok := s.Types[tok].Properties[n]; !ok {
				t.Errorf("type %s: no property %q", tok, n)
			}
		}
	}
	t.Logf("schema: %d resources, %d types; all %d SDK tokens checked", len(s.Resources), len(s.Types), len(wantInputs))
}

func inspect(t *testing.T, name, format string) string {
	out, err := exec.Command("docker", "network", "inspect", "--format", format, name).CombinedOutput()
	if err != nil {
		t.Fatalf("docker network inspect %s failed: %v: %s", name, err, out)
	}
	return strings.TrimSpace(string(out))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
